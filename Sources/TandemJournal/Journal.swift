#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TandemCore

/// A journal file: JSON Lines, a header line, then one event a line, each
/// carrying the SHA-256 of the line before it and a checksum of itself.
///
/// Several consoles may write one journal: each commit takes an exclusive
/// advisory lock, first reads what others appended (checking the chain), then
/// appends and fsyncs before unlocking. Readers take a shared lock, so nobody
/// reads a line while it is being written. A commit returns only once write
/// and fsync have both succeeded.
public final class Journal: EventStore {
    public enum Access: Equatable, Sendable {
        case readWrite
        case readOnly(reason: String)
    }

    /// What opening found: the journal, its records, and anything the user should be told.
    public struct Opened {
        public var journal: Journal
        public var records: [JournalRecord]
        public var notices: [String]
    }

    /// What opening found when each record went to the caller as it was read.
    public struct Opening {
        public var journal: Journal
        /// How many records were read.
        public var count: Int
        public var notices: [String]
        /// Where the journal stands after opening, for a snapshot of what was
        /// read (nil when there is nothing to keep, or the journal is damaged).
        public var key: SnapshotKey?
    }

    public let path: String
    public let header: JournalHeader
    public internal(set) var access: Access
    var position: ChainPosition
    /// File offset just past the last line this journal has read or written.
    var length: Int
    var fd: Int32
    /// Checking the lines a snapshot stood for, and saving a new snapshot, on a
    /// thread of their own after opening (see `openCaseFile`).
    var deferred: DeferredWork?
    /// Disk space is set aside up to here (see `DiskCalls.reserve`).
    private var reservedEnd = 0
    /// Damage was found: what was read cannot be kept as a snapshot.
    var isDamaged = false
    /// The deferred check's outcome has been taken in.
    var deferredCheckCollected = false
    private let now: () -> Timestamp
    /// Set after a failed write: nothing more is written this session.
    public private(set) var stoppedReason: String?
    /// Where commits are made durable (see `CommitLog`); readied when a writer opens or creates the journal.
    private var commitLog: CommitLog?
    /// The commit log could not be opened: each commit syncs the journal itself.
    private var commitLogUnavailable = false
    /// How long opening and verifying wait for another process's lock.
    static let lockPatience = 10.0
    /// How long a commit or a read waits for another process's lock before giving up.
    public var lockPatience = Journal.lockPatience
    /// Asked while a commit waits for another process's lock: false stops the wait (the commit is not made).
    public var whileWaitingForLock: (() -> Bool)?
    /// The disk calls an append makes (replaced by tests to inject failures).
    var disk = DiskCalls.system
    /// The roster as it stands at this journal's last line: whose key must sign a commit here.
    public internal(set) var roster = KeyRoster()
    /// The keys this journal's commits are signed with, by user name: the
    /// console's officer's, once opened (a scenario written at once holds each actor's).
    public var signers: [String: OfficerKey] = [:]

    init(path: String, header: JournalHeader, access: Access, position: ChainPosition, length: Int, fd: Int32, now: @escaping () -> Timestamp) {
        self.path = path
        self.header = header
        self.access = access
        self.position = position
        self.length = length
        self.fd = fd
        self.now = now
        identity = FileIdentity(fd: fd)
    }

    /// The file this journal opened: which one the path must still name at each commit.
    private let identity: FileIdentity?
    /// Where the last line read or written starts, when known (see `checkStillTheSame`).
    var lastLineStart: Int?

    deinit { close() }

    /// Releases the file; the journal can no longer be read or written.
    public func close() {
        guard fd >= 0 else { return }
        // Lines made durable by the commit log go to disk in the journal itself too.
        if let commitLog, commitLog.journalEnd == length { _ = disk.sync(fd) }
        commitLog = nil
        Glibc.close(fd)
        fd = -1
        access = .readOnly(reason: "the journal was closed")
    }

    public var lastSequence: Int { position.sequence }

