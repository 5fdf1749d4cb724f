#ifndef TANDEM_UNNAMED_H
#define TANDEM_UNNAMED_H

/// Opens a new file with no name in the folder `directory` (O_TMPFILE, 0600,
/// read and write): it disappears by itself if the process ends before it is
/// given a name. Returns the descriptor, or -1 with errno set (EOPNOTSUPP,
/// EISDIR or EINVAL where the file system or kernel cannot).
int tandem_open_unnamed(const char *directory);

/// Gives the unnamed file `fd` the name `path`; fails with EEXIST, never
/// replacing, if the name is taken. Returns 0, or -1 with errno set.
int tandem_name_unnamed(int fd, const char *path);

#endif
