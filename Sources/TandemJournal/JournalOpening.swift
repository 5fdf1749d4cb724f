#if canImport(Glibc)
import Glibc
#endif
import TandemCore

extension Journal {
    /// Opens the journal at `path`, creating it (0600, in a 0700 folder) when it
    /// is missing and `create` is set, and returns every record. A torn last line
    /// is cut and kept in a side file; damage before the last line opens read-only.
    public static func open(
        at path: String, create: Bool, readOnly: Bool = false, now: @escaping () -> Timestamp
    ) throws(JournalError) -> Opened {
        var records: [JournalRecord] = []
        let opening = try open(at: path, create: create, readOnly: readOnly, now: now) { records.append($0) }
        return Opened(journal: opening.journal, records: records, notices: opening.notices)
    }

    /// Opens the journal as `open` does, handing each record to `each` as it is
    /// read instead of keeping them: a journal of millions of events is replayed
    /// without being held. The chain is checked as it goes: a record reaches
    /// `each` only once every line before it has been checked.
    public static func open(
        at path: String, create: Bool, readOnly: Bool = false, now: @escaping () -> Timestamp,
        progress: ((Int, Int) -> Void)? = nil, onlyTypes: Set<String>? = nil, each: (JournalRecord) -> Void
    ) throws(JournalError) -> Opening {
        if !FileIO.fileExists(path) {
            guard create, !readOnly else { throw .io(operation: "open", path: path, reason: "no such file") }
            let created = try Journal.create(at: path, id: newJournalID(), now: now)
            return Opening(journal: created.journal, count: 0, notices: created.notices)
        }
        // From the first line, the opening always finds its start.
        let (journal, scan, notices) = try openReading(path, readOnly: readOnly, from: .beginning, now: now, progress: progress,
                                                       wanted: onlyTypes.map(LineFilter.types), each: each)!
        return Opening(journal: journal, count: scan.lines.count, notices: notices,
                       key: journal.key(lastLineStart: scan.lines.lastLineStart))
    }

    /// Where an opening starts reading: at the first event line, or after the
    /// line a snapshot was made after (its roster is the roster there).
    enum OpeningStart {
        case beginning
        case snapshot(SnapshotKey, roster: KeyRoster)
    }

    /// The one way an existing journal is opened: the file opened and locked
    /// (committed lines it lost put back first, see `lockForOpening`), its lines
    /// read from `start`, each good record handed to `each`, then what reading
    /// found settled (a torn tail cut, damage made read-only) and durability
    /// readied. Returns nil, having changed nothing, when the line a snapshot
    /// was made after is not in the journal any more.
    static func openReading(
        _ path: String, readOnly: Bool, from start: OpeningStart, now: @escaping () -> Timestamp,
        progress: ((Int, Int) -> Void)?, wanted: LineFilter?, each: (JournalRecord) -> Void
    ) throws(JournalError) -> (Journal, JournalScan, notices: [String])? {
        var (fd, access) = try openFile(path, readOnly: readOnly)
        let scan: JournalScan
        let size: Int
        let restored: String?
        var roster = KeyRoster()
        do {
            let log = try lockForOpening(fd, access: access, path: path, now: now)
            restored = log.notice
            if let why = log.readOnly { access = .readOnly(reason: why) }
            size = try FileIO.size(fd, path: path)
            let report = progress.map { report in { report($0, size) } }
            let take = { (record: JournalRecord) in
                roster.apply(record.event.change)
                each(record)
            }
            switch start {
            case .beginning:
                scan = try JournalScan.scan(fd: fd, path: path, end: size, progress: report, wanted: wanted, take)
            case .snapshot(let key, let atSnapshot):
                let (header, _, _) = try JournalScan.header(fd: fd, path: path)
                guard header.id == key.journalID, try lineMatches(key, fd: fd, path: path, size: size) else {
                    FileIO.unlock(fd)
                    Glibc.close(fd)
                    return nil
                }
                roster = atSnapshot
                scan = try JournalScan.scan(fd: fd, path: path, header: header, after: ChainPosition(sequence: key.sequence, hash: key.hash),
                                            from: key.length, end: size, progress: report, wanted: wanted, take)
            }
        } catch {
            Glibc.close(fd)
            throw error
        }
        defer { FileIO.unlock(fd) }
        let journal = Journal(path: path, header: scan.header, access: access, position: scan.lines.position,
                              length: scan.lines.goodEnd, fd: fd, now: now)
        if scan.lines.count > 0 {
            journal.lastLineStart = scan.lines.lastLineStart
        } else if case .snapshot(let key, _) = start {
            journal.lastLineStart = key.lastLineStart
        }
        journal.roster = roster
        var notices: [String] = []
        if case .readOnly(let reason) = access { notices.append("Read-only: \(reason).") }
        notices += FileIO.exposureWarnings(fd: fd, path: path)
        if let restored { notices.append(restored) }
        if let notice = try journal.settle(scan.problem, fileSize: size) { notices.append(notice) }
        journal.startDurability()
        return (journal, scan, notices)
    }

