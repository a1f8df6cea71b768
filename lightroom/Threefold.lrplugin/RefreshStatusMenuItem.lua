--[[ Library → Plug-in Extras → Refresh 3-2-1 status. ]]
local Actions = require 'ThreefoldActions'
local Dialogs = require 'ThreefoldDialogs'
local Lightroom = require 'ThreefoldLightroom'
local Tasks = require 'ThreefoldTasks'

Tasks.run('Threefold: Refresh 3-2-1 status', function(context)
  Actions.refresh(Lightroom.env(context))
end, Dialogs.showError)
