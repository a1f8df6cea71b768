--[[ Library → Plug-in Extras → Restore test. ]]
local Actions = require 'ThreefoldActions'
local Dialogs = require 'ThreefoldDialogs'
local Lightroom = require 'ThreefoldLightroom'
local Tasks = require 'ThreefoldTasks'

Tasks.run('Threefold: Restore test', function(context)
  Actions.drill(Lightroom.env(context))
end, Dialogs.showError)
