--[[ Requests to the Threefold helper and its answers, as plain data (no Lightroom SDK here). The helper
takes one request of its WebSocket protocol per `POST /api`, JSON, with the token in a header; it
answers { type = 'response', id, ok, result | error = { code, message } }. ]]

local json = require 'ThreefoldJson'

local Protocol = {}

Protocol.VERSION = 1
Protocol.CLIENT = 'Lightroom Classic'
Protocol.API_PATH = '/api'
Protocol.TOKEN_HEADER = 'X-Threefold-Token'
Protocol.DEFAULT_PORT = 7737

local nextId = 0

--- The API's address on this machine (the helper listens on 127.0.0.1 only).
function Protocol.apiUrl(port)
  return string.format('http://127.0.0.1:%d%s', port or Protocol.DEFAULT_PORT, Protocol.API_PATH)
end

--- The body of a request: its type, a fresh id, and its fields.
function Protocol.requestBody(requestType, fields)
  nextId = nextId + 1
  local request = { id = string.format('lr-%d', nextId), type = requestType }
  for k, v in pairs(fields or {}) do request[k] = v end
  return json.encode(request), request.id
end

--- Headers in LrHttp's form: a list of { field, value }.
function Protocol.requestHeaders(token)
  local headers = { { field = 'Content-Type', value = 'application/json' } }
  if token and token ~= '' then headers[#headers + 1] = { field = Protocol.TOKEN_HEADER, value = token } end
  return headers
end

--[[ What an answer means: the result, or an error { code, message, status }. `body` is nil when the
connection failed; `transportError` then says why. ]]
function Protocol.parseResponse(body, status, transportError)
  if body == nil then
    return nil, {
      code = 'unreachable',
      message = 'The Threefold helper does not answer on this computer'
        .. (transportError and (' (' .. transportError .. ')') or '')
        .. ': run Threefold setup once (INSTALL.txt of the downloads says how; it starts the helper at every login), '
        .. 'or start it with `threefold helper`.',
    }
  end
  local ok, decoded = pcall(json.decode, body)
  if not ok or type(decoded) ~= 'table' or decoded.type ~= 'response' then
    return nil, { code = 'bad-response', status = status, message = 'The helper gave an answer this plug-in does not understand (HTTP ' .. tostring(status) .. ').' }
  end
  if decoded.ok == true then return decoded.result end
  local err = type(decoded.error) == 'table' and decoded.error or {}
  return nil, { code = err.code or 'failed', message = err.message or 'the request failed', status = status }
end

--[[ The catalog and photos as the helper's `host` project: the catalog file (its companions, sidecars
and busy state are the helper's to find) and each original once. `photoPaths` may hold repeats
(virtual copies share their master's file). ]]
function Protocol.lightroomHost(name, catalogPath, photoPaths)
  local media, seen = {}, {}
  if catalogPath then
    media[#media + 1] = { path = catalogPath, role = 'catalog' }
    seen[catalogPath] = true
  end
  for _, path in ipairs(photoPaths) do
    if path and not seen[path] then
      seen[path] = true
      media[#media + 1] = { path = path, role = 'media' }
    end
  end
  return { name = name, app = 'lightroom', media = json.array(media) }
end

--[[ A key equal for two host projects exactly when they name the same files under the same name: whether a
project the helper kept (`project` of a badges answer) still stands for the photos. ]]
function Protocol.hostKey(host)
  local paths = {}
  for i, m in ipairs(host.media) do paths[i] = m.role .. ':' .. m.path end
  return host.name .. '\0' .. table.concat(paths, '\0')
end

--- The catalog's name, as Lightroom shows it: the file name without `.lrcat`.
function Protocol.catalogName(catalogPath)
  local file = catalogPath:match('([^/\\]+)$') or catalogPath
  return (file:gsub('%.[lL][rR][cC][aA][tT]$', ''))
end

--- A job from a `jobs` result, by id; nil when the helper no longer lists it.
function Protocol.findJob(jobsResult, jobId)
  for _, job in ipairs(jobsResult and jobsResult.jobs or {}) do
    if job.id == jobId then return job end
  end
  return nil
end

--- Whether a job has ended (succeeded, failed, cancelled, interrupted).
function Protocol.jobFinished(job)
  return job ~= nil and job.finishedAt ~= nil and job.finishedAt ~= json.null
end

local function percentEncoded(text)
  return (text:gsub('[^%w%-%._~/]', function(c) return string.format('%%%02X', c:byte()) end))
end

--[[ A file's path as a file: URL a browser opens (`/Users/me/a b.html` → `file:///Users/me/a%20b.html`,
`C:\Users\me\r.html` → `file:///C:/Users/me/r.html`): every byte but unreserved ones and `/` percent-encoded. ]]
function Protocol.fileUrl(path)
  local slashed = path:gsub('\\', '/')
  local drive, rest = slashed:match('^(%a:)(/.*)$')
  if drive then return 'file:///' .. drive .. percentEncoded(rest) end
  return 'file://' .. percentEncoded(slashed)
end

return Protocol
