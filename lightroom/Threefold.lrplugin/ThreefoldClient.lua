--[[ A client of the helper's HTTP API. The transport is given: in Lightroom, ThreefoldHttp.lua (LrHttp);
in the tests, a socket adapter. A transport's post(url, body, headers, timeoutSeconds) returns the
answer's body (nil when the connection failed), its HTTP status and, on failure, why. ]]

local Protocol = require 'ThreefoldProtocol'

local Client = {}
Client.__index = Client

--- Seconds between two looks at a running job.
Client.POLL_SECONDS = 0.5
--- Requests that carry every photo of a large catalog take a while (the helper stats each sidecar); others are quick.
local CATALOG_TIMEOUT = 600
local TIMEOUT = 30

function Client.new(transport, port, token)
  return setmetatable({ transport = transport, port = port or Protocol.DEFAULT_PORT, token = token }, Client)
end

--- One request: its result, or nil and an error { code, message, status }.
function Client:call(requestType, fields, timeout)
  local body = Protocol.requestBody(requestType, fields)
  local answer, status, transportError = self.transport.post(Protocol.apiUrl(self.port), body, Protocol.requestHeaders(self.token), timeout or TIMEOUT)
  return Protocol.parseResponse(answer, status, transportError)
end

--- Whether the helper runs, speaks this protocol and knows this plug-in's token: { paired, helperVersion }.
function Client:hello()
  return self:call('hello', { protocol = Protocol.VERSION, client = Protocol.CLIENT })
end

--- Trades the code `threefold pair` printed for a token, which this client uses from then on.
function Client:pair(code)
  local result, err = self:call('pair', { code = code, client = Protocol.CLIENT })
  if not result then return nil, err end
  self.token = result.token
  return result.token
end

--- Queues a protect of the host project; the job as queued.
function Client:protect(host)
  local result, err = self:call('protect', { host = host }, CATALOG_TIMEOUT)
  return result and result.job, err
end

--[[ The 3-2-1 badges of every file of a project (src/protocol/badges.ts): `{ host = host }` sends the
photos (the helper looks at every file again), `{ project = name }` asks by the name a badges answer gave
(the helper answers from what it keeps; a `not-found` error when it has forgotten the project). Each
distinct badge comes once and each file as an index into them: a tenth of the full status's bytes. ]]
function Client:badges(subject)
  return self:call('badges', subject, subject.host and CATALOG_TIMEOUT or TIMEOUT)
end

--[[ A restore of these files (in place): with `dryRun`, the plan at once ({ plan, warnings }); otherwise
the job as queued ({ job }). ]]
function Client:restore(targets, dryRun)
  return self:call('restore', { targets = targets, dryRun = dryRun or nil }, CATALOG_TIMEOUT)
end

--- Queues a restore test (drill) of every destination; the job as queued.
function Client:drill()
  local result, err = self:call('drill', {})
  return result and result.job, err
end

--- A finished job's HTML report: { jobId, path, url } (the helper writes it if it has not).
function Client:report(jobId)
  return self:call('report', { jobId = jobId })
end

function Client:job(jobId)
  local result, err = self:call('jobs')
  if not result then return nil, err end
  local job = Protocol.findJob(result, jobId)
  if not job then return nil, { code = 'not-found', message = string.format('the helper no longer lists job %d (was it restarted?)', jobId) } end
  return job
end

function Client:cancel(jobId)
  return self:call('cancel', { jobId = jobId })
end

--[[ Polls a job until it ends and returns it as it ended. hooks: onProgress(job) after each look,
isCanceled() (the user's cancel: sent to the helper once, then the job is followed to its end),
sleep(seconds). ]]
function Client:waitForJob(jobId, hooks)
  local cancelSent = false
  while true do
    local job, err = self:job(jobId)
    if not job then return nil, err end
    hooks.onProgress(job)
    if Protocol.jobFinished(job) then return job end
    if not cancelSent and hooks.isCanceled() then
      cancelSent = true
      self:cancel(jobId)
    end
    hooks.sleep(Client.POLL_SECONDS)
  end
end

return Client
