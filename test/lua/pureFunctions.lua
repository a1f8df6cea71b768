--[[ The plug-in's pure Lua (JSON, requests, answers, status texts) without a helper. Run by
test/unit/lightroomLua.test.ts with lua5.1; prints "ok <count>" when every check passed. ]]
local check = require 'check'
local json = require 'ThreefoldJson'
local Protocol = require 'ThreefoldProtocol'
local StatusText = require 'ThreefoldStatusText'

local checks = 0
local function test(name, body)
  local ok, err = pcall(body)
  if not ok then error(name .. ': ' .. tostring(err), 0) end
  checks = checks + 1
end

test('json round trip of what the helper sends', function()
  local text = [[{"a":[1,2.5,-3e2,true,false,null,"q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"],"b":{},"c":[],"n":12345678901}]]
  local v = json.decode(text)
  check.equal(v.a[3], -300, 'exponent')
  check.equal(v.a[6], json.null, 'null keeps its place')
  check.equal(v.a[7], 'q"\\/\b\f\n\r\té😀', 'escapes')
end)

test('json escapes', function()
  check.equal(json.decode('"\\u00e9"'), '\195\169', 'é as UTF-8')
  check.equal(json.encode({ path = 'Île de Ré/"a"\n' }), '{"path":"Île de Ré/\\"a\\"\\n"}', 'strings keep UTF-8, escape quotes and controls')
  check.equal(json.encode({ n = 12345678901, x = 0.5, l = json.array() }), '{"l":[],"n":12345678901,"x":0.5}', 'numbers and an empty array')
  check.equal(json.encode(json.decode('[[],{}]')), '[[],{}]', 'empty arrays and objects survive a round trip')
end)

test('json refuses bad text, naming where', function()
  for _, bad in ipairs({ '{"a":}', '[1,]', '"open', '{"a":1} x', '', 'nul', '"\\ud800"' }) do
    local ok, err = pcall(json.decode, bad)
    check.equal(ok, false, 'decoding ' .. bad)
    check.matches(err, 'json: .* at character %d+', 'error of ' .. bad)
  end
end)