    /// Nothing more is written through this handle, for the reason given (shown as why it is read-only).
    public func stopWriting(_ reason: String) { access = .readOnly(reason: reason) }
    public var isWritable: Bool { readOnlyReason == nil }
    public var readOnlyReason: String? {
        collectDeferredWork(waiting: false)
        if let stoppedReason { return "writing stopped: \(stoppedReason)" }
        if case .readOnly(let reason) = access { return reason }
        return nil
    }

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
            scan = try JournalScan.scan(fd: fd, path: path, end: size, progress: progress.map { report in { report($0, size) } },
                                        wanted: onlyTypes.map(JournalLine.typeFilter)) { record in
                roster.apply(record.event.change)
                each(record)
            }
        } catch {
            Glibc.close(fd)
            throw error
        }
        let journal = Journal(
            path: path, header: scan.header, access: access, position: scan.lines.position,
            length: scan.lines.goodEnd, fd: fd, now: now
        )
        if scan.lines.count > 0 { journal.lastLineStart = scan.lines.lastLineStart }
        journal.roster = roster
        defer { FileIO.unlock(fd) }
        var notices: [String] = []
        if case .readOnly(let reason) = access { notices.append("Read-only: \(reason).") }
        notices += FileIO.exposureWarnings(fd: fd, path: path)
        if let restored { notices.append(restored) }
        if let notice = try journal.settle(scan.problem, fileSize: size) { notices.append(notice) }
        journal.startCommitLog()
        return Opening(journal: journal, count: scan.lines.count, notices: notices,
                       key: journal.key(lastLineStart: scan.lines.lastLineStart))
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

    static func create(at path: String, id: String, now: @escaping () -> Timestamp, disk: DiskCalls) throws(JournalError) -> Opened {
        try FileIO.makeDirectories(FileIO.directory(of: path))
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 { throw .io(operation: "create", path: path, reason: FileIO.errorText()) }
        let created = now()
        let headerLine = JournalLine.header(id: id, created: created)
        let failure: JournalError?
        if let code = FileIO.writeAll(fd, headerLine + [0x0A], at: 0).error {
            failure = .io(operation: "write", path: path, reason: FileIO.errorText(code))
        } else if fsync(fd) != 0 {
            failure = .io(operation: "sync", path: path, reason: FileIO.errorText())
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
        let header = JournalHeader(version: JournalHeader.currentVersion, id: id, created: created)
        let journal = Journal(
            path: path, header: header, access: .readWrite,
            position: ChainPosition(sequence: 0, hash: JournalLine.hash(headerLine[...])),
            length: headerLine.count + 1, fd: fd, now: now
        )
        // Under the lock, as every other writer readies or uses the log (if the
        // lock cannot be had, the first commit readies it under its own).
        if (try? FileIO.lock(fd, exclusive: true, path: path, patience: lockPatience)) != nil {
            journal.startCommitLog()
            FileIO.unlock(fd)
        }
        return Opened(journal: journal, records: [], notices: ["Created a new journal at \(path)."])
    }

    static func newJournalID() -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int.random(in: 0..<16)] })
    }

    /// Deals with a problem found while reading: a torn last line is cut and
    /// kept aside when this journal may write (the caller holds the exclusive
    /// lock); damage makes the journal read-only. Returns what to tell the user.
    func settle(_ problem: ScanProblem?, fileSize: Int) throws(JournalError) -> String? {
        switch problem {
        case nil:
            return nil
        case .damage(let offset, let sequence, let reason)?:
            access = .readOnly(reason: "damaged at record \(sequence)")
            isDamaged = true
            return JournalError.damaged(sequence: sequence, offset: offset, reason: reason).description
                + " Showing the \(sequence - 1) records before it, read-only."
        case .tornTail(let offset, let sequence, let reason)?:
            guard access == .readWrite else {
                return "Ignored a torn last line (record \(sequence) at byte offset \(offset): \(reason))."
            }
            let side: String
            let torn: [UInt8]
            do {
                torn = try FileIO.read(fd, from: offset, count: fileSize - offset, path: path)
                side = try SideFile.write(torn, beside: path, kind: "torn", now: now)
            } catch {
                // Nothing is cut that cannot be kept: the journal stays as it is, read-only.
                access = .readOnly(reason: "a torn last line could not be set aside (\(error.description))")
                return "Found a torn last line (record \(sequence) at byte offset \(offset): \(reason)) but could not keep it aside, so it stays and the journal is read-only: \(error.description)"
            }
            // In place of the torn bytes, a note of what was set aside, numbered past every
            // line they held: a sequence number the torn lines had is never used again.
            let time = now()
            let note = JournalRepair(
                id: "TORN-" + time.iso8601.filter { $0.isNumber || $0 == "T" }, setAside: side, bytes: torn.count,
                sha256: SideFile.sha256(torn), fromSequence: sequence, reason: "a torn tail: \(reason)")
            var skipped = ChainPosition(sequence: Journal.lastNumber(setAside: torn, from: sequence), hash: position.hash)
            var line: [UInt8] = []
            Journal.appendLine(for: Event(time: time, actor: Journal.actor, change: .journalRepaired(note)), after: &skipped, to: &line)
            let (written, _) = disk.writeAll(fd, line, at: offset)
            if written != line.count || ftruncate(fd, off_t(offset + line.count)) != 0 || fsync(fd) != 0 {
                throw .io(operation: "cut the torn last line of", path: path, reason: FileIO.errorText())
            }
            CommitLog.forget(beside: path)
            length = offset + line.count
            lastLineStart = offset
            position = skipped
            return "Cut a torn last line (record \(sequence), \(torn.count) bytes at byte offset \(offset): \(reason)); kept in \(side), "
                + "and noted in the journal as record \(skipped.sequence) (numbers \(sequence)–\(skipped.sequence - 1) are not used again)."
        }
    }

    /// Before a commit: the path still names the file this journal opened, and
    /// the last line it read or wrote is still there unchanged. Otherwise the
    /// journal was replaced (a copy moved over it) or changed on disk (a line
    /// rewritten in place), a commit would land on a file nobody reads or on a
    /// broken chain, and nothing more is written.
    func checkStillTheSame() throws(JournalError) {
        // Device and inode alone: a full stat here would slow the sync that follows (see identity.h).
        let replaced = identity.map { FileIdentity(path: path) != $0 } ?? false
        var changed = false
        if !replaced {
            let line = try? lastLine()
            changed = line.map { JournalLine.hash($0[...]) != position.hash } ?? true
        }
        guard replaced || changed else { return }
        let why = replaced
            ? "\(path) was replaced by another file while it was open"
            : "\(path) was changed on disk while it was open (record \(position.sequence) is no longer what was read)"
        access = .readOnly(reason: why)
        stoppedReason = why
        throw JournalError.notSaved(why + "; reopen the journal to see what it now holds")
    }

    /// The bytes of the last line read or written, without its newline: one read
    /// where its start is known, a search back from the end where it is not.
    private func lastLine() throws(JournalError) -> [UInt8] {
        guard let start = lastLineStart, start < length else { return try JournalScan.line(endingAt: length, fd: fd, path: path) }
        let bytes = try FileIO.read(fd, from: start, count: length - start, path: path)
        guard bytes.last == 0x0A else { throw .io(operation: "read", path: path, reason: "no line ends at byte \(length)") }
        return Array(bytes.dropLast())
    }

    /// Reads what others appended since this journal last looked. The caller holds a lock.
    private func catchUp() throws(JournalError) -> (records: [JournalRecord], notice: String?) {
        let size = try FileIO.end(fd, path: path)
        if size == length { return ([], nil) }
        if size < length {
            access = .readOnly(reason: "the file became shorter while open")
            throw .damaged(sequence: position.sequence, offset: size, reason: "the file became shorter while it was open (\(length) → \(size) bytes)")
        }
        let start = length
        let bytes = try FileIO.read(fd, from: start, count: size - start, path: path)
        var scan = LineScan(after: position, at: start)
        // Lines from other consoles count once their commit's signature and roles hold.
        var check = SignatureCheck(roster: roster)
        var records: [JournalRecord] = []
        var commit: [JournalRecord] = []
        var forged: SignatureProblem?
        _ = scan.feed(HashedChunk(bytes: bytes, fileOffset: start), isLast: true, commitEnded: { seal in
            defer { commit = [] }
            guard forged == nil else { return }
            switch check.close(seal) {
            case .fine: records += commit
            case .verify(let signature):
                if signature.holds { records += commit } else { forged = SignatureCheck.forged(signature) }
            case .problem(let problem): forged = problem
            }
        }) { record in
            check.take(record)
            commit.append(record)
        }
        // What a damaged batch left before its damage (unsigned, so only where nothing is signed).
        if forged == nil, !check.roster.signs { records += commit }
        position = scan.position
        length = scan.goodEnd
        lastLineStart = scan.count > 0 ? scan.lastLineStart : lastLineStart
        roster = check.roster
        if let forged {
            access = .readOnly(reason: "record \(forged.sequence) does not hold its signature or role")
            isDamaged = true
            return (records, JournalError.damaged(sequence: forged.sequence, offset: forged.offset, reason: forged.reason).description
                        + " It and what follows are not shown, and nothing more can be saved. Run `tandem verify`.")
        }
        let notice = try settle(scan.problem, fileSize: size)
        return (records, notice)
    }

    // MARK: EventStore

    /// Notices from following or committing (a torn line cut, damage found)
    /// that the user has not been told yet.
    public internal(set) var pendingNotices: [String] = []

    public func takeNotices() -> [String] {
        defer { pendingNotices = [] }
        return pendingNotices
    }

    public func newRecords() throws(JournalError) -> [JournalRecord] {
        guard fd >= 0 else { return [] }
        collectDeferredWork(waiting: false)
        if let size = try? FileIO.end(fd, path: path), size == length { return [] }
        try FileIO.lock(fd, exclusive: false, path: path, patience: lockPatience)
        defer { FileIO.unlock(fd) }
        let (records, notice) = try catchUp()
        if let notice { pendingNotices.append(notice) }
        return records
    }

    public func commit(_ decide: ([JournalRecord]) throws -> [Event]) throws -> [JournalRecord] {
        collectDeferredWork(waiting: true)
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        try FileIO.lock(fd, exclusive: true, path: path, patience: lockPatience, waiting: whileWaitingForLock)
        defer { FileIO.unlock(fd) }
        try checkStillTheSame()
        let (foreign, notice) = try catchUp()
        if let notice { pendingNotices.append(notice) }
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        let events = try decide(foreign)
        if events.isEmpty { return [] }
        return try write(events)
    }

    /// Appends events decided without looking at others' changes. Refuses
    /// (writing nothing) if another process appended in the meantime.
    @discardableResult
    public func append(_ events: [Event]) throws -> [JournalRecord] {
        try commit { foreign in
            guard foreign.isEmpty else { throw JournalError.stale(foreign.count) }
            return events
        }
    }

    /// Appends each event as a commit of its own (a scenario replayed as it happened).
    public func appendEach(_ events: [Event]) throws {
        for event in events { try append([event]) }
    }

    public func records(from sequence: Int) throws(JournalError) -> [JournalRecord] {
        var records: [JournalRecord] = []
        try read { if $0.sequence >= sequence { records.append($0) } }
        return records
    }

    /// The records about one record: those whose entity it is, and links to it.
    /// Only the lines that name it are decoded; every line is still checked
    /// against the chain.
    public func records(about code: String) throws(JournalError) -> [JournalRecord] {
        let entity = Array(JSONValue.string(code).text.utf8)
        var records: [JournalRecord] = []
        try read(wanted: { ByteSearch.firstIndex(of: entity, in: $0) != nil }) { record in
            let change = record.event.change
            if change.entity == code { records.append(record) }
            else if case .linkAdded(let link) = change, link.to == code { records.append(record) }
        }
        return records
    }

    /// Reads this journal's records afresh, as far as it has read or written.
    private func read(wanted: (@Sendable (ArraySlice<UInt8>) -> Bool)? = nil, _ each: (JournalRecord) -> Void) throws(JournalError) {
        try FileIO.lock(fd, exclusive: false, path: path, patience: lockPatience)
        defer { FileIO.unlock(fd) }
        let scan = try JournalScan.scan(fd: fd, path: path, end: length, wanted: wanted, each)
        if let problem = scan.problem {
            throw .damaged(sequence: problem.sequence, offset: problem.offset, reason: problem.reason)
        }
    }

    /// Appends a long run of events the caller has decided (a made-up journal
    /// for benchmarks): written in large pieces and made durable by one fsync
    /// at the end, under the exclusive lock throughout. Refuses, writing
    /// nothing, if another process appended first; if a write fails, everything
    /// this call wrote is taken back. Returns how many events were appended.
    @discardableResult
    public func appendMany(_ events: some Sequence<Event>, progress: ((Int) -> Void)? = nil) throws -> Int {
        var roster = self.roster
        let count = try appendInPieces(progress: progress) { start, write throws(JournalError) in
            // Each piece is a batch of its own, so that a reader holds at most one piece's records back.
            // Where the roster signs, each event is a commit of its own, signed by its actor.
            var next = start
            var pending: [UInt8] = []
            pending.reserveCapacity(Self.bulkPiece + 4096)
            var batch = BatchLines()
            var count = 0
            for event in events {
                switch roster.requiredKey(actor: event.actor, events: [event]) {
                case .failure(let refusal): throw .cannotSign(refusal.reason)
                case .success(nil) where !roster.signs:
                    batch.add(event, after: &next, to: &pending)
                case .success(let key):
                    batch.close(after: &next, to: &pending)
                    let signer = signers[event.actor]
                    if let key, signer?.publicText != key {
                        throw .cannotSign("a change by \(event.actor) is signed with the key the roster holds for \(event.actor), and \(event.actor)'s key is not open here")
                    }
                    Journal.appendLine(for: event, signer: key == nil ? nil : signer, after: &next, to: &pending)
                }
                _ = roster.takeCommit([event])
                count += 1
                if pending.count >= Self.bulkPiece {
                    batch.close(after: &next, to: &pending)
                    try write(pending, count)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            batch.close(after: &next, to: &pending)
            if !pending.isEmpty { try write(pending, count) }
            return (next, count)
        }
        self.roster = roster
        return count
    }

    /// Appends lines made ahead (an import, whose rows are checked while the
    /// lines are made on another core), in one commit as `appendMany` does.
    /// Refuses, writing nothing, if the journal has moved on since they were
    /// begun, or if they could not all be written to their staging file.
    /// `cancelled` is asked before each piece and before the lines are made
    /// durable: when it says so (Ctrl-C), what was written is taken back.
    @discardableResult
    public func append(_ prepared: PreparedLines, progress: ((Int) -> Void)? = nil, cancelled: @escaping () -> Bool = { false }) throws -> Int {
        precondition(prepared.header == nil, "lines made for a new journal go to Journal.create(with:)")
        prepared.flush()
        if let failure = prepared.failure { throw failure }
        return try appendInPieces(expecting: prepared.start, progress: progress, cancelled: cancelled) { _, write throws(JournalError) in
            var from = prepared.linesStart
            var piece: [UInt8] = []
            for (end, lines) in prepared.writes {
                try FileIO.read(prepared.staging.fd, from: from, count: end - from, into: &piece, path: prepared.staging.journalPath)
                try write(piece, lines)
                from = end
            }
            return (prepared.end, prepared.count)
        }
    }

    /// Starts lines that will follow on from this journal's last line, made by
    /// `actor` and signed with this journal's signer where the roster requires it.
    public func beginLines(actor: String) throws(JournalError) -> PreparedLines {
        let lines = try PreparedLines(after: position, beside: path, disk: disk)
        lines.signer = try signer(actor: actor, events: [])
        return lines
    }

    /// Starts lines that will make a new journal at `path`, which must not exist
    /// yet; it appears only when `create(with:)` commits them.
    public static func beginNew(at path: String, now: () -> Timestamp) throws(JournalError) -> PreparedLines {
        try beginNew(at: path, now: now, disk: .system)
    }

    static func beginNew(at path: String, id: String = newJournalID(), now: () -> Timestamp, disk: DiskCalls) throws(JournalError) -> PreparedLines {
        if FileIO.fileExists(path) { throw .io(operation: "create", path: path, reason: "it exists") }
        let created = now()
        let line = JournalLine.header(id: id, created: created)
        let header = JournalHeader(version: JournalHeader.currentVersion, id: id, created: created)
        let start = ChainPosition(sequence: 0, hash: JournalLine.hash(line[...]))
        return try PreparedLines(after: start, beside: path, header: (header, line), disk: disk)
    }

    /// Puts a new journal made of `prepared` in place in one step (its lines
    /// synced, then its name given and synced). Refuses, leaving nothing behind,
    /// if a file of its name appeared meanwhile. Returns how many events it holds.
    @discardableResult
    public static func create(with prepared: PreparedLines) throws -> Int {
        precondition(prepared.header != nil, "lines made for an existing journal go to its append(_:)")
        prepared.flush()
        if let failure = prepared.failure { throw failure }
        try prepared.staging.name(disk: prepared.disk)
        return prepared.count
    }

    /// The one commit of a bulk append: `produce` hands each piece of lines to
    /// `write` with the number of events so far, and says where the chain ends.
    private func appendInPieces(
        expecting expected: ChainPosition? = nil, progress: ((Int) -> Void)?, cancelled: @escaping () -> Bool = { false },
        _ produce: (ChainPosition, ([UInt8], Int) throws(JournalError) -> Void) throws -> (ChainPosition, Int)
    ) throws -> Int {
        collectDeferredWork(waiting: true)
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        try FileIO.lock(fd, exclusive: true, path: path, patience: lockPatience, waiting: whileWaitingForLock)
        defer { FileIO.unlock(fd) }
        try checkStillTheSame()
        let (foreign, _) = try catchUp()
        guard foreign.isEmpty else { throw JournalError.stale(foreign.count) }
        if let expected, expected != position { throw JournalError.stale(position.sequence - expected.sequence) }
        let start = length
        var written = start
        /// Takes back what this call wrote: the journal ends where it did.
        func takeBack() throws(JournalError) {
            if ftruncate(fd, off_t(start)) != 0 || disk.sync(fd) != 0 {
                throw stop(because: "what was written could not be taken back (\(FileIO.errorText()))", partial: true)
            }
            length = start
        }
        let produced: (ChainPosition, Int)
        do {
            produced = try produce(position) { (bytes: [UInt8], count: Int) throws(JournalError) in
            if cancelled() {
                try takeBack()
                throw JournalError.cancelled("The import")
            }
            let result = disk.writeAll(fd, bytes, at: written)
            if let code = result.error {
                length = start
                throw stop(because: "writing failed: \(FileIO.errorText(code))", partial: true)
            }
            written += bytes.count
            progress?(count)
            }
        } catch {
            // Refused part way (an event that could not be signed): what was written is taken back.
            if written > start, length == start { try takeBack() }
            throw error
        }
        let (next, count) = produced
        if count == 0 { return 0 }
        if cancelled() {
            try takeBack()
            throw JournalError.cancelled("The import")
        }
        let syncError = disk.sync(fd)
        if syncError != 0 {
            length = start
            throw stop(because: "the disk did not confirm the write (fsync: \(FileIO.errorText(syncError)))", partial: true)
        }
        length = written
        lastLineStart = nil
        position = next
        commitLog?.restart(journalEnd: written)
        progress?(count)
        return count
    }

    /// Who writes what the journal notes of itself (a torn tail set aside).
    static let actor = "tandem"

    /// The highest number the lines of set-aside bytes had, or would have had: one
    /// each, from `first`, a piece without its newline included.
    static func lastNumber(setAside bytes: [UInt8], from first: Int) -> Int {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true).count
        return first - 1 + max(1, lines)
    }

    /// Adds the line of the event that follows `position` in the chain, and moves the position on to it.
    static func appendLine(
        for event: Event, batch: JournalLine.BatchMark? = nil, signer: OfficerKey? = nil, after position: inout ChainPosition, to bytes: inout [UInt8]
    ) {
        position.sequence += 1
        let start = bytes.count
        JournalLine.appendEvent(event, sequence: position.sequence, previousHash: position.hash, batch: batch, signer: signer, to: &bytes)
        position.hash = JournalLine.hash(bytes[start...])
        bytes.append(0x0A)
    }

    /// How much `appendMany` gathers before each write.
    static let bulkPiece = 4 << 20

    /// The key a commit of `events` is signed with, as the roster requires here
    /// (nil when it need not be signed); refuses when this console does not hold it.
    func signer(actor: String, events: [Event]) throws(JournalError) -> OfficerKey? {
        switch roster.requiredKey(actor: actor, events: events) {
        case .failure(let refusal): throw .cannotSign(refusal.reason)
        case .success(nil): return nil
        case .success(let key?):
            guard let signer = signers[actor], signer.publicText == key else {
                throw .cannotSign("a change by \(actor) is signed with the key the roster holds for \(actor), and \(actor)'s key is not open here")
            }
            return signer
        }
    }

    private func write(_ events: [Event]) throws(JournalError) -> [JournalRecord] {
        var next = position
        let signer = try signer(actor: events[0].actor, events: events)
        let (bytes, records) = BatchLines.lines(of: events, signer: signer, after: &next)
        if length + bytes.count > reservedEnd {
            reservedEnd = length + bytes.count + DiskCalls.reservation
            disk.reserve(fd, length, reservedEnd - length)
        }
        let result = disk.writeAll(fd, bytes, at: length)
        if let code = result.error {
            throw stop(because: "writing failed: \(FileIO.errorText(code))", partial: result.written > 0)
        }
        try makeDurable(bytes, at: length)
        lastLineStart = length + (bytes.dropLast().lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
        length += bytes.count
        position = next
        _ = roster.takeCommit(events)
        return records
    }

    /// Readies the commit log for this writer. The journal as it stands is
    /// synced first, so that every line before the log's first record is on
    /// disk; without a log, each commit syncs the journal itself.
    func startCommitLog() {
        guard access == .readWrite, stoppedReason == nil, commitLog == nil, !commitLogUnavailable else { return }
        guard disk.sync(fd) == 0, let log = try? CommitLog.open(for: path, journalID: header.id) else {
            commitLogUnavailable = true
            return
        }
        log.restart(journalEnd: length)
        commitLog = log
    }

    /// Makes lines just written at `offset` durable: in the commit log when
    /// they can go there, otherwise by syncing the journal, after which the log
    /// starts again.
    private func makeDurable(_ bytes: [UInt8], at offset: Int) throws(JournalError) {
        let end = offset + bytes.count
        if commitLog == nil { startCommitLog() }
        if let log = commitLog, log.canLog(count: bytes.count, at: offset) {
            let record = CommitLog.record(of: bytes, at: offset)
            let recordStart = log.position
            if let code = disk.writeAll(log.fd, record, at: recordStart).error {
                log.withdraw(at: recordStart, disk: disk)
                throw stop(because: "writing the commit log failed: \(FileIO.errorText(code))", partial: true)
            }
            let syncError = disk.sync(log.fd)
            if syncError != 0 {
                log.withdraw(at: recordStart, disk: disk)
                throw stop(because: "the disk did not confirm the write (fsync: \(FileIO.errorText(syncError)))", partial: true)
            }
            log.logged(recordSize: record.count, journalEnd: end)
            return
        }
        let syncError = disk.sync(fd)
        if syncError != 0 {
            throw stop(because: "the disk did not confirm the write (fsync: \(FileIO.errorText(syncError)))", partial: true)
        }
        commitLog?.restart(journalEnd: end)
    }

    private func stop(because reason: String, partial: Bool) -> JournalError {
        stoppedReason = reason
        // Best effort: take back a half-written batch so the file still verifies.
        if partial { _ = ftruncate(fd, off_t(length)); _ = fsync(fd) }
        return .notSaved(reason)
    }
}
