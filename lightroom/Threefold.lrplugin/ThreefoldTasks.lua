--[[ The plug-in's only use of LrTasks and LrFunctionContext: each menu item runs as an asynchronous task
(LrHttp works only there) in a function context that ends its progress scope; an error is shown. ]]
local LrFunctionContext = import 'LrFunctionContext'
local LrTasks = import 'LrTasks'

return {
  run = function(name, body, onError)
    LrFunctionContext.postAsyncTaskWithContext(name, function(context)
      context:addFailureHandler(function(_, message) onError(message) end)
      body(context)
    end)
  end,
  sleep = function(seconds) LrTasks.sleep(seconds) end,
}
