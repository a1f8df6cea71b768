--[[ Library → Plug-in Extras → Protect catalog. ]]
local Actions = require 'ThreefoldActions'
local Dialogs = require 'ThreefoldDialogs'
local Lightroom = require 'ThreefoldLightroom'
local Tasks = require 'ThreefoldTasks'

Tasks.run('Threefold: Protect catalog', function(context)
  Actions.protect(Lightroom.env(context), 'catalog')
end, Dialogs.showError)
