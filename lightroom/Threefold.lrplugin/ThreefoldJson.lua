--[[ JSON for the plug-in (Lightroom has none built in): encode and decode, written for Threefold.
Strings are UTF-8 in and out. A table is encoded as an array when it is a non-empty sequence or was
marked with json.array(t); otherwise as an object. JSON null decodes to json.null (so arrays keep
their positions). ]]

local json = {}

json.null = setmetatable({}, { __tostring = function() return 'null' end })
local arrayMark = {}

--- Marks a table to be encoded as an array even when it is empty.
function json.array(t)
  return setmetatable(t or {}, arrayMark)
end

local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }

local function encodeString(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format('\\u%04x', c:byte())
  end) .. '"'
end

local function isArray(t)
  if getmetatable(t) == arrayMark then return true end
  local n = #t
  if n == 0 then return false end
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end

local encodeValue

local function encodeTable(t, out, seen)
  if seen[t] then error('json: a table refers to itself') end
  seen[t] = true
  if isArray(t) then
    out[#out + 1] = '['
    for i = 1, #t do
      if i > 1 then out[#out + 1] = ',' end
      encodeValue(t[i], out, seen)
    end
    out[#out + 1] = ']'
  else
    -- Sorted keys: the same table always gives the same text.
    local keys = {}
    for k in pairs(t) do
      if type(k) ~= 'string' then error('json: object keys must be strings, got ' .. type(k)) end
      keys[#keys + 1] = k
    end
    table.sort(keys)
    out[#out + 1] = '{'
    for i, k in ipairs(keys) do
      if i > 1 then out[#out + 1] = ',' end
      out[#out + 1] = encodeString(k)
      out[#out + 1] = ':'
      encodeValue(t[k], out, seen)
    end
    out[#out + 1] = '}'
  end
  seen[t] = nil
end

encodeValue = function(v, out, seen)
  local kind = type(v)
  if v == nil or v == json.null then
    out[#out + 1] = 'null'
  elseif kind == 'boolean' then
    out[#out + 1] = tostring(v)
  elseif kind == 'number' then
    if v ~= v or v == math.huge or v == -math.huge then error('json: cannot encode ' .. tostring(v)) end
    out[#out + 1] = (math.floor(v) == v and math.abs(v) < 2 ^ 53) and string.format('%.0f', v) or string.format('%.17g', v)
  elseif kind == 'string' then
    out[#out + 1] = encodeString(v)
  elseif kind == 'table' then
    encodeTable(v, out, seen)
  else
    error('json: cannot encode a ' .. kind)
  end
end

function json.encode(value)
  local out = {}
  encodeValue(value, out, {})
  return table.concat(out)
end

-- Decoding ----------------------------------------------------------------------------------------

local function fail(text, at, what)
  error(string.format('json: %s at character %d', what, at), 0)
end

local function utf8(code)
  if code < 0x80 then return string.char(code) end
  if code < 0x800 then return string.char(0xC0 + math.floor(code / 0x40), 0x80 + code % 0x40) end
  if code < 0x10000 then
    return string.char(0xE0 + math.floor(code / 0x1000), 0x80 + math.floor(code / 0x40) % 0x40, 0x80 + code % 0x40)
  end
  return string.char(0xF0 + math.floor(code / 0x40000), 0x80 + math.floor(code / 0x1000) % 0x40, 0x80 + math.floor(code / 0x40) % 0x40, 0x80 + code % 0x40)
end

local decodeValue

-- true, false and null by their first character.
local literals = { t = { 'true', true }, f = { 'false', false }, n = { 'null', json.null } }

local function skipSpace(text, at)
  return text:find('[^ \t\r\n]', at) or #text + 1
end

local function decodeString(text, at)
  local parts = {}
  local i = at + 1
  while true do
    local stop = text:find('["\\%c]', i)
    if not stop then fail(text, at, 'unterminated string') end
    parts[#parts + 1] = text:sub(i, stop - 1)
    local c = text:sub(stop, stop)
    if c == '"' then return table.concat(parts), stop + 1 end
    if c ~= '\\' then fail(text, stop, 'control character in string') end
    local e = text:sub(stop + 1, stop + 1)
    if e == 'u' then
      local hex = text:match('^%x%x%x%x', stop + 2)
      if not hex then fail(text, stop, 'bad \\u escape') end
      local code = tonumber(hex, 16)
      i = stop + 6
      if code >= 0xD800 and code <= 0xDBFF then
        local low = text:match('^\\u(%x%x%x%x)', i)
        local lowCode = low and tonumber(low, 16)
        if not lowCode or lowCode < 0xDC00 or lowCode > 0xDFFF then fail(text, stop, 'lone surrogate') end
        code = 0x10000 + (code - 0xD800) * 0x400 + (lowCode - 0xDC00)
        i = i + 6
      end
      parts[#parts + 1] = utf8(code)
    else
      local plain = ({ ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' })[e]
      if not plain then fail(text, stop, 'bad escape') end
      parts[#parts + 1] = plain
      i = stop + 2
    end
  end
end

local function decodeArray(text, at)
  local result = json.array({})
  local i = skipSpace(text, at + 1)
  if text:sub(i, i) == ']' then return result, i + 1 end
  while true do
    local value
    value, i = decodeValue(text, i)
    result[#result + 1] = value
    i = skipSpace(text, i)
    local c = text:sub(i, i)
    if c == ']' then return result, i + 1 end
    if c ~= ',' then fail(text, i, "expected ',' or ']'") end
    i = skipSpace(text, i + 1)
  end
end

local function decodeObject(text, at)
  local result = {}
  local i = skipSpace(text, at + 1)
  if text:sub(i, i) == '}' then return result, i + 1 end
  while true do
    if text:sub(i, i) ~= '"' then fail(text, i, 'expected a key') end
    local key
    key, i = decodeString(text, i)
    i = skipSpace(text, i)
    if text:sub(i, i) ~= ':' then fail(text, i, "expected ':'") end
    local value
    value, i = decodeValue(text, skipSpace(text, i + 1))
    result[key] = value
    i = skipSpace(text, i)
    local c = text:sub(i, i)
    if c == '}' then return result, i + 1 end
    if c ~= ',' then fail(text, i, "expected ',' or '}'") end
    i = skipSpace(text, i + 1)
  end
end

decodeValue = function(text, at)
  local c = text:sub(at, at)
  if c == '{' then return decodeObject(text, at) end
  if c == '[' then return decodeArray(text, at) end
  if c == '"' then return decodeString(text, at) end
  local literal = literals[c]
  if literal and text:sub(at, at + #literal[1] - 1) == literal[1] then return literal[2], at + #literal[1] end
  local number = text:match('^-?%d+%.?%d*[eE]?[-+]?%d*', at)
  if number and number ~= '' and tonumber(number) then return tonumber(number), at + #number end
  fail(text, at, c == '' and 'unexpected end' or ('unexpected ' .. c))
end

--- The value of a JSON text; raises an error naming the place of the first problem.
function json.decode(text)
  if type(text) ~= 'string' then error('json: expected a string to decode', 0) end
  local value, i = decodeValue(text, skipSpace(text, 1))
  i = skipSpace(text, i)
  if i <= #text then fail(text, i, 'trailing characters') end
  return value
end

return json
