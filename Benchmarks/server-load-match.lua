-- wrk script for Benchmarks/server-load.sh: POST /api/match with one client profile and a bearer token.
local file = io.open(os.getenv("PROFILE"), "r")
wrk.method = "POST"
wrk.path = "/api/match"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
