--[[ What the photographer reads: the "3-2-1" field of each photo, the progress caption and the summary
of a finished job. Plain functions of the helper's answers (no Lightroom SDK here). ]]

local json = require 'ThreefoldJson'

local StatusText = {}

--- The photo fields of ThreefoldMetadata.lua: the text ("partial: no offsite") and the bare state.
StatusText.STATUS_FIELD = 'threefoldStatus'
StatusText.STATE_FIELD = 'threefoldState'

--- The states of the "3-2-1 state" field, as the helper names them (ThreefoldMetadata.lua lists them too).
StatusText.STATES = { 'protected', 'partial', 'unprotected', 'stale', 'missing', 'lost', 'failed' }

local function present(v)
  return v ~= nil and v ~= json.null
end

--- Decimal units, as disks are sold: 1.8 TB.
function StatusText.bytes(n)
  local units = { 'B', 'kB', 'MB', 'GB', 'TB', 'PB' }
  local unit = 1
  while unit < #units and n >= 1000 ^ unit - 0.05 * 1000 ^ (unit - 1) do unit = unit + 1 end
  local value = n / 1000 ^ (unit - 1)
  if unit == 1 or value >= 99.95 then return string.format('%d %s', math.floor(value + 0.5), units[unit]) end
  return string.format('%.1f %s', value, units[unit])
end

local function count(n, one, many)
  return string.format('%d %s', n, n == 1 and one or many)
end

local function duration(seconds)
  if seconds < 60 then return count(math.max(1, math.floor(seconds + 0.5)), 'second', 'seconds') end
  local minutes = math.floor(seconds / 60 + 0.5)
  if minutes < 60 then return count(minutes, 'minute', 'minutes') end
  return string.format('%d h %02d min', math.floor(minutes / 60), minutes % 60)
end

--[[ The "3-2-1" field of a photo from its badge in a badges answer: the state, and for a partial one
what falls short (`partial: no offsite`, `partial: 2 copies · no offsite`). ]]
function StatusText.fieldValue(badge)
  if badge.state == 'partial' then return 'partial: ' .. badge.label end
  return badge.state
end

--[[ The badge of the i-th file (1-based) of a badges answer: its columns `files.path`, `files.badge` give
each file's path and the 0-based index of its badge in `badges`. Nil for an index out of range. ]]
function StatusText.badgeOf(badgesResult, i)
  local index = badgesResult.files.badge[i]
  return type(index) == 'number' and badgesResult.badges[index + 1] or nil
end

--[[ The field values of every photo, from a badges answer: a list of { photo, value, state }.
`photosByPath` maps each original's path to the photos that show it (virtual copies share a file). ]]
function StatusText.fieldUpdates(badgesResult, photosByPath)
  local updates = {}
  local files = badgesResult.files or {}
  for i, path in ipairs(files.path or {}) do
    local photos = photosByPath[path]
    local badge = photos and StatusText.badgeOf(badgesResult, i)
    if badge then
      local value = StatusText.fieldValue(badge)
      for _, photo in ipairs(photos) do updates[#updates + 1] = { photo = photo, value = value, state = badge.state } end
    end
  end
  return updates
end

--- How far a job is, from 0 to 1 (bytes when there are any, else files).
function StatusText.portion(job)
  local p = present(job.progress) and job.progress or nil
  if not p then return 0 end
  if p.bytesTotal > 0 then return p.bytesDone / p.bytesTotal end
  if p.filesTotal > 0 then return p.filesDone / p.filesTotal end
  return 0
end

--- The caption under the progress bar.
function StatusText.progressCaption(job)
  if job.state == 'queued' then return 'Waiting for the job before it to finish…' end
  local p = present(job.progress) and job.progress or nil
  if not p then return 'Planning what to copy…' end
  local caption = string.format('%d of %d files · %s of %s', p.filesDone, p.filesTotal, StatusText.bytes(p.bytesDone), StatusText.bytes(p.bytesTotal))
  if present(p.etaSeconds) and p.filesDone < p.filesTotal then caption = caption .. ' · ' .. duration(p.etaSeconds) .. ' left' end
  return caption
end

local function fileName(path)
  return path:match('([^/\\]+)$') or path
end

--- "2,380 protected, 40 partial, 2 lost" from a status summary (states with no photo left out).
function StatusText.summaryLine(summary)
  local parts = {}
  for _, state in ipairs(StatusText.STATES) do
    local n = summary[state] or 0
    if n > 0 then parts[#parts + 1] = string.format('%d %s', n, state) end
  end
  return #parts > 0 and table.concat(parts, ', ') or 'no files'
end

local MAX_LISTED = 8

--[[ The closing dialog of a protect: a title and its text. `statusResult` is the badges answer asked for
after the job (nil when it could not be read). ]]
function StatusText.jobSummary(job, statusResult)
  local lines = {}
  local result = present(job.result) and job.result or nil
  local title
  if job.state == 'succeeded' then
    title = 'Threefold: protected'
  elseif job.state == 'cancelled' then
    title = 'Threefold: cancelled'
  else
    title = 'Threefold: not everything could be protected'
  end
  if present(job.error) then lines[#lines + 1] = job.error end
  if result then
    lines[#lines + 1] = string.format('%s (%s) copied and verified on every destination; %s already up to date.',
      count(result.files, 'file', 'files'), StatusText.bytes(result.bytes), count(result.upToDate, 'file was', 'files were'))
    local failed = result.failed or {}
    if #failed > 0 then
      lines[#lines + 1] = ''
      lines[#lines + 1] = count(#failed, 'failure', 'failures') .. ':'
      for i = 1, math.min(#failed, MAX_LISTED) do
        local f = failed[i]
        local where = present(f.destination) and (' → ' .. f.destination) or ''
        lines[#lines + 1] = string.format('• %s%s: %s', fileName(f.path), where, f.error)
      end
      if #failed > MAX_LISTED then lines[#lines + 1] = string.format('…and %d more (threefold jobs lists them all)', #failed - MAX_LISTED) end
    end
  end
  if statusResult then
    lines[#lines + 1] = ''
    lines[#lines + 1] = '3-2-1: ' .. StatusText.summaryLine(statusResult.summary)
    local note = StatusText.catalogNote(statusResult)
    if note then
      lines[#lines + 1] = ''
      lines[#lines + 1] = note
    end
  end
  return title, table.concat(lines, '\n')
end

--[[ What the photographer must know about the catalog file: Lightroom has it open (it is copied once
Lightroom has quit), and which backup of Lightroom's own stands in for it meanwhile. Nil otherwise.
From a badges answer of the plug-in's host project, where only the catalog can be busy (a note with
`busy`) and the helper adds the newest backup (`Backups/<date time>/…` beside the catalog) meanwhile. ]]
function StatusText.catalogNote(badgesResult)
  local files = badgesResult.files or {}
  local paths = files.path or {}
  local busyPath
  for _, note in ipairs(badgesResult.notes or {}) do
    if present(note.busy) and paths[note.at + 1] then busyPath = paths[note.at + 1] end
  end
  if not busyPath then return nil end
  local beside = busyPath:match('^(.*[/\\])[^/\\]*$') or ''
  local backupPath, backupBadge
  for i, path in ipairs(paths) do
    if path:sub(1, #beside) == beside and path:find('^Backups[/\\]%d%d%d%d%-%d%d%-%d%d %d%d%d%d[/\\]', #beside + 1) then
      backupPath, backupBadge = path, StatusText.badgeOf(badgesResult, i)
    end
  end
  local note = 'The catalog file: Lightroom Classic has it open, and a copy taken while it writes could be inconsistent, '
    .. 'so it is copied once Lightroom has quit (protect the catalog then, e.g. `threefold protect "' .. busyPath .. '"`).'
  if backupPath and backupBadge then
    local folder = backupPath:match('^Backups[/\\]([^/\\]+)[/\\]', #beside + 1)
    note = note .. string.format(' Meanwhile Lightroom\'s own latest backup of it (%s) is protected: %s.', folder, StatusText.fieldValue(backupBadge))
  else
    note = note .. ' Lightroom has made no backup of it beside the catalog (Catalog Settings → Back up catalog: "When Lightroom exits"); with one, Threefold protects the latest meanwhile.'
  end
  return note
end

return StatusText
