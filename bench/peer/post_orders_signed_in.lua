-- POST /orders for existing users, each signed in as its user: the shared peers/post_orders.lua plus a
-- bearer token per user. USER_IDS_FILE holds one "<quoted user id> <token>" pair per line; each thread
-- walks the list from its own offset, as the shared script does.
local ids, tokens = {}, {}
local i = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  local f = assert(io.open(os.getenv("USER_IDS_FILE"), "r"))
  for line in f:lines() do
    local id, token = line:match("^(%S+)%s+(%S+)$")
    if id then table.insert(ids, id); table.insert(tokens, token) end
  end
  f:close()
  i = (tid or 1) * 7919
end
function request()
  i = i + 1
  local n = (i % #ids) + 1
  local body = string.format('{"userId":%s,"product":"Widget %d","quantity":%d,"totalPrice":%.2f}', ids[n], i % 50, (i % 5) + 1, ((i % 5) + 1) * 9.99)
  return wrk.format("POST", "/orders", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[n]}, body)
end
function done(summary, latency, requests)
  io.write(string.format("non2xx=%d p50_ms=%.2f p99_ms=%.2f\n", summary.errors.status, latency:percentile(50)/1000, latency:percentile(99)/1000))
end
