import { fileManagerCommand } from '../../../native-helper/system/fileManager';

describe('fileManagerCommand', () => {
  it('selects the file in Finder and Explorer, opens its folder elsewhere; the path is one argument, never a shell line', () => {
    expect(fileManagerCommand('/Volumes/RAID/a b;rm -rf/x.mov', 'darwin')).toEqual({ command: 'open', args: ['-R', '/Volumes/RAID/a b;rm -rf/x.mov'] });
    expect(fileManagerCommand('D:\\RAID\\x.mov', 'win32')).toEqual({ command: 'explorer.exe', args: ['/select,D:\\RAID\\x.mov'] });
    expect(fileManagerCommand('/mnt/raid/day 1/x.mov', 'linux')).toEqual({ command: 'xdg-open', args: ['/mnt/raid/day 1'] });
  });
});
