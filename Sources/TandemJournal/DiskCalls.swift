#if canImport(Glibc)
import Glibc
#endif
import CJournalCalls

/// The calls an append makes to the disk, kept in one place so tests can make
/// them fail (a full disk, a failing fsync, a short write) and check that
/// nothing is reported as saved that was not.
struct DiskCalls {
    /// Like pwrite(2): bytes written, or -1 with the error code.
    var write: (_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ offset: Int) -> (written: Int, error: Int32)
    /// Like fdatasync(2): 0, or the error code.
    var sync: (_ fd: Int32) -> Int32
    /// Like ftruncate(2): 0, or the error code.
    var truncate: (_ fd: Int32, _ length: Int) -> Int32
    /// Makes a new file's directory entry durable (fsync of the folder).
    var syncDirectory: (_ path: String) throws(JournalError) -> Void
    /// Sets aside disk space past the end of the file without changing its
    /// length (fallocate with FALLOC_FL_KEEP_SIZE): appends into space already
    /// there make each fdatasync cheaper. Only a hint; a failure is ignored.
    var reserve: (_ fd: Int32, _ offset: Int, _ count: Int) -> Void
    /// Opens a new file with no name in a folder (O_TMPFILE), written straight
    /// to the disk (O_DIRECT) when asked and the file system allows: the
    /// descriptor, or -1 with errno set where the file system cannot.
    var openUnnamed: (_ folder: String, _ direct: Bool) -> Int32

    static var system: DiskCalls {
        DiskCalls(
            write: { fd, bytes, offset in
                let n = pwrite(fd, bytes.baseAddress, bytes.count, off_t(offset))
                return (n, n < 0 ? errno : 0)
            },
            // fdatasync: the data and what is needed to read it back (the file's
            // length), without the times that fsync would also write.
            sync: { fd in fdatasync(fd) == 0 ? 0 : errno },
            truncate: { fd, length in ftruncate(fd, off_t(length)) == 0 ? 0 : errno },
            syncDirectory: { path throws(JournalError) in try FileIO.syncDirectory(of: path) },
            reserve: { fd, offset, count in _ = tandem_reserve_space(fd, Int64(offset), Int64(count)) },
            openUnnamed: { folder, direct in tandem_open_unnamed(folder, direct ? 1 : 0) }
        )
    }

    /// Writes a new file (0600; refused if the name is taken) with `bytes`, synced with its folder.
    func writeNewFile(_ path: String, _ bytes: [UInt8]) throws(JournalError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 { throw .io(operation: "create", path: path, reason: FileIO.errorText()) }
        defer { close(fd) }
        var failure: JournalError?
        if let code = writeAll(fd, bytes, at: 0).error {
            failure = .io(operation: "write", path: path, reason: FileIO.errorText(code))
        } else if case let code = sync(fd), code != 0 {
            failure = .io(operation: "sync", path: path, reason: FileIO.errorText(code))
        }
        if let failure {
            unlink(path)
            throw failure
        }
        try syncDirectory(path)
    }

    /// How much space is set aside at a time.
    static let reservation = 1 << 20

    /// Writes every byte at `offset`; returns how many were written and the error, if any.
    func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: Int) -> (written: Int, error: Int32?) {
        bytes.withUnsafeBytes { writeAll(fd, $0, at: offset) }
    }

    /// The same from memory of the caller's (a block-aligned buffer for a direct write).
    func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> (written: Int, error: Int32?) {
        var done = 0
        while done < bytes.count {
            let (n, code) = write(fd, UnsafeRawBufferPointer(rebasing: bytes[done...]), offset + done)
            if n < 0 {
                if code == EINTR { continue }
                return (done, code)
            }
            if n == 0 { return (done, ENOSPC) }
            done += n
        }
        return (done, nil)
    }
}
