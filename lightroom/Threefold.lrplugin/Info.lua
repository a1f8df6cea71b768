--[[ Threefold for Lightroom Classic: protects the catalog, its originals and their sidecars under the
3-2-1 rule through the Threefold helper, and shows each photo's 3-2-1 state in a searchable field. ]]
return {
  LrSdkVersion = 10.0,
  LrSdkMinimumVersion = 6.0,
  LrToolkitIdentifier = 'org.threefold.lightroom',
  LrPluginName = 'Threefold',

  -- Library → Plug-in Extras.
  LrLibraryMenuItems = {
    { title = 'Protect catalog (3-2-1)', file = 'ProtectCatalogMenuItem.lua' },
    { title = 'Protect selected photos', file = 'ProtectSelectedMenuItem.lua', enabledWhen = 'photosSelected' },
    { title = 'Refresh 3-2-1 status', file = 'RefreshStatusMenuItem.lua' },
    { title = 'Restore missing photos', file = 'RestoreMissingMenuItem.lua' },
    { title = 'Restore test', file = 'RestoreTestMenuItem.lua' },
  },

  LrMetadataProvider = 'ThreefoldMetadata.lua',
  -- The Plug-in Manager's section: pairing with the helper.
  LrPluginInfoProvider = 'ThreefoldPluginInfo.lua',

  VERSION = { major = 0, minor = 1, revision = 0, build = 1 },
}
