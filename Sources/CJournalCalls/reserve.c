#define _GNU_SOURCE
#include <fcntl.h>
#include "reserve.h"

int tandem_reserve_space(int fd, long long offset, long long length) {
#ifdef FALLOC_FL_KEEP_SIZE
    return fallocate(fd, FALLOC_FL_KEEP_SIZE, (off_t)offset, (off_t)length);
#else
    (void)fd; (void)offset; (void)length;
    return -1;
#endif
}
