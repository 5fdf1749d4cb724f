#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "unnamed.h"

int tandem_open_unnamed(const char *directory, int direct) {
#ifdef O_TMPFILE
    int flags = O_TMPFILE | O_RDWR | O_CLOEXEC;
    if (direct) {
        int fd = open(directory, flags | O_DIRECT, 0600);
        if (fd >= 0) return fd;
    }
    return open(directory, flags, 0600);
#else
    (void)directory; (void)direct;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

int tandem_is_direct(int fd) {
    int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && (flags & O_DIRECT) != 0;
}

int tandem_stop_direct(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags & ~O_DIRECT);
}

int tandem_name_unnamed(int fd, const char *path) {
    // linkat with AT_EMPTY_PATH needs a privilege; through /proc it does not.
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    return linkat(AT_FDCWD, self, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
}
