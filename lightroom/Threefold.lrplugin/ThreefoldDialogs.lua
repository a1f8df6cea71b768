--[[ The plug-in's only use of LrDialogs. ]]
local LrDialogs = import 'LrDialogs'

return {
  -- style: 'info', 'warning' or 'critical'.
  message = function(title, text, style) LrDialogs.message(title, text, style) end,
  showError = function(message) LrDialogs.showError(message) end,
  -- True when the photographer chose the action (LrDialogs.confirm answers 'ok'); `cancel` names the other button.
  confirm = function(title, text, action, cancel) return LrDialogs.confirm(title, text, action, cancel) == 'ok' end,
}
