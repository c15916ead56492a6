-- wrk script: SageMaker calls in AWS JSON 1.1 (POST /, X-Amz-Target, application/x-amz-json-1.1).
--
--   wrk -t2 -c8 -d10s --latency -s aws_json.lua URL -- describe NAMES_FILE
--   wrk ... -s aws_json.lua URL -- list          ListTrainingJobs, MaxResults 100, default order (CreationTime)
--   wrk ... -s aws_json.lua URL -- list-name     ListTrainingJobs, SortBy Name, NameContains "gamma", MaxResults 100
--
-- Every request is pre-rendered in init(); describe picks a random seeded job per request, so a server cannot
-- be flattered by answering the same job from a cache. done() prints one machine-readable "BENCH ..." line.

local requests_pool = {}
local thread_counter = 0

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_id", thread_counter)
end

-- moto_server routes by the SigV4 credential scope (it does not verify signatures): unsigned, a SageMaker call
-- would reach its S3 backend. Both servers get this header; sagetrain ignores it without --credentials-file.
local authorization = "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/sagemaker/aws4_request, " ..
  "SignedHeaders=content-type;host;x-amz-target, Signature=" .. string.rep("0", 64)

local function aws_request(operation, body)
  return wrk.format("POST", "/", {
    ["Content-Type"] = "application/x-amz-json-1.1",
    ["X-Amz-Target"] = "SageMaker." .. operation,
    ["Authorization"] = authorization,
  }, body)
end

function init(args)
  local mode = args[1] or "describe"
  -- thread_id is set by setup() before init runs in the thread's own Lua state.
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
  if mode == "describe" then
    local file = assert(io.open(assert(args[2], "describe needs a names file"), "r"))
    for name in file:lines() do
      if name ~= "" then
        requests_pool[#requests_pool + 1] =
          aws_request("DescribeTrainingJob", '{"TrainingJobName":"' .. name .. '"}')
      end
    end
    file:close()
    assert(#requests_pool > 0, "the names file is empty")
  elseif mode == "list" then
    requests_pool[1] = aws_request("ListTrainingJobs", '{"MaxResults":100}')
  elseif mode == "list-name" then
    requests_pool[1] = aws_request("ListTrainingJobs",
      '{"MaxResults":100,"SortBy":"Name","SortOrder":"Ascending","NameContains":"gamma"}')
  else
    error("unknown mode " .. mode)
  end
end

function request()
  if #requests_pool == 1 then return requests_pool[1] end
  return requests_pool[math.random(#requests_pool)]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
