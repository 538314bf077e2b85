-- wrk script for benchmarks/load.py. The method, body and expected text come from the
-- environment (BENCH_METHOD, BENCH_BODY, BENCH_EXPECT); headers come from wrk's -H options.
-- BENCH_PATHS (space-separated), when set, gives the paths to take in turn instead of the URL's.
-- It counts every answer that is not 2xx (wrk itself only counts >= 400, so a redirect to the
-- sign-in page would look fast) and every 2xx answer without the expected text (a form that
-- answers 200 with an error), and prints one line the Python script reads.

wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY") or ""
if body ~= "" then
   wrk.body = body
end
local expect = os.getenv("BENCH_EXPECT") or ""

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do
   table.insert(paths, path)
end
if #paths > 0 then
   local sent = 0
   function request()
      sent = sent + 1
      return wrk.format(nil, paths[sent % #paths + 1])
   end
end

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   not_2xx = 0
   unexpected = 0
end

function response(status, headers, text)
   if status < 200 or status > 299 then
      not_2xx = not_2xx + 1
   elseif expect ~= "" and not string.find(text, expect, 1, true) then
      unexpected = unexpected + 1
   end
end

function done(summary, latency, requests)
   local bad, missing = 0, 0
   for _, thread in ipairs(threads) do
      bad = bad + thread:get("not_2xx")
      missing = missing + thread:get("unexpected")
   end
   local e = summary.errors
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_us=%d not_2xx=%d unexpected=%d socket_errors=%d " ..
      "timeouts=%d p50_us=%d p99_us=%d max_us=%d\n",
      summary.requests, summary.duration, bad, missing, e.connect + e.read + e.write,
      e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
