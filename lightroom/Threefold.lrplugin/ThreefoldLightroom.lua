--[[ The environment ThreefoldActions.lua works in, made of the SDK adapters (one file each). ]]
local Catalog = require 'ThreefoldCatalog'
local Dialogs = require 'ThreefoldDialogs'
local Http = require 'ThreefoldHttp'
local Prefs = require 'ThreefoldPrefs'
local Progress = require 'ThreefoldProgress'
local Tasks = require 'ThreefoldTasks'
local Tokens = require 'ThreefoldTokens'

-- Kept while the plug-in is loaded: which project the helper keeps for the photos last sent.
local kept = {}

return {
  env = function(functionContext)
    return {
      transport = Http,
      port = Prefs.port,
      tokens = Tokens,
      catalog = Catalog,
      progress = function(title) return Progress(title, functionContext) end,
      message = Dialogs.message,
      confirm = Dialogs.confirm,
      openFile = Http.openFile,
      sleep = Tasks.sleep,
      kept = kept,
    }
  end,
}
