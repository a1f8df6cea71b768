"""A disk that lies, for the tests: a FUSE loopback over a backing folder.

Every write to a file whose name contains CORRUPT stores its first byte changed (the byte at offset 0,
inverted), while the kernel keeps the writer's own bytes in its page cache (keep_cache on every open): a
read through the cache sees what was written, a direct read (O_DIRECT, which FUSE passes on to `read`
below) sees what was stored. Other files are stored as written. With --refuse-direct it stores every
byte as written and refuses O_DIRECT opens (EINVAL), as some FUSE and network file systems do; with
--refuse-direct-reads it takes O_DIRECT opens and refuses their reads (EINVAL), as others do. With
--failing NAME, once a file `.fail-now` is in the backing folder's top, every look at a path containing
NAME fails with EIO, as a disk's bad sectors under a folder would.

Run with Debian's python3 (its fusepy module):
  /usr/bin/python3 lyingDisk.py BACKING MOUNTPOINT CORRUPT [--refuse-direct | --refuse-direct-reads] [--failing NAME]
It stays in the foreground until unmounted (fusermount3 -u MOUNTPOINT).
"""

import errno
import os
import sys

from fusepy import FUSE, FuseOSError, Operations


class LyingLoopback(Operations):
    def __init__(self, backing, corrupt, refuse_direct, refuse_direct_reads, failing):
        self.backing = backing
        self.corrupt = corrupt
        self.refuse_direct = refuse_direct
        self.refuse_direct_reads = refuse_direct_reads
        # The handles opened with O_DIRECT, whose reads --refuse-direct-reads refuses.
        self.direct = set()
        self.failing = failing

    def _full(self, path):
        return os.path.join(self.backing, path.lstrip('/'))

    def _opened(self, fi, fd, path):
        fi.fh = fd
        if fi.flags & os.O_DIRECT:
            self.direct.add(fd)
        # The kernel keeps the pages the writer filled: reads through the cache never reach read() below.
        fi.keep_cache = 1
        return 0

    def access(self, path, mode):
        if not os.access(self._full(path), mode):
            raise FuseOSError(errno.EACCES)

    def getattr(self, path, fh=None):
        if self.failing and self.failing in path and os.path.exists(self._full('/.fail-now')):
            raise FuseOSError(errno.EIO)
        st = os.lstat(self._full(path))
        return {key: getattr(st, key) for key in (
            'st_atime', 'st_ctime', 'st_gid', 'st_mode', 'st_mtime', 'st_nlink', 'st_size', 'st_uid',
        )} | {'st_mtime': st.st_mtime_ns / 1e9, 'st_atime': st.st_atime_ns / 1e9}

    def readdir(self, path, fh):
        return ['.', '..'] + os.listdir(self._full(path))

    def readlink(self, path):
        return os.readlink(self._full(path))

    def mkdir(self, path, mode):
        os.mkdir(self._full(path), mode)

    def rmdir(self, path):
        os.rmdir(self._full(path))

    def unlink(self, path):
        os.unlink(self._full(path))

    def symlink(self, target, source):
        os.symlink(source, self._full(target))

    def link(self, target, source):
        os.link(self._full(source), self._full(target))

    def rename(self, old, new):
        os.rename(self._full(old), self._full(new))

    def chmod(self, path, mode):
        os.chmod(self._full(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self._full(path), uid, gid)

    def truncate(self, path, length, fh=None):
        os.truncate(self._full(path), length)

    def utimens(self, path, times=None):
        os.utime(self._full(path), ns=None if times is None else tuple(int(t * 1e9) for t in times))

    def statfs(self, path):
        st = os.statvfs(self._full(path))
        return {key: getattr(st, key) for key in (
            'f_bavail', 'f_bfree', 'f_blocks', 'f_bsize', 'f_favail', 'f_ffree', 'f_files', 'f_flag',
            'f_frsize', 'f_namemax',
        )}

    def open(self, path, fi):
        if self.refuse_direct and fi.flags & os.O_DIRECT:
            raise FuseOSError(errno.EINVAL)
        # O_DIRECT is the kernel's business (it sends such reads here); the backing file is opened plainly.
        flags = fi.flags & ~os.O_DIRECT
        return self._opened(fi, os.open(self._full(path), flags), path)

    def create(self, path, mode, fi):
        if self.refuse_direct and fi.flags & os.O_DIRECT:
            raise FuseOSError(errno.EINVAL)
        flags = (fi.flags & ~os.O_DIRECT) | os.O_CREAT
        return self._opened(fi, os.open(self._full(path), flags, mode), path)

    def read(self, path, size, offset, fi):
        if self.refuse_direct_reads and fi.fh in self.direct:
            raise FuseOSError(errno.EINVAL)
        return os.pread(fi.fh, size, offset)

    def write(self, path, data, offset, fi):
        if not self.refuse_direct and self.corrupt in os.path.basename(path) and offset == 0 and len(data) > 0:
            data = bytes([data[0] ^ 0xFF]) + data[1:]
        return os.pwrite(fi.fh, data, offset)

    def flush(self, path, fi):
        return 0

    def fsync(self, path, datasync, fi):
        if datasync:
            os.fdatasync(fi.fh)
        else:
            os.fsync(fi.fh)
        return 0

    def release(self, path, fi):
        self.direct.discard(fi.fh)
        os.close(fi.fh)
        return 0


if __name__ == '__main__':
    backing, mountpoint, corrupt = sys.argv[1:4]
    refuse_direct = '--refuse-direct' in sys.argv[4:]
    refuse_direct_reads = '--refuse-direct-reads' in sys.argv[4:]
    failing = sys.argv[sys.argv.index('--failing') + 1] if '--failing' in sys.argv else None
    FUSE(LyingLoopback(os.path.realpath(backing), corrupt, refuse_direct, refuse_direct_reads, failing), mountpoint, foreground=True, raw_fi=True, nothreads=False)
