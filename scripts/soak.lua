-- `npm run soak`: the request mix over examples/basic, and a stop after a fixed number of responses.
-- Each wrk thread gets its own copy of this file, so the quota (the script argument) is per thread.
-- wrk's main thread sleeps for the whole -d duration even after every thread stopped, so reaching the
-- quota also prints a marker on which soak.mjs interrupts wrk (SIGINT makes it print its summary).

local requests = {}
local done_count = 0
local quota = 0

function init(args)
  quota = tonumber(args[1])
  local json = { ["content-type"] = "application/json" }
  requests[1] = wrk.format("GET", "/api/hello")
  requests[2] = wrk.format("GET", "/api/search?q=abc")
  requests[3] = wrk.format("POST", "/api/search", json, '{"q":"abc","page":1,"tags":["a","b"]}')
  requests[4] = wrk.format("GET", "/users/123")
end

local i = 0
function request()
  i = i % 4 + 1
  return requests[i]
end

function response(status, headers, body)
  done_count = done_count + 1
  if done_count == quota then
    io.write("SOAK-QUOTA\n")
    io.flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'SOAK {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p99":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
