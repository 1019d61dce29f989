-- wrk script: GET /api/v1/events?cidr=<a random /48 of 2001:db8::/32>&limit=100 with a bearer
-- token (TOKEN in the environment); prints p50/p95/p99 at the end.
local token = os.getenv("TOKEN")
math.randomseed(42)
request = function()
  local cidr = string.format("2001:db8:%x::/48", math.random(0, 65535))
  return wrk.format("GET", "/api/v1/events?limit=100&cidr=" .. cidr, { ["Authorization"] = "Bearer " .. token })
end
done = function(summary, latency, requests)
  io.write(string.format("cidr: requests %d, %.1f/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