    /// The key of a snapshot of this journal as read so far, if it is whole.
    func key(lastLineStart: Int) -> SnapshotKey? {
        guard position.sequence > 0, lastLineStart < length, !isDamaged else { return nil }
        return SnapshotKey(journalID: header.id, length: length, lastLineStart: lastLineStart,
                           sequence: position.sequence, hash: position.hash)
    }

    /// Takes the lock an opening reads under. A writer first puts back any
    /// committed lines the journal lost or holds otherwise after the computer
    /// stopped (see `CommitLog.restore`); a reader is told of them. Returns what
    /// to say, and why the journal must be read-only, if it must.
    static func lockForOpening(_ fd: Int32, access: Access, path: String, now: () -> Timestamp)
        throws(JournalError) -> (notice: String?, readOnly: String?)
    {
        try FileIO.lock(fd, exclusive: access == .readWrite, path: path, patience: lockPatience)
        guard access == .readWrite else { return (CommitLog.pendingNotice(journalFD: fd, journalPath: path), nil) }
        do {
            return try CommitLog.restore(journalFD: fd, journalPath: path, disk: .system, now: now)
        } catch {
            let why = "committed changes in \(CommitLog.path(for: path)) could not be put back (\(error.description))"
            return ("The journal lacks committed changes: \(why). It is open read-only.", why)
        }
    }

    /// Opens the file for reading and, unless `readOnly`, writing; falls back to
    /// reading when this user or file system may not write it.
    static func openFile(_ path: String, readOnly: Bool) throws(JournalError) -> (Int32, Access) {
        var fd = try FileIO.openJournal(path, readOnly ? O_RDONLY : O_RDWR)
        var access = Access.readWrite
        if readOnly {
            access = .readOnly(reason: "opened with --read-only")
        } else if fd < 0 && (errno == EACCES || errno == EROFS) {
            let why = errno == EROFS ? "it is on a read-only file system" : "this user may not write the file"
            fd = try FileIO.openJournal(path, O_RDONLY)
            access = .readOnly(reason: why)
        }
        if fd < 0 { throw .io(operation: "open", path: path, reason: FileIO.errorText()) }
        return (fd, access)
    }

    /// Creates a new, empty journal (0600, in a 0700 folder); fails if the file exists.
    public static func create(at path: String, id: String, now: @escaping () -> Timestamp) throws(JournalError) -> Opened {
        try create(at: path, id: id, now: now, disk: .system)
    }

    /// With `headerLine` and `header`, the new journal starts with that header line (a copy of another journal).
    static func create(
        at path: String, id: String, now: @escaping () -> Timestamp, disk: DiskCalls,
        headerLine given: [UInt8]? = nil, header givenHeader: JournalHeader? = nil
    ) throws(JournalError) -> Opened {
        try FileIO.makeDirectories(FileIO.directory(of: path))
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 { throw .io(operation: "create", path: path, reason: FileIO.errorText()) }
        let created = now()
        let headerLine = given ?? JournalLine.header(id: id, created: created)
        let failure: JournalError?
        if let code = disk.writeAll(fd, headerLine + [0x0A], at: 0).error {
            failure = .io(operation: "write", path: path, reason: FileIO.errorText(code))
        } else if case let code = disk.sync(fd), code != 0 {
            failure = .io(operation: "sync", path: path, reason: FileIO.errorText(code))
        } else {
            failure = nil
        }
        if let failure {
            Glibc.close(fd)
            unlink(path)
            throw failure
        }
        do { try disk.syncDirectory(path) } catch {
            // The new file's name may not survive a power cut: say so, and leave no journal behind.
            Glibc.close(fd)
            unlink(path)
            throw error
        }
        let header = givenHeader ?? JournalHeader(version: JournalHeader.currentVersion, id: id, created: created)
        let journal = Journal(
            path: path, header: header, access: .readWrite,
            position: ChainPosition(sequence: 0, hash: JournalLine.hash(headerLine[...])),
            length: headerLine.count + 1, fd: fd, now: now
        )
        // Under the lock, as every other writer readies or uses the log (if the
        // lock cannot be had, the first commit readies it under its own).
        if (try? FileIO.lock(fd, exclusive: true, path: path, patience: lockPatience)) != nil {
            journal.startDurability()
            FileIO.unlock(fd)
        }
        return Opened(journal: journal, records: [], notices: ["Created a new journal at \(path)."])
    }

    static func newJournalID() -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int.random(in: 0..<16)] })
    }
}
