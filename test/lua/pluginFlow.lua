--[[ The plug-in's menu items and pairing, run against a real helper over HTTP: the plug-in's own Lua
with LuaSocket in place of LrHttp, and small recorders in place of the catalog, the progress bar and the
dialogs (Lightroom cannot run here). Usage: lua5.1 pluginFlow.lua PORT PAIRING_CODE FIXTURE_JSON CLOSED_PORT
Prints "REPORT <json>" for test/integration/lightroomPlugin.test.ts, which checks the copies. ]]
local socket = require 'socket'
local check = require 'check'
local json = require 'ThreefoldJson'
local Actions = require 'ThreefoldActions'
local transport = require 'socketTransport'

local port, code, fixturePath, closedPort = tonumber(arg[1]), arg[2], arg[3], tonumber(arg[4])
local file = assert(io.open(fixturePath, 'rb'))
local fixture = json.decode(file:read('*a'))
file:close()

-- Photos as Lightroom's catalog would hand them out; the last is a virtual copy of the first.
local photos = {}
for i, path in ipairs(fixture.photos) do photos[i] = { name = 'photo ' .. i, path = path } end
photos[#photos + 1] = { name = 'virtual copy of photo 1', path = fixture.photos[1] }

local report = { messages = {}, progress = {}, fields = {} }
local storedToken
local selected = { photos[2] }

local env = {
  transport = transport,
  port = function() return port end,
  tokens = { get = function() return storedToken end, set = function(t) storedToken = t end },
  catalog = {
    path = function() return fixture.catalog end,
    allPhotos = function() return photos end,
    selectedPhotos = function() return selected end,
    pathsOf = function(list)
      local paths = {}
      for i, p in ipairs(list) do paths[i] = p.path end
      return paths
    end,
    writeStatus = function(updates)
      for _, u in ipairs(updates) do report.fields[u.photo.name] = { value = u.value, state = u.state } end
    end,
  },
  progress = function(title)
    local bar = { title = title, updates = 0, done = false, last = nil }
    report.progress[#report.progress + 1] = bar
    return {
      update = function(portion, caption)
        bar.updates = bar.updates + 1
        bar.last = { portion = portion, caption = caption }
      end,
      isCanceled = function() return false end,
      done = function() bar.done = true end,
    }
  end,
  message = function(title, text, style)
    report.messages[#report.messages + 1] = { title = title, text = text, style = style }
  end,
  sleep = function(seconds) socket.sleep(seconds) end,
}

local function lastMessage()
  return report.messages[#report.messages]
end

-- Before pairing: every menu item says how to pair.
check.matches(Actions.connectionState(env), 'threefold pair', 'state before pairing')
check.equal(Actions.protect(env, 'catalog'), nil, 'protect before pairing')
check.matches(lastMessage().text, 'Plug%-in Manager', 'protect before pairing says where to pair')

-- Pairing from the Plug-in Manager.
local ok, message = Actions.pair(env, 'ZZZZ-ZZZZ')
check.equal(ok, false, 'a wrong code')
check.matches(message, 'wrong or expired', 'a wrong code is said so')
ok, message = Actions.pair(env, ' ' .. code:lower() .. ' ')
check.equal(ok, true, 'pairing: ' .. tostring(message))
check.matches(message, '^Paired with the Threefold helper', 'pairing message')
check.matches(Actions.connectionState(env), '^Paired', 'state after pairing')

-- Protect catalog (3-2-1).
local job = Actions.protect(env, 'catalog')
check.truthy(job, 'the catalog job: ' .. json.encode(lastMessage()))
check.equal(job.state, 'succeeded', 'the catalog job')
local bar = report.progress[1]
check.truthy(bar.updates > 0 and bar.done, 'the progress bar moved and ended')
check.equal(lastMessage().title, 'Threefold: protected', 'summary title')
check.matches(lastMessage().text, 'copied once Lightroom has quit', 'the busy catalog is explained')
check.matches(lastMessage().text, 'latest backup of it %(2026%-04%-12 1830%) is protected', 'and its backup named')
for _, p in ipairs(photos) do
  check.equal(report.fields[p.name] and report.fields[p.name].value, 'partial: no offsite', p.name .. "'s 3-2-1 field")
  check.equal(report.fields[p.name].state, 'partial', p.name .. "'s 3-2-1 state")
end
report.catalogJob = job

-- Refresh 3-2-1 status: the same fields, nothing copied.
report.fields = {}
local status = Actions.refresh(env)
check.truthy(status, 'refresh: ' .. json.encode(lastMessage()))
check.matches(lastMessage().text, '^3%-2%-1 status of ' .. #photos .. ' photos updated%.', 'refresh message')
check.equal(report.fields[photos[#photos].name].value, 'partial: no offsite', 'the virtual copy after a refresh')

-- Protect selected photos: already protected, nothing to copy.
report.fields = {}
local again = Actions.protect(env, 'selected')
check.equal(again.state, 'succeeded', 'selected photos')
check.equal(again.result.files, 0, 'nothing copied again')
check.truthy(again.result.upToDate >= 1, 'the photo and its sidecar were up to date')
check.equal(report.fields[photos[1].name], nil, 'only the selected photo is written')
check.equal(report.fields[photos[2].name].value, 'partial: no offsite', 'the selected photo')
selected = {}
check.equal(Actions.protect(env, 'selected'), nil, 'nothing selected')
check.matches(lastMessage().text, 'Select the photos', 'nothing selected is said')

-- A helper that does not run.
port = closedPort
check.equal(Actions.refresh(env), nil, 'no helper')
check.matches(lastMessage().text, 'does not answer.*threefold helper', 'no helper is said, with how to start it')

print('REPORT ' .. json.encode({ token = storedToken, catalogJob = report.catalogJob, messages = report.messages }))
