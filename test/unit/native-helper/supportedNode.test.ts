import { unsupportedNodeMessage } from '../../../native-helper/cli/supportedNode';

describe('the Node Threefold runs on', () => {
  it('is 24 or newer; an older one is told which it is and where a Node 24 is', () => {
    expect(unsupportedNodeMessage('v24.0.0')).toBeUndefined();
    expect(unsupportedNodeMessage('v26.10.0')).toBeUndefined();
    expect(unsupportedNodeMessage(process.version)).toBeUndefined();
    const message = unsupportedNodeMessage('v20.20.2');
    expect(message).toContain('needs Node 24 or newer, this is v20.20.2');
    expect(message).toContain('node_modules/.bin/node bin/threefold.js');
    expect(unsupportedNodeMessage('v9.11.2')).toContain('this is v9.11.2');
  });
});
