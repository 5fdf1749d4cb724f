#if canImport(Glibc)
import Glibc
#endif
import CJournalCalls

/// A file beside the journal where an import's lines wait until every row has
/// passed, so they are neither held in memory nor in the journal before their
/// commit. It has no name (O_TMPFILE), so nothing is left behind if the process
/// ends first; where the file system cannot do that, it has a name of its own
/// that is removed when it is no longer needed. Where it can, its lines are
/// written straight to the disk (O_DIRECT), in whole blocks from a buffer of
/// its own: half a gigabyte of lines then costs neither a copy into the page
/// cache nor the fresh memory to hold it there (see `PreparedLines`).
final class StagingFile {
    let fd: Int32
    /// Writes go straight to the disk, in whole blocks at whole-block offsets.
    private(set) var direct: Bool
    /// The block size direct writes are made in.
    static let block = 4096
    /// Where the journal will be; the staging file is in the same folder.
    let journalPath: String
    /// The staging file's own name, when it could not be made without one.
    private var ownName: String?

    /// Creates an empty staging file in the folder of `journalPath` (made if
    /// missing, 0700), written straight to the disk if `direct`: for lines that
    /// become a new journal as they are, not for lines read back to be appended.
    init(beside journalPath: String, direct: Bool, disk: DiskCalls) throws(JournalError) {
        let folder = FileIO.directory(of: journalPath)
        try FileIO.makeDirectories(folder)
        self.journalPath = journalPath
        var fd = disk.openUnnamed(folder, direct)
        var ownName: String? = nil
        if fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) {
            let name = "\(journalPath).import-\(getpid())"
            fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            ownName = name
        }
        if fd < 0 {
            throw .io(operation: "create a file for the import beside", path: journalPath, reason: FileIO.errorText())
        }
        self.fd = fd
        self.ownName = ownName
        self.direct = tandem_is_direct(fd) != 0
    }

    /// Reads and writes go through the page cache from now on.
    func stopDirect() {
        if direct, tandem_stop_direct(fd) == 0 { direct = false }
    }

    deinit {
        Glibc.close(fd)
        if let ownName { unlink(ownName) }
    }

    /// Gives the staging file the journal's name, made durable; fails without
    /// replacing anything if a file of that name appeared meanwhile.
    func name(disk: DiskCalls) throws(JournalError) {
        let code = disk.sync(fd)
        if code != 0 {
            throw .notSaved("the disk did not confirm the import (fsync: \(FileIO.errorText(code)))")
        }
        let named = if let ownName { link(ownName, journalPath) } else { tandem_name_unnamed(fd, journalPath) }
        if named != 0 {
            if errno == EEXIST {
                throw .io(operation: "create", path: journalPath, reason: "a file of that name appeared while the import was checked; nothing imported")
            }
            throw .io(operation: "create", path: journalPath, reason: FileIO.errorText())
        }
        if let ownName {
            unlink(ownName)
            self.ownName = nil
        }
        do { try disk.syncDirectory(journalPath) } catch {
            // The name may not survive a power cut: say so, and leave no journal behind.
            unlink(journalPath)
            throw error
        }
    }
}
