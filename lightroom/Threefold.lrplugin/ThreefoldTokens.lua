--[[ The plug-in's only use of LrPasswords: the helper's token, kept encrypted by the operating system
(Lightroom scopes the key to this plug-in). ]]
local LrPasswords = import 'LrPasswords'

local KEY = 'threefold-helper-token'

return {
  get = function() return LrPasswords.retrieve(KEY) end,
  -- An empty token forgets the pairing.
  set = function(token) LrPasswords.store(KEY, token or '') end,
}
