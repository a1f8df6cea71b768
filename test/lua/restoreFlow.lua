--[[ Restore missing photos and Restore test, run against a real helper over HTTP with LuaSocket in place
of LrHttp and recorders in place of the catalog, the progress bar and the dialogs. The catalog is
protected, then the files named after the fixture are deleted (a dead drive); the photographer first
declines the restore (nothing is written), then accepts it. Usage:
lua5.1 restoreFlow.lua PORT PAIRING_CODE FIXTURE_JSON. Prints "REPORT <json>" for
test/integration/lightroomPlugin.test.ts, which checks the restored bytes. ]]
local socket = require 'socket'
local check = require 'check'
local json = require 'ThreefoldJson'
local Actions = require 'ThreefoldActions'
local socketTransport = require 'socketTransport'

local port, code, fixturePath = tonumber(arg[1]), arg[2], arg[3]
local file = assert(io.open(fixturePath, 'rb'))
local fixture = json.decode(file:read('*a'))
file:close()

local photos = {}
for i, path in ipairs(fixture.photos) do photos[i] = { name = 'photo ' .. i, path = path } end

local report = { messages = {}, confirms = {}, progress = {}, fields = {} }
local storedToken
local accept = false

local env = {
  transport = socketTransport,
  kept = {},
  port = function() return port end,
  tokens = { get = function() return storedToken end, set = function(t) storedToken = t end },
  catalog = {
    path = function() return fixture.catalog end,
    allPhotos = function() return photos end,
    selectedPhotos = function() return {} end,
    pathsOf = function(list)
      local paths = {}
      for i, p in ipairs(list) do paths[i] = p.path end
      return paths
    end,
    writeStatus = function(updates)
      for _, u in ipairs(updates) do report.fields[u.photo.name] = u.state end
    end,
  },
  progress = function(title)
    local bar = { title = title, updates = 0, done = false }
    report.progress[#report.progress + 1] = bar
    return {
      update = function() bar.updates = bar.updates + 1 end,
      isCanceled = function() return false end,
      done = function() bar.done = true end,
    }
  end,
  message = function(title, text, style) report.messages[#report.messages + 1] = { title = title, text = text, style = style } end,
  confirm = function(title, text, action)
    report.confirms[#report.confirms + 1] = { title = title, text = text, action = action }
    return accept
  end,
  sleep = function(seconds) socket.sleep(seconds) end,
}

local function lastMessage() return report.messages[#report.messages] end
local function exists(path)
  local f = io.open(path, 'rb')
  if f then f:close() end
  return f ~= nil
end

check.equal((Actions.pair(env, code)), true, 'pairing')
check.equal(Actions.restoreMissing(env), nil, 'nothing missing yet')
check.equal(lastMessage().text, 'No photo is missing: nothing to restore.', 'nothing missing is said')

local job = Actions.protect(env, 'catalog')
check.equal(job and job.state, 'succeeded', 'the catalog job')

-- The drive dies: the files of the fixture's `deleted` are gone.
for _, path in ipairs(fixture.deleted) do assert(os.remove(path)) end

-- Declined: the dry run's offer is shown, nothing is restored.
check.equal(Actions.restoreMissing(env), nil, 'declined')
local offer = report.confirms[1]
check.matches(offer.title, '^Restore ' .. #fixture.deleted .. ' missing files · [%d.]+ kB from raid%?$', 'the offer says how many, how much and from where')
check.equal(offer.action, 'Restore', 'the button')
for _, path in ipairs(fixture.deleted) do check.equal(exists(path), false, 'nothing restored when declined: ' .. path) end

-- Accepted: restored in place with a progress bar; the photos' fields say so.
accept = true
report.fields = {}
job = Actions.restoreMissing(env)
check.equal(job and job.state, 'succeeded', 'the restore job: ' .. json.encode(lastMessage()))
check.equal(job.kind, 'restore', 'a restore job')
check.equal(lastMessage().title, 'Threefold: restored', 'the closing title')
check.matches(lastMessage().text, '^' .. #fixture.deleted .. ' files %([%d.]+ kB%) restored and verified; 0 files were already there%.', 'the closing text')
check.equal(report.progress[#report.progress].title, 'Threefold: restoring missing photos', 'the progress bar')
check.truthy(report.progress[#report.progress].done, 'the progress bar ended')
for _, p in ipairs(photos) do check.truthy(report.fields[p.name] and report.fields[p.name] ~= 'missing', p.name .. ' is no longer missing') end

-- Restore test.
job = Actions.drill(env)
check.equal(job and job.kind, 'drill', 'the drill job')
check.equal(lastMessage().title, 'Threefold: restore test passed', 'the drill passed: ' .. json.encode(lastMessage()))
check.matches(lastMessage().text, '^%d+ files %(.-%) restored from raid into a temporary folder and verified byte for byte%.$', 'the drill says what it proved')

print('REPORT ' .. json.encode({ messages = report.messages }))
