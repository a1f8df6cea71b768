--[[ The plug-in's only use of LrHttp: one POST to the helper (only inside an asynchronous task), and a
file (a job's report) opened in the default browser.
LrHttp.post( url, postBody, headers, method, timeout ) returns the body and a table of response
headers with `status`; on a network error, nil and a table whose `error` says why. ]]
local LrHttp = import 'LrHttp'
local Protocol = require 'ThreefoldProtocol'

return {
  post = function(url, body, headers, timeout)
    local answer, info = LrHttp.post(url, body, headers, 'POST', timeout)
    local status = info and info.status
    if answer == nil then
      local e = info and info.error
      return nil, status, e and (e.name or e.errorCode) or 'no answer'
    end
    return answer, status
  end,
  openFile = function(path) LrHttp.openUrlInBrowser(Protocol.fileUrl(path)) end,
}
