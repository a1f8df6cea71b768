--[[ Assertions for the Lua tests: a failure raises an error naming what differed (lua5.1 exits 1). ]]
local json = require 'ThreefoldJson'

local check = {}

local function show(v)
  if type(v) == 'table' then
    local ok, text = pcall(json.encode, v)
    return ok and text or tostring(v)
  end
  return string.format('%q', tostring(v))
end

function check.equal(actual, expected, what)
  if actual ~= expected then error(string.format('%s: expected %s, got %s', what, show(expected), show(actual)), 2) end
end

function check.matches(text, pattern, what)
  if type(text) ~= 'string' or not text:find(pattern) then error(string.format('%s: %s does not match %q', what, show(text), pattern), 2) end
end

function check.truthy(value, what)
  if not value then error(what .. ': expected a value, got ' .. show(value), 2) end
end

return check
