#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "identity.h"

int tandem_file_identity(const char *path, int fd, unsigned long long *device, unsigned long long *inode) {
#ifdef STATX_INO
    struct statx info;
    int done = fd >= 0 ? statx(fd, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_INO, &info)
                       : statx(AT_FDCWD, path, AT_STATX_DONT_SYNC, STATX_INO, &info);
    if (done != 0) return -1;
    *device = makedev(info.stx_dev_major, info.stx_dev_minor);
    *inode = info.stx_ino;
    return 0;
#else
    struct stat info;
    if ((fd >= 0 ? fstat(fd, &info) : stat(path, &info)) != 0) return -1;
    *device = info.st_dev;
    *inode = info.st_ino;
    return 0;
#endif
}
