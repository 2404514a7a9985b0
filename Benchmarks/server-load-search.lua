-- wrk script for Benchmarks/server-load.sh: coordinator searches, words in turn, with a bearer token.
local words = { "food", "housing", "legal%20aid", "job%20training", "clinic", "rent", "counseling", "shelter" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/services?per_page=10&search=" .. words[(i % #words) + 1],
    { ["Authorization"] = "Bearer " .. os.getenv("TOKEN") })
end
-- Non-2xx answers are counted by wrk ("Non-2xx or 3xx responses") and make the figure void.
