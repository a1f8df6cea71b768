--[[ The plug-in's only use of LrDialogs. ]]
local LrDialogs = import 'LrDialogs'

return {
  -- style: 'info', 'warning' or 'critical'.
  message = function(title, text, style) LrDialogs.message(title, text, style) end,
  showError = function(message) LrDialogs.showError(message) end,
}
