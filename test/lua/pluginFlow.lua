--[[ The plug-in's menu items and pairing, run against a real helper over HTTP: the plug-in's own Lua
with LuaSocket in place of LrHttp, and small recorders in place of the catalog, the progress bar and the
dialogs (Lightroom cannot run here). Usage: lua5.1 pluginFlow.lua PORT PAIRING_CODE FIXTURE_JSON CLOSED_PORT
Prints "REPORT <json>" for test/integration/lightroomPlugin.test.ts, which checks the copies. ]]
local socket = require 'socket'
local check = require 'check'
local json = require 'ThreefoldJson'
local Actions = require 'ThreefoldActions'
local socketTransport = require 'socketTransport'

local port, code, fixturePath, closedPort = tonumber(arg[1]), arg[2], arg[3], tonumber(arg[4])
local file = assert(io.open(fixturePath, 'rb'))
local fixture = json.decode(file:read('*a'))
file:close()

-- Photos as Lightroom's catalog would hand them out; the last is a virtual copy of the first.
local photos = {}
for i, path in ipairs(fixture.photos) do photos[i] = { name = 'photo ' .. i, path = path } end
photos[#photos + 1] = { name = 'virtual copy of photo 1', path = fixture.photos[1] }

local report = { messages = {}, progress = {}, fields = {}, opened = {} }
local storedToken
local selected = { photos[2] }

-- The status reads the plug-in sent, in order: 'host' (the photos sent) or 'project' (asked by name).
local reads = {}
local transport = {
  post = function(url, body, headers, timeout)
    local request = json.decode(body)
    if request.type == 'status' or request.type == 'badges' then
      reads[#reads + 1] = request.type .. ' by ' .. (request.project and 'project' or request.host and 'host' or 'target')
    end
    return socketTransport.post(url, body, headers, timeout)
  end,
}
local function readsSince(n)
  local list = {}
  for i = n + 1, #reads do list[#list + 1] = reads[i] end
  return table.concat(list, ', ')
end

local env = {
  transport = transport,
  kept = {},
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
  -- The closing dialog with its report: the photographer chooses View report.
  confirm = function(title, text, action, cancel)
    report.messages[#report.messages + 1] = { title = title, text = text, action = action, cancel = cancel }
    return true
  end,
  openFile = function(path) report.opened[#report.opened + 1] = path end,
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
check.equal(lastMessage().action, 'View report', 'the closing dialog offers the report')
check.equal(lastMessage().cancel, 'Close', 'and closes otherwise')
check.matches(lastMessage().text, '\n\nReport: .*job%-' .. job.id .. '%.html$', 'the closing dialog says where the report is')
check.equal(report.opened[1], lastMessage().text:match('Report: (.*)$'), 'View report opens that file')
check.matches(lastMessage().text, 'copied once Lightroom has quit', 'the busy catalog is explained')
check.matches(lastMessage().text, 'latest backup of it %(2026%-04%-12 1830%) is protected', 'and its backup named')
local function checkEveryPhoto(when)
  for _, p in ipairs(photos) do
    check.equal(report.fields[p.name] and report.fields[p.name].value, 'partial: no offsite', p.name .. "'s 3-2-1 field " .. when)
    check.equal(report.fields[p.name].state, 'partial', p.name .. "'s 3-2-1 state " .. when)
  end
end
checkEveryPhoto('after the catalog job')
report.catalogJob = job
-- Nothing was kept yet: the photos were sent, and the helper named the project it keeps for them.
check.equal(readsSince(0), 'badges by host', 'the status read after the first protect')
check.truthy(type(env.kept.project) == 'string' and env.kept.project ~= '', 'the project name kept from the badges answer')

-- Refresh 3-2-1 status: the same fields, nothing copied; the photos are sent, for a new look at every file.
report.fields = {}
local before = #reads
local status = Actions.refresh(env)
check.truthy(status, 'refresh: ' .. json.encode(lastMessage()))
check.matches(lastMessage().text, '^3%-2%-1 status of ' .. #photos .. ' photos updated%.', 'refresh message')
check.matches(lastMessage().text, 'copied once Lightroom has quit', 'the refresh explains the busy catalog')
check.equal(report.fields[photos[#photos].name].value, 'partial: no offsite', 'the virtual copy after a refresh')
checkEveryPhoto('after a refresh')
check.equal(readsSince(before), 'badges by host', 'the refresh reads')

-- Protect catalog again, the photos unchanged: the status after it is asked by the project's name.
report.fields = {}
before = #reads
local kept = env.kept.project
job = Actions.protect(env, 'catalog')
check.equal(job and job.state, 'succeeded', 'the second catalog job')
check.equal(job.result.files, 0, 'the second catalog job copied nothing')
check.equal(readsSince(before), 'badges by project', 'the status read after protecting the same photos')
check.equal(env.kept.project, kept, 'the same project kept')
checkEveryPhoto('read by the project name')
check.matches(lastMessage().text, 'latest backup of it %(2026%-04%-12 1830%) is protected', 'the backup named from a read by name')

-- Protect selected photos: already protected, nothing to copy; other photos, so they are sent.
report.fields = {}
before = #reads
local again = Actions.protect(env, 'selected')
check.equal(readsSince(before), 'badges by host', 'the status read for other photos')
check.equal(again.state, 'succeeded', 'selected photos')
check.equal(again.result.files, 0, 'nothing copied again')
check.truthy(again.result.upToDate >= 1, 'the photo and its sidecar were up to date')
check.equal(report.fields[photos[1].name], nil, 'only the selected photo is written')
check.equal(report.fields[photos[2].name].value, 'partial: no offsite', 'the selected photo')

-- A project the helper has forgotten (it restarted): the photos are sent again.
env.kept.project = 'forgotten-project'
report.fields = {}
before = #reads
again = Actions.protect(env, 'selected')
check.equal(again and again.state, 'succeeded', 'selected photos again')
check.equal(readsSince(before), 'badges by project, badges by host', 'a forgotten project falls back to sending the photos')
check.equal(report.fields[photos[2].name] and report.fields[photos[2].name].value, 'partial: no offsite', 'the selected photo after the fallback')
check.truthy(env.kept.project ~= 'forgotten-project', 'the new project name is kept')
selected = {}
check.equal(Actions.protect(env, 'selected'), nil, 'nothing selected')
check.matches(lastMessage().text, 'Select the photos', 'nothing selected is said')

-- A helper that does not run.
port = closedPort
check.equal(Actions.refresh(env), nil, 'no helper')
check.matches(lastMessage().text, 'does not answer.*threefold helper', 'no helper is said, with how to start it')

print('REPORT ' .. json.encode({ token = storedToken, catalogJob = report.catalogJob, messages = report.messages, opened = report.opened }))
