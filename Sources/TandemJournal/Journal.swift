#if canImport(Glibc)
import Glibc
#endif
import TandemCore

/// A journal file: JSON Lines, a header line, then one event a line, each
/// carrying the SHA-256 of the line before it and a checksum of itself.
///
/// Several consoles may write one journal: each commit takes an exclusive
/// advisory lock, first reads what others appended (checking the chain), then
/// appends and makes the lines durable (see `Durability`) before unlocking.
/// Readers take a shared lock, so nobody reads a line while it is being
/// written. A commit returns only once its lines are written and durable.
///
/// Its parts, a file each: opening (`JournalOpening`, with or without a
/// snapshot: `JournalSnapshots`), following other consoles and settling what
/// reading found (`JournalFollow`), bulk appends and imports (`JournalImport`),
/// durability (`Durability`), and `verify` (`Verify`). Lines are read by
/// `JournalScan` through the line codec (`LineEnvelope`) and written by `JournalLine`.
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
    var reservedEnd = 0
    /// Damage was found: what was read cannot be kept as a snapshot.
    public internal(set) var isDamaged = false
    /// The deferred check's outcome has been taken in.
    var deferredCheckCollected = false
    let now: () -> Timestamp
    /// Set after a failed write: nothing more is written this session.
    public internal(set) var stoppedReason: String?
    /// How commits are made durable; readied when a writer opens or creates the journal, or at its first commit.
    var durability: Durability?
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
    let identity: FileIdentity?
    /// Where the last line read or written starts, when known (see `checkStillTheSame`).
    var lastLineStart: Int?

    deinit { close() }

    /// Releases the file; the journal can no longer be read or written.
    public func close() {
        guard fd >= 0 else { return }
        durability?.close(journal: fd, length: length, disk: disk)
        durability = nil
        Glibc.close(fd)
        fd = -1
        access = .readOnly(reason: "the journal was closed")
    }

    public var lastSequence: Int { position.sequence }

    /// Nothing more is written through this handle, for the reason given (shown as why it is read-only).
    public func stopWriting(_ reason: String) { access = .readOnly(reason: reason) }
    public var isWritable: Bool { readOnlyReason == nil }
    /// Why nothing can be written, when so. Reading it changes nothing: the
    /// deferred check's failure is taken in (and said) by `takeNotices`, `newRecords` and `commit`.
    public var readOnlyReason: String? {
        if let stoppedReason { return "writing stopped: \(stoppedReason)" }
        if case .readOnly(let reason) = access { return reason }
        if case .failed(let sequence, _, _)? = deferred?.checkOutcome { return "damaged at record \(sequence)" }
        return nil
    }

    // MARK: EventStore

    /// Notices from following or committing (a torn line cut, damage found)
    /// that the user has not been told yet.
    public internal(set) var pendingNotices: [String] = []

    public func takeNotices() -> [String] {
        collectDeferredWork(waiting: false)
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
        try underWriteLock { foreign in
            let events = try decide(foreign)
            if events.isEmpty { return [] }
            return try write(events)
        }
    }

    /// How every write starts: the check left from opening waited for, the
    /// exclusive lock taken (and held while `body` runs), the file checked to
    /// be the one opened, and what others appended read and handed to `body`
    /// (its notices kept). Refuses, writing nothing, when the journal cannot be
    /// written, before or after reading what others appended.
    func underWriteLock<T>(waitingForCheck: Bool = true, _ body: ([JournalRecord]) throws -> T) throws -> T {
        collectDeferredWork(waiting: waitingForCheck)
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        try FileIO.lock(fd, exclusive: true, path: path, patience: lockPatience, waiting: whileWaitingForLock)
        defer { FileIO.unlock(fd) }
        try checkStillTheSame()
        let (foreign, notice) = try catchUp()
        if let notice { pendingNotices.append(notice) }
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        return try body(foreign)
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
        var records: [JournalRecord] = []
        try read(wanted: .about(code)) { record in
            let change = record.event.change
            if change.entity == code { records.append(record) }
            else if case .linkAdded(let link) = change, link.to == code { records.append(record) }
        }
        return records
    }

    /// Reads this journal's records afresh, as far as it has read or written.
    private func read(wanted: LineFilter? = nil, _ each: (JournalRecord) -> Void) throws(JournalError) {
        try FileIO.lock(fd, exclusive: false, path: path, patience: lockPatience)
        defer { FileIO.unlock(fd) }
        let scan = try JournalScan.scan(fd: fd, path: path, end: length, wanted: wanted, each)
        if let problem = scan.problem {
            throw .damaged(sequence: problem.sequence, offset: problem.offset, reason: problem.reason)
        }
    }

    /// Who writes what the journal notes of itself (a torn tail set aside).
    static let actor = "tandem"

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
        try writeLines(bytes)
        lastLineStart = length + (bytes.dropLast().lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
        length += bytes.count
        position = next
        _ = roster.takeCommit(events)
        return records
    }

    /// Writes whole lines at the end and, when `durable`, makes them durable
    /// (the caller then moves the end on); a failure stops writing, taking back what it wrote.
    func writeLines(_ bytes: [UInt8], durable: Bool = true) throws(JournalError) {
        if length + bytes.count > reservedEnd {
            reservedEnd = length + bytes.count + DiskCalls.reservation
            disk.reserve(fd, length, reservedEnd - length)
        }
        let result = disk.writeAll(fd, bytes, at: length)
        if let code = result.error {
            throw stop(because: "writing failed: \(FileIO.errorText(code))", partial: result.written > 0)
        }
        guard durable else { return }
        startDurability()
        if let why = durability?.makeDurable(bytes, at: length, journal: fd, disk: disk) { throw stop(because: why, partial: true) }
    }

    /// Readies how commits are made durable: in the commit log where one can
    /// be kept, else by syncing the journal at each commit.
    func startDurability() {
        guard durability == nil, access == .readWrite, stoppedReason == nil else { return }
        durability = LoggedDurability(journalPath: path, journalID: header.id, fd: fd, length: length, disk: disk) ?? SyncedDurability()
    }

    func stop(because reason: String, partial: Bool) -> JournalError {
        stoppedReason = reason
        // Best effort: take back a half-written batch so the file still verifies.
        if partial { _ = disk.truncate(fd, length); _ = disk.sync(fd) }
        return .notSaved(reason)
    }
}
