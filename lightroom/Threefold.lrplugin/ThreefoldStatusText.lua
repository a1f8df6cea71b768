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

--- A restore request names at most this many files (the protocol's bound).
StatusText.MAX_RESTORE_TARGETS = 1000

--[[ From a badges answer: the paths of the files that are missing and have a copy to restore from, and
how many are lost (missing, with no copy anywhere). ]]
function StatusText.restorable(badgesResult)
  local missing, lost = {}, 0
  for i, path in ipairs((badgesResult.files or {}).path or {}) do
    local badge = StatusText.badgeOf(badgesResult, i)
    if badge and badge.state == 'missing' then missing[#missing + 1] = path end
    if badge and badge.state == 'lost' then lost = lost + 1 end
  end
  return missing, lost
end

local function lostLine(lost)
  return string.format('%s missing with no copy anywhere: Threefold cannot restore %s.', count(lost, 'file is', 'files are'), lost == 1 and 'it' or 'them')
end

--- What Restore missing photos says when there is nothing it can bring back.
function StatusText.nothingToRestore(lost)
  if lost > 0 then return 'No missing file has a copy to restore from. ' .. lostLine(lost) end
  return 'No photo is missing: nothing to restore.'
end

--[[ The confirmation before a restore, from its dry run: "Restore 12 missing files · 48.0 GB from raid?",
what cannot come back and why, and what is left for another run. ]]
function StatusText.restoreOffer(plan, missing, lost)
  local bytes, sources, seen = 0, {}, {}
  local blocked = {}
  for _, f in ipairs(plan.files or {}) do
    if f.state == 'would-restore' then
      bytes = bytes + f.bytes
      if present(f.from) and not seen[f.from] then
        seen[f.from] = true
        sources[#sources + 1] = f.from
      end
    elseif f.state == 'failed' or f.state == 'not-protected' then
      blocked[#blocked + 1] = string.format('• %s: %s', fileName(f.path), present(f.note) and f.note or f.state)
    end
  end
  table.sort(sources)
  local title = string.format('Restore %s · %s%s?', count(math.min(missing, StatusText.MAX_RESTORE_TARGETS), 'missing file', 'missing files'),
    StatusText.bytes(bytes), #sources > 0 and (' from ' .. table.concat(sources, ', ')) or '')
  local lines = { 'Each file goes back where it was, verified against its recorded hash; a file found there is kept and the restored one put beside it. Lightroom finds the photos again once their files are back.' }
  if #blocked > 0 then
    lines[#lines + 1] = ''
    for i = 1, math.min(#blocked, MAX_LISTED) do lines[#lines + 1] = blocked[i] end
  end
  if missing > StatusText.MAX_RESTORE_TARGETS then
    lines[#lines + 1] = string.format('%d more files wait for the next restore (at most %d at once).', missing - StatusText.MAX_RESTORE_TARGETS, StatusText.MAX_RESTORE_TARGETS)
  end
  if lost > 0 then lines[#lines + 1] = lostLine(lost) end
  return title, table.concat(lines, '\n')
end

--- The closing dialog of a restore: a title and its text.
function StatusText.restoreSummary(job)
  local result = present(job.result) and job.result or nil
  local restore = result and present(result.restore) and result.restore or nil
  local title = job.state == 'succeeded' and 'Threefold: restored'
    or job.state == 'cancelled' and 'Threefold: restore cancelled'
    or 'Threefold: not everything could be restored'
  local lines = {}
  if present(job.error) then lines[#lines + 1] = job.error end
  if restore then
    local t = restore.totals
    lines[#lines + 1] = string.format('%s (%s) restored and verified; %s already there.', count(t.restored, 'file', 'files'), StatusText.bytes(t.bytes),
      count(t.alreadyThere, 'file was', 'files were'))
    local listed = 0
    for _, f in ipairs(restore.files) do
      if (f.state == 'failed' or f.state == 'not-protected') and listed < MAX_LISTED then
        listed = listed + 1
        local why = present(f.note) and f.note or f.state
        for _, a in ipairs(f.attempts or {}) do why = why .. '; ' .. a.destination .. ': ' .. a.error end
        lines[#lines + 1] = string.format('• %s: %s', fileName(f.path), why)
      end
    end
  end
  return title, table.concat(lines, '\n')
end

--- The closing dialog of a restore test: what it restored and verified, or what did not come back.
function StatusText.drillSummary(job)
  local result = present(job.result) and job.result or nil
  local drill = result and present(result.drill) and result.drill or nil
  if job.state == 'cancelled' then return 'Threefold: restore test cancelled', 'Nothing was recorded.' end
  if not drill then return 'Threefold: restore test failed', present(job.error) and job.error or 'The helper recorded no result.' end
  local names = {}
  for _, d in ipairs(drill.destinations or {}) do names[#names + 1] = d.destination end
  local from = #names > 0 and (' from ' .. table.concat(names, ', ')) or ''
  if drill.failures > 0 then
    local lines = { string.format('%d of %s did not come back right%s.', drill.failures, count(drill.files, 'file', 'files'), from) }
    for i, f in ipairs(result.failed or {}) do
      if i > MAX_LISTED then break end
      lines[#lines + 1] = string.format('• %s: %s', fileName(f.path), f.error)
    end
    return 'Threefold: restore test failed', table.concat(lines, '\n')
  end
  if drill.files == 0 then return 'Threefold: restore test', 'There is no verified copy to test yet: protect the catalog first.' end
  return 'Threefold: restore test passed', string.format('%s (%s) restored%s into a temporary folder and verified byte for byte.', count(drill.files, 'file', 'files'),
    StatusText.bytes(drill.bytes), from)
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
