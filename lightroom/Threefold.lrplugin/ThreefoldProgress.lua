--[[ The plug-in's only use of LrProgressScope: a cancelable bar in Lightroom's activity area, ended with
the function context it belongs to (so an error cannot leave it behind). ]]
local LrProgressScope = import 'LrProgressScope'

return function(title, functionContext)
  local scope = LrProgressScope { title = title, functionContext = functionContext }
  scope:setCancelable(true)
  return {
    update = function(portion, caption)
      scope:setPortionComplete(portion, 1)
      scope:setCaption(caption)
    end,
    isCanceled = function() return scope:isCanceled() end,
    done = function() scope:done() end,
  }
end
