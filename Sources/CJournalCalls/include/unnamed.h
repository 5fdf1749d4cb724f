#ifndef TANDEM_UNNAMED_H
#define TANDEM_UNNAMED_H

/// Opens a new file with no name in the folder `directory` (O_TMPFILE, 0600,
/// read and write): it disappears by itself if the process ends before it is
/// given a name. With `direct`, writes go straight to the disk (O_DIRECT) where
/// the file system allows it, and to the page cache otherwise. Returns the
/// descriptor, or -1 with errno set (EOPNOTSUPP, EISDIR or EINVAL where the file
/// system or kernel cannot make a file without a name).
int tandem_open_unnamed(const char *directory, int direct);

/// Whether writes to `fd` go straight to the disk (O_DIRECT).
int tandem_is_direct(int fd);

/// Makes later reads and writes of `fd` go through the page cache. Returns 0, or -1.
int tandem_stop_direct(int fd);

/// Gives the unnamed file `fd` the name `path`; fails with EEXIST, never
/// replacing, if the name is taken. Returns 0, or -1 with errno set.
int tandem_name_unnamed(int fd, const char *path);

#endif
