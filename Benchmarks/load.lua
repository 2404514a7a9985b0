-- wrk script for Benchmarks/postgres.sh's load test: directory searches and referral reads in turn,
-- as a coordinator's and a case manager's screens make them. REFERRAL names a referral to read.
local referral = os.getenv("REFERRAL") or "none"
local paths = {
  "/services?search=food&per_page=10",
  "/services?search=housing%20help&per_page=10",
  "/services?per_page=25&page=3",
  "/api/referrals/" .. referral,
  "/api/referrals/" .. referral .. "/events",
  "/api/referrals?status=requested",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
