--[[ The tests' stand-in for ThreefoldHttp.lua (LrHttp): the same post(), over LuaSocket (Debian's
lua-socket). Everything else the tests run is the plug-in's own Lua. ]]
local http = require 'socket.http'
local ltn12 = require 'ltn12'

return {
  post = function(url, body, headers, timeout)
    http.TIMEOUT = timeout
    local fields = { ['content-length'] = tostring(#body) }
    for _, h in ipairs(headers) do fields[h.field:lower()] = h.value end
    local chunks = {}
    local ok, status = http.request {
      url = url,
      method = 'POST',
      headers = fields,
      source = ltn12.source.string(body),
      sink = ltn12.sink.table(chunks),
    }
    if not ok then return nil, nil, tostring(status) end
    return table.concat(chunks), status
  end,
}
