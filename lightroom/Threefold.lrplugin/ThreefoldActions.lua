--[[ The plug-in's menu items and its pairing, written against an environment of small adapters
(ThreefoldLightroom.lua builds it from the Lightroom SDK) so that every decision here runs in a test:
  env.transport                      HTTP (LrHttp in Lightroom)
  env.port()                         the helper's port
  env.tokens.get() / .set(token)     the pairing token (LrPasswords)
  env.catalog.path() / .allPhotos() / .selectedPhotos() / .pathsOf(photos) / .writeStatus(updates)
  env.progress(title)                { update(portion, caption), isCanceled(), done() } (LrProgressScope)
  env.message(title, text, style)    a dialog (LrDialogs)
  env.confirm(title, text, action, cancel)
                                     true when the photographer chooses the action (LrDialogs.confirm)
  env.openFile(path)                 opens a file in the browser (LrHttp.openUrlInBrowser; optional)
  env.sleep(seconds)                 (LrTasks)
  env.kept                           a table kept while the plug-in is loaded (optional): the name of the
                                     project the helper keeps for the last photos sent ]]

local Client = require 'ThreefoldClient'
local Protocol = require 'ThreefoldProtocol'
local StatusText = require 'ThreefoldStatusText'

local Actions = {}

local NOT_PAIRED = 'Pair this plug-in with the Threefold helper first: enter the code Threefold setup showed '
  .. '(or `threefold pair` prints) in File → Plug-in Manager → Threefold.'

--- A client whose token the helper accepts, or nil and what the photographer should do.
local function connect(env)
  local token = env.tokens.get()
  if token == nil or token == '' then return nil, NOT_PAIRED end
  local client = Client.new(env.transport, env.port(), token)
  local hello, err = client:hello()
  if hello then return client end
  if err.code == 'unauthorized' then return nil, 'The helper no longer knows this plug-in (unpaired, or another computer). ' .. NOT_PAIRED end
  return nil, err.message
end

