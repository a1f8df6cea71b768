--[[ File → Plug-in Manager → Threefold: pairing with the helper (the code from `threefold pair`), the
helper's port, and whether the helper knows this plug-in. The plug-in's only use of LrView. ]]
local LrView = import 'LrView'
local Actions = require 'ThreefoldActions'
local Dialogs = require 'ThreefoldDialogs'
local Lightroom = require 'ThreefoldLightroom'
local Prefs = require 'ThreefoldPrefs'
local Tasks = require 'ThreefoldTasks'
local Tokens = require 'ThreefoldTokens'

local function refreshState(propertyTable)
  Tasks.run('Threefold: connection', function(context)
    propertyTable.connection = Actions.connectionState(Lightroom.env(context))
  end, Dialogs.showError)
end

return {
  startDialog = function(propertyTable)
    propertyTable.pairingCode = ''
    propertyTable.connection = 'Looking for the Threefold helper…'
    refreshState(propertyTable)
  end,

  sectionsForTopOfDialog = function(f, propertyTable)
    local bind = LrView.bind
    return {
      {
        title = 'Threefold helper',
        f:row {
          f:static_text { title = bind 'connection', fill_horizontal = 1, width_in_chars = 60, height_in_lines = 2 },
        },
        f:row {
          f:static_text { title = 'Pairing code:', alignment = 'right', width = LrView.share 'label' },
          f:edit_field { value = bind 'pairingCode', width_in_chars = 12, immediate = true },
          f:push_button {
            title = 'Pair',
            action = function()
              Tasks.run('Threefold: pair', function(context)
                local _, message = Actions.pair(Lightroom.env(context), propertyTable.pairingCode)
                propertyTable.connection = message
                propertyTable.pairingCode = ''
              end, Dialogs.showError)
            end,
          },
          f:push_button {
            title = 'Forget pairing',
            action = function()
              Tasks.run('Threefold: unpair', function()
                Tokens.set('')
                propertyTable.connection = 'Not paired: enter the code Threefold setup showed (or `threefold pair` prints) here.'
              end, Dialogs.showError)
            end,
          },
        },
        f:row {
          f:static_text { title = 'Helper port:', alignment = 'right', width = LrView.share 'label' },
          f:edit_field { value = bind { key = 'helperPort', bind_to_object = Prefs.prefs }, width_in_digits = 6, min = 1, max = 65535, precision = 0 },
          f:static_text { title = '(7737 unless the helper runs with --port)' },
        },
      },
    }
  end,
}