test('requests carry a fresh id, their fields and the token header', function()
  local body1, id1 = Protocol.requestBody('jobs')
  local body2, id2 = Protocol.requestBody('cancel', { jobId = 7 })
  check.truthy(id1 ~= id2, 'ids differ')
  check.equal(body1, '{"id":"' .. id1 .. '","type":"jobs"}', 'a request without fields')
  check.equal(json.decode(body2).jobId, 7, 'a field')
  local headers = Protocol.requestHeaders('tok')
  check.equal(headers[1].field .. '=' .. headers[1].value, 'Content-Type=application/json', 'JSON')
  check.equal(headers[2].field .. '=' .. headers[2].value, 'X-Threefold-Token=tok', 'the token')
  check.equal(#Protocol.requestHeaders(nil), 1, 'no token header before pairing')
  check.equal(Protocol.apiUrl(7737), 'http://127.0.0.1:7737/api', 'loopback only')
end)

test('answers: a result, a refusal, a broken answer, no answer', function()
  check.equal(Protocol.parseResponse('{"type":"response","id":"x","ok":true,"result":{"n":1}}', 200).n, 1, 'result')
  local _, refused = Protocol.parseResponse('{"type":"response","ok":false,"error":{"code":"unauthorized","message":"pair first"}}', 401)
  check.equal(refused.code .. '/' .. refused.status .. '/' .. refused.message, 'unauthorized/401/pair first', 'refusal')
  local _, broken = Protocol.parseResponse('<html>', 502)
  check.equal(broken.code, 'bad-response', 'not JSON')
  local _, none = Protocol.parseResponse(nil, nil, 'connection refused')
  check.equal(none.code, 'unreachable', 'no answer')
  check.matches(none.message, 'threefold helper', 'says how to start the helper')
end)

test('the host project: catalog first, each original once', function()
  local host = Protocol.lightroomHost('Cat', '/L/Cat.lrcat', { '/p/a.nef', '/p/b.nef', '/p/a.nef' })
  check.equal(json.encode(host), '{"app":"lightroom","media":[{"path":"/L/Cat.lrcat","role":"catalog"},{"path":"/p/a.nef","role":"media"},{"path":"/p/b.nef","role":"media"}],"name":"Cat"}', 'host')
  check.equal(Protocol.catalogName('C:\\Users\\ana\\Pictures\\Lightroom\\Lightroom Catalog.lrcat'), 'Lightroom Catalog', 'Windows path')
  check.equal(Protocol.catalogName('/Users/ana/Pictures/Lightroom/Weddings 2026.LRCAT'), 'Weddings 2026', 'upper-case extension')
end)

test('the host key: the same photos under the same name, and nothing else', function()
  local key = Protocol.hostKey(Protocol.lightroomHost('Cat', '/L/Cat.lrcat', { '/p/a.nef', '/p/b.nef' }))
  check.equal(Protocol.hostKey(Protocol.lightroomHost('Cat', '/L/Cat.lrcat', { '/p/a.nef', '/p/b.nef', '/p/a.nef' })), key, 'a virtual copy changes nothing')
  for what, other in pairs({
    ['a photo fewer'] = Protocol.lightroomHost('Cat', '/L/Cat.lrcat', { '/p/a.nef' }),
    ['another order'] = Protocol.lightroomHost('Cat', '/L/Cat.lrcat', { '/p/b.nef', '/p/a.nef' }),
    ['another name'] = Protocol.lightroomHost('Cat (selected photos)', '/L/Cat.lrcat', { '/p/a.nef', '/p/b.nef' }),
    ['no catalog'] = Protocol.lightroomHost('Cat', nil, { '/L/Cat.lrcat', '/p/a.nef', '/p/b.nef' }),
  }) do
    check.truthy(Protocol.hostKey(other) ~= key, what)
  end
end)

test('jobs: found by id, finished once finishedAt is set', function()
  local jobs = json.decode('{"jobs":[{"id":3,"finishedAt":null},{"id":2,"finishedAt":"2026-01-01T00:00:00Z"}]}')
  check.equal(Protocol.jobFinished(Protocol.findJob(jobs, 3)), false, 'running')
  check.equal(Protocol.jobFinished(Protocol.findJob(jobs, 2)), true, 'finished')
  check.equal(Protocol.findJob(jobs, 9), nil, 'unknown')
end)

test('the 3-2-1 field', function()
  check.equal(StatusText.fieldValue({ state = 'protected', label = '3-2-1 ✓' }), 'protected', 'protected')
  check.equal(StatusText.fieldValue({ state = 'partial', label = 'no offsite' }), 'partial: no offsite', 'partial says what falls short')
  check.equal(StatusText.fieldValue({ state = 'missing', label = 'source missing · 2 copies to restore from' }), 'missing', 'missing')
  local a, b, c = {}, {}, {}
  -- A badges answer: each badge once, each file's badge as a 0-based index into them.
  local badges = json.decode([[{"badges":[{"state":"partial","label":"no offsite","copies":2,"media":["hdd","raid"],"offsite":0,"missing":["offsite"]},
    {"state":"lost","label":"lost","copies":0,"media":[],"offsite":0,"missing":["copies","media","offsite"]}],
    "files":{"path":["/p/a.nef","/p/c.nef","/p/x.xmp"],"size":[10,20,1],"badge":[1,0,0]},"notes":[{"at":0,"problem":"not on disk"}]}]])
  local updates = StatusText.fieldUpdates(badges, { ['/p/a.nef'] = { a, b }, ['/p/c.nef'] = { c } })
  check.equal(#updates, 3, 'both virtual copies of a.nef and c.nef, nothing for a sidecar')
  check.equal(updates[2].photo, b, 'the second photo')
  check.equal(updates[1].value .. '/' .. updates[1].state, 'lost/lost', 'value and state')
  check.equal(updates[3].photo, c, 'c.nef')
  check.equal(updates[3].value .. '/' .. updates[3].state, 'partial: no offsite/partial', 'a badge shared by two files')
  check.equal(#StatusText.fieldUpdates(badges, { ['/p/elsewhere.nef'] = { a } }), 0, 'a photo the answer does not list')
  badges.files.badge[2] = 7
  check.equal(#StatusText.fieldUpdates(badges, { ['/p/c.nef'] = { c } }), 0, 'an index out of the table is no badge')
end)

test('progress', function()
  local running = json.decode('{"state":"running","progress":{"filesDone":3,"filesTotal":12,"bytesDone":2500000000,"bytesTotal":10000000000,"rate":1,"etaSeconds":150,"destinations":[]}}')
  check.equal(StatusText.portion(running), 0.25, 'by bytes')
  check.equal(StatusText.progressCaption(running), '3 of 12 files · 2.5 GB of 10.0 GB · 3 minutes left', 'caption')
  check.equal(StatusText.progressCaption(json.decode('{"state":"running","progress":null}')), 'Planning what to copy…', 'planning')
  check.equal(StatusText.progressCaption({ state = 'queued' }), 'Waiting for the job before it to finish…', 'queued')
  check.equal(StatusText.bytes(999) .. '|' .. StatusText.bytes(1000) .. '|' .. StatusText.bytes(99950) .. '|' .. StatusText.bytes(1.8e12), '999 B|1.0 kB|100 kB|1.8 TB', 'bytes')
end)

test('the summary of a job that failed in part, with a busy catalog and its backup', function()
  local job = json.decode([[{"state":"failed","error":null,"result":{"files":12,"bytes":1500000,"seconds":3,"upToDate":1,
    "failed":[{"path":"/p/a.nef","destination":"raid","error":"no space left on the device"},{"path":"/p/b.nef","destination":null,"error":"not on disk"}]}}]])
  local status = json.decode([[{"summary":{"assets":5,"protected":2,"partial":1,"unprotected":1,"lost":1,"stale":0,"missing":0,"failed":0},
    "badges":[{"state":"unprotected","label":"1 copy","copies":1,"media":[],"offsite":0,"missing":["copies","media","offsite"]},
      {"state":"partial","label":"no offsite","copies":2,"media":["hdd","raid"],"offsite":0,"missing":["offsite"]}],
    "files":{"path":["/L/Cat.lrcat","/L/Backups/2026-04-12 1830/Cat.zip","/p/Backups/2026-01-01 0000/a.nef"],"size":[1,2,3],"badge":[0,1,0]},
    "notes":[{"at":0,"busy":"Lightroom Classic has this catalog open"}]}]])
  local title, text = StatusText.jobSummary(job, status)
  check.equal(title, 'Threefold: not everything could be protected', 'title')
  check.matches(text, '^12 files %(1%.5 MB%) copied and verified on every destination; 1 file was already up to date%.', 'counts')
  check.matches(text, '• a%.nef → raid: no space left on the device', 'a failure with its destination')
  check.matches(text, '• b%.nef: not on disk', 'a failure without one')
  check.matches(text, '3%-2%-1: 2 protected, 1 partial, 1 unprotected, 1 lost', 'states')
  check.matches(text, 'copied once Lightroom has quit', 'the busy catalog')
  check.matches(text, "latest backup of it %(2026%-04%-12 1830%) is protected: partial: no offsite", 'its backup')
  check.matches(text, 'threefold protect "/L/Cat%.lrcat"', 'the busy catalog named')
  check.equal(StatusText.catalogNote({ summary = status.summary, badges = status.badges, files = status.files, notes = json.array() }), nil, 'no busy catalog, no note')
  status.files.path[2] = '/L/Old/Backups/2026-04-12 1830/Cat.zip'
  check.matches(StatusText.catalogNote(status), 'Lightroom has made no backup of it beside the catalog', 'a backup folder elsewhere is not the catalog\'s')
  local _, calm = StatusText.jobSummary(json.decode('{"state":"succeeded","error":null,"result":{"files":0,"bytes":0,"seconds":0,"upToDate":3,"failed":[]}}'), nil)
  check.equal(calm, '0 files (0 B) copied and verified on every destination; 3 files were already up to date.', 'nothing to do')
end)

test('restore: which files, the offer, the closing text', function()
  local badges = json.decode([[{"badges":[{"state":"missing","label":"m"},{"state":"lost","label":"l"},{"state":"protected","label":"p"}],
    "files":{"path":["/p/a.nef","/p/b.nef","/p/c.nef","/p/d.nef"],"size":[1,2,3,4],"badge":[0,1,2,0]}}]])
  local missing, lost = StatusText.restorable(badges)
  check.equal(table.concat(missing, ' '), '/p/a.nef /p/d.nef', 'the missing files with a copy')
  check.equal(lost, 1, 'the lost ones counted')
  check.matches(StatusText.nothingToRestore(1), 'No missing file has a copy.*1 file is missing with no copy anywhere: Threefold cannot restore it%.', 'lost said plainly')
  local plan = json.decode([[{"files":[{"path":"/p/a.nef","state":"would-restore","from":"raid","bytes":30000000000,"note":null},
    {"path":"/p/d.nef","state":"would-restore","from":"b2","bytes":18000000000,"note":null},
    {"path":"/p/e.nef","state":"not-protected","from":null,"bytes":0,"note":"never protected"}]}]])
  local title, text = StatusText.restoreOffer(plan, 1012, 1)
  check.equal(title, 'Restore 1000 missing files · 48.0 GB from b2, raid?', 'the offer')
  check.matches(text, '• e%.nef: never protected', 'what cannot come back')
  check.matches(text, '12 more files wait for the next restore', 'what is left')
  local done = json.decode([[{"state":"failed","error":null,"result":{"restore":{"totals":{"restored":1,"bytes":2000,"alreadyThere":0},
    "files":[{"path":"/p/a.nef","state":"failed","note":"every copy failed","attempts":[{"destination":"raid","error":"hash differs"}]}]}}}]])
  local summaryTitle, summary = StatusText.restoreSummary(done)
  check.equal(summaryTitle, 'Threefold: not everything could be restored', 'restore title')
  check.matches(summary, '• a%.nef: every copy failed; raid: hash differs', 'each reason')
end)

test('restore test: passed, failed, cancelled', function()
  local passed = json.decode([[{"state":"succeeded","error":null,"result":{"failed":[],"drill":{"files":20,"bytes":1200000000,"failures":0,
    "destinations":[{"destination":"raid"},{"destination":"b2"}]}}}]])
  local title, text = StatusText.drillSummary(passed)
  check.equal(title, 'Threefold: restore test passed', 'passed')
  check.equal(text, '20 files (1.2 GB) restored from raid, b2 into a temporary folder and verified byte for byte.', 'what it proved')
  local failed = json.decode([[{"state":"failed","error":null,"result":{"failed":[{"path":"/p/a.nef","destination":null,"error":"hash differs"}],
    "drill":{"files":20,"bytes":1,"failures":1,"destinations":[{"destination":"raid"}]}}}]])
  title, text = StatusText.drillSummary(failed)
  check.equal(title, 'Threefold: restore test failed', 'failed')
  check.matches(text, '^1 of 20 files did not come back right from raid%.\n• a%.nef: hash differs$', 'what failed')
  check.equal((StatusText.drillSummary(json.decode('{"state":"cancelled","error":null,"result":null}'))), 'Threefold: restore test cancelled', 'cancelled')
end)

test('a report file as a URL the browser opens', function()
  check.equal(Protocol.fileUrl('/Users/me/Threefold/reports/job-12.html'), 'file:///Users/me/Threefold/reports/job-12.html', 'a plain path')
  check.equal(Protocol.fileUrl('/Users/me/My Reports/#1 é.html'), 'file:///Users/me/My%20Reports/%231%20%C3%A9.html', 'spaces, # and UTF-8 encoded')
  check.equal(Protocol.fileUrl('C:\\Users\\me\\reports\\job-3.html'), 'file:///C:/Users/me/reports/job-3.html', 'a Windows path')
  check.equal(Protocol.fileUrl('/tmp/a:b?c.html'), 'file:///tmp/a%3Ab%3Fc.html', 'a colon and a question mark in a name')
end)

print('ok ' .. checks)