--[[ The host project of a scope ('catalog': every photo and the catalog file; 'selected': the selected
photos), and the photos of each original's path. Nil when there is nothing to send. ]]
local function hostOf(env, scope)
  local catalogPath = env.catalog.path()
  local photos = scope == 'selected' and env.catalog.selectedPhotos() or env.catalog.allPhotos()
  local paths = env.catalog.pathsOf(photos)
  local photosByPath, ordered = {}, {}
  for i, photo in ipairs(photos) do
    local path = paths[i]
    if path then
      if not photosByPath[path] then
        photosByPath[path] = {}
        ordered[#ordered + 1] = path
      end
      table.insert(photosByPath[path], photo)
    end
  end
  local name = Protocol.catalogName(catalogPath)
  if scope == 'selected' then
    if #ordered == 0 then return nil end
    return Protocol.lightroomHost(name .. ' (selected photos)', nil, ordered), photosByPath
  end
  return Protocol.lightroomHost(name, catalogPath, ordered), photosByPath
end

--[[ The badges of a host project. `byName`: ask by the name the helper gave these same photos last time
(it answers from what it keeps, which a job's statuses update as they come), and send the photos again
only when it has forgotten them; otherwise the photos are sent, and the helper looks at every file. ]]
local function readBadges(env, client, host, byName)
  local kept = env.kept
  local key = kept and Protocol.hostKey(host)
  if byName and kept and kept.project and kept.key == key then
    local badges, err = client:badges({ project = kept.project })
    if badges or err.code ~= 'not-found' then return badges, err end
    kept.project = nil
  end
  local badges, err = client:badges({ host = host })
  if badges and kept then
    local project = badges.project
    kept.key, kept.project = key, type(project) == 'string' and project or nil
  end
  return badges, err
end

--- Writes each photo's 3-2-1 fields from a badges answer; returns how many photos were updated.
local function writeStatus(env, status, photosByPath)
  local updates = StatusText.fieldUpdates(status, photosByPath)
  env.catalog.writeStatus(updates)
  return #updates
end

--[[ A job followed to its end with a progress bar (cancel stops it); the finished job, or nil once the
failure has been said. ]]
local function follow(env, client, job, title)
  local progress = env.progress(title)
  local finished, err = client:waitForJob(job.id, {
    sleep = env.sleep,
    isCanceled = progress.isCanceled,
    onProgress = function(j) progress.update(StatusText.portion(j), StatusText.progressCaption(j)) end,
  })
  progress.done()
  if not finished then env.message('Threefold', err.message, 'critical') end
  return finished
end

--- A connected client, or nil once the photographer has been told what to do.
local function connected(env)
  local client, why = connect(env)
  if not client then env.message('Threefold', why, 'critical') end
  return client
end

--[[ The dialog after a job: its summary, and where its report is, with a button that opens the report in
the browser. Without a report (a helper that has none, or cannot write it) the summary alone. ]]
local function closingDialog(env, client, job, title, text)
  local report = client:report(job.id)
  if not report or not env.openFile then
    env.message(title, text, job.state == 'succeeded' and 'info' or 'warning')
    return
  end
  if env.confirm(title, text .. '\n\nReport: ' .. report.path, 'View report', 'Close') then env.openFile(report.path) end
end

--[[ Protect catalog (3-2-1) and Protect selected photos: queues the job, follows it with a progress
bar (cancel stops it), writes the photos' 3-2-1 fields and sums up. Returns the finished job, or nil. ]]
function Actions.protect(env, scope)
  local client = connected(env)
  if not client then return nil end
  local host, photosByPath = hostOf(env, scope)
  if not host then
    env.message('Threefold', 'Select the photos to protect first.', 'info')
    return nil
  end
  local job, err = client:protect(host)
  if not job then
    env.message('Threefold could not start', err.message, 'critical')
    return nil
  end
  local finished = follow(env, client, job, 'Threefold: protecting ' .. host.name)
  if not finished then return nil end
  -- Without the status the job's own summary still stands. The job's statuses have updated what the helper
  -- keeps of these photos: asked by name when it knows them, they need not be sent and looked at again.
  local status = readBadges(env, client, host, true)
  if status then writeStatus(env, status, photosByPath) end
  local title, text = StatusText.jobSummary(finished, status)
  closingDialog(env, client, finished, title, text)
  return finished
end

--[[ The catalog's photos and what the helper knows of each now, read in full (by name it would answer from
what it last saw); nil after telling the photographer why not. ]]
local function catalogStatus(env)
  local client = connected(env)
  if not client then return nil end
  local host, photosByPath = hostOf(env, 'catalog')
  local status, err = readBadges(env, client, host, false)
  if not status then
    env.message('Threefold', err.message, 'critical')
    return nil
  end
  return client, host, photosByPath, status
end

--- Refresh 3-2-1 status: every photo's fields from what the helper knows now (nothing is copied).
function Actions.refresh(env)
  local client, _, photosByPath, status = catalogStatus(env)
  if not client then return nil end
  local updated = writeStatus(env, status, photosByPath)
  local text = string.format('3-2-1 status of %d photos updated.\n%s', updated, StatusText.summaryLine(status.summary))
  local note = StatusText.catalogNote(status)
  env.message('Threefold', note and (text .. '\n\n' .. note) or text, 'info')
  return status
end

--[[ Restore missing photos: every file of the catalog's photos (originals, sidecars) that is missing and
has a verified copy, put back where it was, after the photographer has seen what would come from where.
Lightroom finds a photo again once its file is back at its path. Returns the finished job, or nil. ]]
function Actions.restoreMissing(env)
  local client, host, photosByPath, status = catalogStatus(env)
  if not client then return nil end
  local missing, lost = StatusText.restorable(status)
  if #missing == 0 then
    env.message('Threefold', StatusText.nothingToRestore(lost), 'info')
    return nil
  end
  local targets = {}
  for i = 1, math.min(#missing, StatusText.MAX_RESTORE_TARGETS) do targets[i] = missing[i] end
  local dry
  dry, err = client:restore(targets, true)
  if not dry then
    env.message('Threefold could not plan the restore', err.message, 'critical')
    return nil
  end
  local title, text = StatusText.restoreOffer(dry.plan, #missing, lost)
  if not env.confirm(title, text, 'Restore') then return nil end
  local queued
  queued, err = client:restore(targets, false)
  if not queued then
    env.message('Threefold could not start', err.message, 'critical')
    return nil
  end
  local finished = follow(env, client, queued.job, 'Threefold: restoring missing photos')
  if not finished then return nil end
  local after = readBadges(env, client, host, false)
  if after then writeStatus(env, after, photosByPath) end
  local summaryTitle, summary = StatusText.restoreSummary(finished)
  env.message(summaryTitle, summary, finished.state == 'succeeded' and 'info' or 'warning')
  return finished
end

--[[ Restore test: a sample of the copies on every destination restored into a temporary folder and
verified (the helper's drill); says what it proved. Returns the finished job, or nil. ]]
function Actions.drill(env)
  local client = connected(env)
  if not client then return nil end
  local job, err = client:drill()
  if not job then
    env.message('Threefold could not start', err.message, 'critical')
    return nil
  end
  local finished = follow(env, client, job, 'Threefold: restore test')
  if not finished then return nil end
  local title, text = StatusText.drillSummary(finished)
  env.message(title, text, finished.state == 'succeeded' and 'info' or 'warning')
  return finished
end

--[[ Pairing from the Plug-in Manager: trades the code for a token and keeps it. Returns true and a
message, or false and what went wrong. ]]
function Actions.pair(env, code)
  local trimmed = (code or ''):gsub('^%s+', ''):gsub('%s+$', '')
  if trimmed == '' then return false, 'Enter the code Threefold setup showed (or `threefold pair` printed).' end
  local client = Client.new(env.transport, env.port(), nil)
  local hello, err = client:hello()
  if not hello then return false, err.message end
  local token
  token, err = client:pair(trimmed)
  if not token then return false, err.message end
  env.tokens.set(token)
  return true, 'Paired with the Threefold helper ' .. hello.helperVersion .. '.'
end

--- What the Plug-in Manager shows: whether the helper runs and knows this plug-in.
function Actions.connectionState(env)
  local client, why = connect(env)
  if not client then return why end
  return 'Paired with the Threefold helper on 127.0.0.1:' .. env.port() .. '.'
end

return Actions
