-- wrk script of the load benchmark (scripts/loadbench/run.py).
--
-- Usage: wrk ... -s wrk.lua <url> -- <targets file>
-- The targets file holds one request per line, "path<TAB>Cookie header" (the cookie may be
-- empty). Each connection's requests cycle through the lines, so a page is requested as many
-- different users' comparisons, not as one hot URL. At the end one line is printed for
-- run.py: requests done, seconds, latency percentiles (microseconds) and the errors: socket
-- errors (connect, read, write, timeout) and responses that are not 2xx.

local threads = {}

function setup(thread)
   thread:set("thread_number", #threads)
   table.insert(threads, thread)
end

function init(args)
   queue = {}
   for line in io.lines(args[1]) do
      local path, cookie = line:match("^([^\t]+)\t?(.*)$")
      local headers = {}
      if cookie ~= "" then
         headers["Cookie"] = cookie
      end
      table.insert(queue, wrk.format("GET", path, headers))
   end
   position = thread_number % #queue -- threads start at different places
   non2xx = 0
end

function request()
   position = position % #queue + 1
   return queue[position]
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
   end
end

function done(summary, latency, requests)
   local not_ok = 0
   for _, thread in ipairs(threads) do
      not_ok = not_ok + thread:get("non2xx")
   end
   local e = summary.errors
   io.write(string.format(
      "LOADBENCH requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d "
         .. "socket_errors=%d non2xx=%d\n",
      summary.requests, summary.duration,
      latency:percentile(50), latency:percentile(95), latency:percentile(99),
      e.connect + e.read + e.write + e.timeout, not_ok
   ))
end
