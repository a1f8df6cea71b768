--[[ Library → Plug-in Extras → Protect selected photos. ]]
local Actions = require 'ThreefoldActions'
local Dialogs = require 'ThreefoldDialogs'
local Lightroom = require 'ThreefoldLightroom'
local Tasks = require 'ThreefoldTasks'

Tasks.run('Threefold: Protect selected photos', function(context)
  Actions.protect(Lightroom.env(context), 'selected')
end, Dialogs.showError)
