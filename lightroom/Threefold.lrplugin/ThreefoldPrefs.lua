--[[ The plug-in's only use of LrPrefs: the helper's port (7737 unless the helper runs with --port). ]]
local LrPrefs = import 'LrPrefs'
local Protocol = require 'ThreefoldProtocol'

local prefs = LrPrefs.prefsForPlugin()

return {
  prefs = prefs,
  port = function() return tonumber(prefs.helperPort) or Protocol.DEFAULT_PORT end,
}
