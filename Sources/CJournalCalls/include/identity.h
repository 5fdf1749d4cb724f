#ifndef TANDEM_IDENTITY_H
#define TANDEM_IDENTITY_H

/// Which file a path names (`fd` < 0) or a descriptor holds: its device and
/// inode. Asks for those alone (statx with STATX_INO and AT_STATX_DONT_SYNC):
/// on the test machine a full stat(2) before each commit's fdatasync made the
/// commit 40-100 us slower, this none. Returns 0, or -1 with errno set.
int tandem_file_identity(const char *path, int fd, unsigned long long *device, unsigned long long *inode);

#endif
