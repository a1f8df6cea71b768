--[[ Library → Plug-in Extras → Restore missing photos. ]]
local Actions = require 'ThreefoldActions'
local Dialogs = require 'ThreefoldDialogs'
local Lightroom = require 'ThreefoldLightroom'
local Tasks = require 'ThreefoldTasks'

Tasks.run('Threefold: Restore missing photos', function(context)
  Actions.restoreMissing(Lightroom.env(context))
end, Dialogs.showError)
