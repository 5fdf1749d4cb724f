/// How a commit's lines, once written to the journal, are made durable: in
/// the commit log beside it (`LoggedDurability`), or by syncing the journal
/// itself (`SyncedDurability`, where no log can be kept). A commit is saved
/// only once its lines are durable.
protocol Durability: AnyObject {
    /// Makes `bytes`, just written at `offset` of the journal (`fd`), durable;
    /// returns why it could not (the journal then stops writing).
    func makeDurable(_ bytes: [UInt8], at offset: Int, journal fd: Int32, disk: DiskCalls) -> String?
    /// The journal itself was synced up to `end` (a bulk append, a cut).
    func journalSynced(upTo end: Int)
    /// The journal is closing at `length`: what is durable only in the log goes to the journal too.
    func close(journal fd: Int32, length: Int, disk: DiskCalls)
}

/// Each commit syncs the journal.
final class SyncedDurability: Durability {
    func makeDurable(_ bytes: [UInt8], at offset: Int, journal fd: Int32, disk: DiskCalls) -> String? {
        let code = disk.sync(fd)
        return code == 0 ? nil : SyncedDurability.unconfirmed(code)
    }

    func journalSynced(upTo end: Int) {}
    func close(journal fd: Int32, length: Int, disk: DiskCalls) {}

    static func unconfirmed(_ code: Int32) -> String {
        "the disk did not confirm the write (fsync: \(FileIO.errorText(code)))"
    }
}

/// Each commit's lines go to the commit log too, and only the log is synced
/// (see `CommitLog`); when the log is full, or another process wrote the
/// journal meanwhile, the journal is synced instead and the log starts again.
final class LoggedDurability: Durability {
    private let log: CommitLog

    /// Readies the log of the journal at `path`; the journal as it stands
    /// (`fd`, `length`) is synced first, so that every line before the log's
    /// first record is on disk. Nil when the log cannot be kept.
    init?(journalPath path: String, journalID: String, fd: Int32, length: Int, disk: DiskCalls) {
        guard disk.sync(fd) == 0, let log = try? CommitLog.open(for: path, journalID: journalID, disk: disk) else { return nil }
        log.restart(journalEnd: length)
        self.log = log
    }

    func makeDurable(_ bytes: [UInt8], at offset: Int, journal fd: Int32, disk: DiskCalls) -> String? {
        guard log.canLog(count: bytes.count, at: offset) else {
            let code = disk.sync(fd)
            if code != 0 { return SyncedDurability.unconfirmed(code) }
            log.restart(journalEnd: offset + bytes.count)
            return nil
        }
        let record = CommitLog.record(of: bytes, at: offset)
        let recordStart = log.position
        if let code = disk.writeAll(log.fd, record, at: recordStart).error {
            log.withdraw(at: recordStart, disk: disk)
            return "writing the commit log failed: \(FileIO.errorText(code))"
        }
        let code = disk.sync(log.fd)
        if code != 0 {
            log.withdraw(at: recordStart, disk: disk)
            return SyncedDurability.unconfirmed(code)
        }
        log.logged(recordSize: record.count, journalEnd: offset + bytes.count)
        return nil
    }

    func journalSynced(upTo end: Int) { log.restart(journalEnd: end) }

    func close(journal fd: Int32, length: Int, disk: DiskCalls) {
        if log.journalEnd == length { _ = disk.sync(fd) }
    }
}
