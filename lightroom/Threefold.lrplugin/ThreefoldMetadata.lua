--[[ The plug-in's fields on every photo (written only by the plug-in, hence read-only in the Metadata
panel). Both are searchable and browsable: a Smart Collection "3-2-1 state is not protected" lists
every photo still at risk, and one on "3-2-1 contains offsite" those missing an offsite copy.
The ids are the ones ThreefoldStatusText.lua writes. ]]
return {
  metadataFieldsForPhotos = {
    {
      id = 'threefoldStatus',
      title = '3-2-1',
      dataType = 'string',
      readOnly = true,
      searchable = true,
      browsable = true,
      version = 1,
    },
    {
      id = 'threefoldState',
      title = '3-2-1 state',
      dataType = 'enum',
      values = {
        { value = 'protected', title = 'protected' },
        { value = 'partial', title = 'partial' },
        { value = 'unprotected', title = 'unprotected' },
        { value = 'stale', title = 'stale' },
        { value = 'missing', title = 'missing' },
        { value = 'lost', title = 'lost' },
        { value = 'failed', title = 'failed' },
      },
      readOnly = true,
      searchable = true,
      browsable = true,
      version = 1,
    },
  },
  schemaVersion = 1,
}
