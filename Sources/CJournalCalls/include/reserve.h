#ifndef TANDEM_RESERVE_H
#define TANDEM_RESERVE_H

/// Sets aside disk space for `length` bytes from `offset` without changing the
/// file's length (fallocate with FALLOC_FL_KEEP_SIZE). Returns 0, or -1 where
/// the file system or platform cannot.
int tandem_reserve_space(int fd, long long offset, long long length);

#endif
