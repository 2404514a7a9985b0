-- wrk script for Benchmarks/postgres.sh's load test: directory searches, referral reads and client
-- matches in turn, as a coordinator's and a case manager's screens make them. REFERRAL names a
-- referral to read; PROFILE a file with a client profile's JSON for POST /api/match.
local referral = os.getenv("REFERRAL") or "none"
local profile = nil
if os.getenv("PROFILE") then
  local file = io.open(os.getenv("PROFILE"), "r")
  profile = file:read("*a")
  file:close()
end
local paths = {
  "/services?search=food&per_page=10",
  "/services?search=housing%20help&per_page=10",
  "/services?per_page=25&page=3",
  "/api/referrals/" .. referral,
  "/api/referrals/" .. referral .. "/events",
  "/api/referrals?status=requested",
}
if profile then table.insert(paths, "match") end
local i = 0
request = function()
  i = i + 1
  local path = paths[(i % #paths) + 1]
  if path == "match" then
    -- Headers given here replace wrk's own (-H), so the token is carried over.
    return wrk.format("POST", "/api/match",
      { ["Authorization"] = wrk.headers["Authorization"], ["Content-Type"] = "application/json" }, profile)
  end
  return wrk.format("GET", path)
end
