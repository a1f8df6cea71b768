--[[ The plug-in's only use of the catalog (LrApplication.activeCatalog()): its path, its photos and their
originals' paths (read through the SDK: the helper never opens the live catalog), and the plug-in's
3-2-1 fields, written with catalog:withPrivateWriteAccessDo (no undo step) in batches. ]]
local LrApplication = import 'LrApplication'
local StatusText = require 'ThreefoldStatusText'

-- Photos per write transaction: Lightroom stays responsive between them.
local WRITE_BATCH = 500

local function catalog()
  return LrApplication.activeCatalog()
end

return {
  path = function() return catalog():getPath() end,
  allPhotos = function() return catalog():getAllPhotos() end,
  selectedPhotos = function() return catalog():getTargetPhotos() end,

  -- The original's path of each photo, in the same order (nil for a photo without one).
  pathsOf = function(photos)
    local raw = catalog():batchGetRawMetadata(photos, { 'path' })
    local paths = {}
    for i, photo in ipairs(photos) do paths[i] = raw[photo] and raw[photo].path end
    return paths
  end,

  writeStatus = function(updates)
    local active = catalog()
    for first = 1, #updates, WRITE_BATCH do
      active:withPrivateWriteAccessDo(function()
        for i = first, math.min(first + WRITE_BATCH - 1, #updates) do
          local u = updates[i]
          u.photo:setPropertyForPlugin(_PLUGIN, StatusText.STATUS_FIELD, u.value)
          u.photo:setPropertyForPlugin(_PLUGIN, StatusText.STATE_FIELD, u.state)
        end
      end, { timeout = 30 })
    end
  end,
}
