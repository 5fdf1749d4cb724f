#if canImport(Glibc)
import Glibc
#endif
import TandemCore

/// The lines of one commit, made and signed but not yet written: what a shared
/// store offers its server before it keeps them in its local copy.
public struct MadeCommit: Sendable {
    /// Each line without its newline, in order.
    public let lines: [[UInt8]]
    public let records: [JournalRecord]
    /// Where in the chain the lines were made to follow, and where they end it.
    let start: ChainPosition
    let end: ChainPosition

    /// The sequence number the lines follow.
    public var after: Int { start.sequence }

    /// The lines as they stand in a journal file, each ended by a newline.
    public var bytes: [UInt8] { lines.flatMap { $0 + [0x0A] } }
}

/// A journal kept as a copy of another (the local cache of a shared journal):
/// it holds only lines the other holds, byte for byte, and takes them only
/// once they are checked as lines from another console are.
extension Journal {
    /// The hash of the last line, which the next line's `prev` names.
    public var lastHash: String { position.hash }

    /// The header line's exact bytes, without its newline.
    public func headerLine() throws(JournalError) -> [UInt8] {
        let start = try FileIO.read(fd, from: 0, count: min(length, 4096), path: path)
        guard let end = start.firstIndex(of: 0x0A) else { throw .notAJournal("the first line is not a Tandem journal header") }
        return Array(start[..<end])
    }

    /// The header line (without its newline) and the id of the journal at
    /// `path`, read without reading the rest of it.
    public static func headerLine(at path: String) throws(JournalError) -> (line: [UInt8], id: String) {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw .io(operation: "open", path: path, reason: FileIO.errorText()) }
        defer { Glibc.close(fd) }
        let (header, _, eventsStart) = try JournalScan.header(fd: fd, path: path)
        return (try FileIO.read(fd, from: 0, count: eventsStart - 1, path: path), header.id)
    }

    /// Makes and signs the lines a commit of `events` would add after the last
    /// line, as `commit` would, and writes nothing.
    public func makeLines(for events: [Event]) throws(JournalError) -> MadeCommit {
        precondition(!events.isEmpty, "a commit holds at least one event")
        // As a local commit does, a commit offered elsewhere waits for the check of what opening read.
        collectDeferredWork(waiting: true)
        if let reason = readOnlyReason { throw .readOnly(reason) }
        var next = position
        let signer = try signer(actor: events[0].actor, events: events)
        let (bytes, records) = BatchLines.lines(of: events, signer: signer, after: &next)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
        return MadeCommit(lines: lines, records: records, start: position, end: next)
    }

    /// Appends the lines of a commit `makeLines` made here, once the copied journal has taken them.
    /// When nothing came in since they were made, they are kept as made, as a local commit's lines are
    /// (they were made from this journal's end, and signed here); otherwise they are checked as copied
    /// lines are, but for their signature.
    public func appendMade(_ made: MadeCommit) throws -> [JournalRecord] {
        try underWriteLock(waitingForCheck: false) { foreign in
            guard position == made.start, foreign.isEmpty else { return try keepCopied(made.bytes, signatures: .madeHere, foreign: foreign) }
            let bytes = made.bytes
            // Not synced: see `keepCopied`.
            try writeLines(bytes, durable: false)
            lastLineStart = length + (bytes.dropLast().lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
            length += bytes.count
            position = made.end
            _ = roster.takeCommit(made.records.map(\.event))
            return made.records
        }
    }

    /// Appends `bytes`, whole lines the copied journal holds after this one's
    /// last line. They are checked first (the chain, each line, each commit's
    /// signature and roles); lines that do not hold are not written, the journal
    /// turns read-only and the error names the first bad record. Returns the
    /// records they hold.
    public func appendCopied(_ bytes: [UInt8], signatures: CopiedSignatures = .checkNow) throws -> [JournalRecord] {
        if bytes.isEmpty { return [] }
        // Copied lines are checked on their own, from the chain position opening checked (the snapshot's line, and
        // what follows it): they need not wait for the check of the lines the snapshot stood for, still running
        // after a console opens. If that check finds damage, the copy turns read-only then, as any journal does.
        return try underWriteLock(waitingForCheck: false) { foreign in try keepCopied(bytes, signatures: signatures, foreign: foreign) }
    }

    /// Checks and keeps copied lines, under the write lock; `foreign`: lines another writer added to the file.
    private func keepCopied(_ bytes: [UInt8], signatures: CopiedSignatures, foreign: [JournalRecord]) throws -> [JournalRecord] {
        // Only the copied journal's lines belong here: a line written some other way breaks the copy.
        guard foreign.isEmpty else {
            let why = "\(path) holds lines the shared journal does not (written to the cache directly)"
            access = .readOnly(reason: why)
            throw JournalError.readOnly(why)
        }
        let start = length
        let deferring = signatures == .leaveToOpeningCheck && deferred?.extendSignatures(from: start, to: nil) == true
        let checked = check(bytes, verifyingSignatures: !deferring && signatures != .madeHere)
        if let forged = checked.forged {
            let notice = refuseForged(forged)
            pendingNotices.append(notice)
            throw JournalError.damaged(sequence: forged.sequence, offset: forged.offset, reason: forged.reason)
        }
        if let problem = checked.problem {
            let (sequence, offset, reason) = switch problem {
            case .tornTail(let offset, let sequence, let reason), .damage(let offset, let sequence, let reason): (sequence, offset, reason)
            }
            access = .readOnly(reason: "damaged at record \(sequence)")
            isDamaged = true
            throw JournalError.damaged(sequence: sequence, offset: offset, reason: reason)
        }
        // Not synced: every line here is kept by the copied journal already (the server), and a
        // copy that lost its last lines after a crash reads them again (see `cutUnfinishedLine`).
        try writeLines(bytes, durable: false)
        if deferring { _ = deferred?.extendSignatures(from: start, to: checked.goodEnd) }
        length = checked.goodEnd
        lastLineStart = checked.lastLineStart ?? lastLineStart
        position = checked.position
        roster = checked.roster
        return checked.records
    }

    /// Creates a journal at `path` (which must not exist) whose header is
    /// `headerLine`, byte for byte: the start of a copy of another journal.
    public static func create(at path: String, headerLine: [UInt8], now: @escaping () -> Timestamp) throws(JournalError) -> Opened {
        let header: JournalHeader
        do { header = try JournalLine.decodeHeader(headerLine[...]) } catch {
            throw .notAJournal("the shared journal's header is not a Tandem journal header")
        }
        return try create(at: path, id: header.id, now: now, disk: .system, headerLine: headerLine, header: header)
    }
}

extension Journal {
    /// Hands each event line's exact bytes (without its newline) to `body`, in order, as far as this journal has read or written.
    public func forEachLine(_ body: ([UInt8]) -> Void) throws(JournalError) {
        try FileIO.lock(fd, exclusive: false, path: path, patience: lockPatience)
        defer { FileIO.unlock(fd) }
        let piece = 4 << 20
        var offset = 0
        var carry: [UInt8] = []
        var first = true
        while offset < length {
            let bytes = try FileIO.read(fd, from: offset, count: min(piece, length - offset), path: path)
            offset += bytes.count
            var start = 0
            while let end = bytes[start...].firstIndex(of: 0x0A) {
                let line = carry.isEmpty ? Array(bytes[start..<end]) : carry + bytes[start..<end]
                carry = []
                if first { first = false } else { body(line) }
                start = end + 1
            }
            carry += bytes[start...]
        }
    }
}

extension Journal {
    /// Where the first event line starts: after the header line and its newline.
    public func eventsStart() throws(JournalError) -> Int { try headerLine().count + 1 }

    /// Up to `count` whole event lines, newlines included, from byte `offset`
    /// (where a line starts), as far as this journal has read or written; and how many lines they are.
    public func lineBlock(at offset: Int, count: Int) throws(JournalError) -> (bytes: [UInt8], lines: Int) {
        try FileIO.lock(fd, exclusive: false, path: path, patience: lockPatience)
        defer { FileIO.unlock(fd) }
        var block: [UInt8] = []
        var lines = 0
        var next = offset
        while lines < count, next < length {
            let bytes = try FileIO.read(fd, from: next, count: min(1 << 20, length - next), path: path)
            var start = 0
            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                while lines < count, start < buffer.count, let found = memchr(base + start, 0x0A, buffer.count - start) {
                    lines += 1
                    start = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                }
            }
            block += bytes[..<start]
            next += start
            if start == 0 { break }
        }
        return (block, lines)
    }
}

extension Journal {
    /// The hash a line is chained by (what the next line's `prev` names): SHA-256 of its bytes without the newline, in hex.
    public static func hash(ofLine line: [UInt8]) -> String { JournalLine.hash(line[...]) }
}

/// How the signatures of lines copied from another journal are checked.
public enum CopiedSignatures: Sendable {
    /// Before the lines are kept.
    case checkNow
    /// While the check of what opening read has not started (a console
    /// opening, before its first frame), by that check, as those of the lines
    /// after a snapshot are: the journal writes nothing of its own until it has
    /// passed. Once it has started, before the lines are kept.
    case leaveToOpeningCheck
    /// Not again: `makeLines` made and signed them here, with the key the roster holds.
    case madeHere
}

/// A file of this user's alone (0600) written in order, through the disk
/// seam: a shared journal copied whole for `verify`, the changes a laptop
/// keeps until they can be shared.
public final class PrivateFile {
    public let path: String
    private var fd: Int32
    private var length: Int
    private let disk = DiskCalls.system

    /// Creates the file; fails if it exists.
    public init(creating path: String) throws(JournalError) {
        self.path = path
        fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 { throw .io(operation: "create", path: path, reason: FileIO.errorText()) }
        length = 0
    }

    /// Opens the file to add to its end, creating it when missing.
    public init(appendingTo path: String) throws(JournalError) {
        self.path = path
        fd = Glibc.open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw .io(operation: "open", path: path, reason: FileIO.errorText()) }
        length = try FileIO.end(fd, path: path)
    }

    deinit { close() }

    public func append(_ bytes: [UInt8]) throws(JournalError) {
        if let code = disk.writeAll(fd, bytes, at: length).error {
            _ = disk.truncate(fd, length)
            throw .io(operation: "write", path: path, reason: FileIO.errorText(code))
        }
        length += bytes.count
    }

    /// Makes what was written durable.
    public func sync() throws(JournalError) {
        if case let code = disk.sync(fd), code != 0 { throw .io(operation: "sync", path: path, reason: FileIO.errorText(code)) }
    }

    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Puts `bytes` in place of the file at `path` in one step (written and
    /// synced under another name, then renamed over it); with no bytes, removes it.
    public static func replace(_ path: String, with bytes: [UInt8]) throws(JournalError) {
        if bytes.isEmpty {
            if unlink(path) != 0 && errno != ENOENT { throw .io(operation: "remove", path: path, reason: FileIO.errorText()) }
            return
        }
        let partial = path + ".new"
        _ = unlink(partial)
        let file = try PrivateFile(creating: partial)
        do {
            try file.append(bytes)
            try file.sync()
        } catch {
            file.close()
            _ = unlink(partial)
            throw error
        }
        file.close()
        if rename(partial, path) != 0 {
            let reason = FileIO.errorText()
            _ = unlink(partial)
            throw .io(operation: "rename", path: partial, reason: reason)
        }
        try DiskCalls.system.syncDirectory(path)
    }
}

/// One event as a line of its own, outside any journal (numbered 1, chained
/// to nothing, unsigned): how a change kept on a laptop until it can be
/// shared is written down, in the journal's own format.
public enum StandaloneEventLine {
    static let noHash = String(repeating: "0", count: 64)

    public static func encode(_ event: Event) -> [UInt8] {
        var bytes: [UInt8] = []
        JournalLine.appendEvent(event, sequence: 1, previousHash: noHash, batch: nil, signer: nil, to: &bytes)
        return bytes
    }

    /// The event a line holds; nil when it is not whole (its checksum does not hold) or not an event line.
    public static func decode(_ line: [UInt8]) -> Event? {
        guard Checksum.isIntact(line[...]) else { return nil }
        return try? JournalLine.decode(line[...]).event
    }
}

extension Journal {
    /// Cuts a last line left unfinished (no newline: a write stopped part way)
    /// from the journal at `path`. For a copy of a shared journal only: every
    /// line of a copy is on the server, so nothing is lost and no note is kept.
    /// Returns how many bytes were cut.
    @discardableResult
    public static func cutUnfinishedLine(at path: String) throws(JournalError) -> Int {
        let fd = Glibc.open(path, O_RDWR | O_CLOEXEC)
        if fd < 0 { throw .io(operation: "open", path: path, reason: FileIO.errorText()) }
        defer { Glibc.close(fd) }
        try FileIO.lock(fd, exclusive: true, path: path, patience: lockPatience)
        defer { FileIO.unlock(fd) }
        let size = try FileIO.end(fd, path: path)
        if size == 0 { return 0 }
        let tailStart = max(0, size - 1 << 16)
        var bytes = try FileIO.read(fd, from: tailStart, count: size - tailStart, path: path)
        if bytes.last == 0x0A { return 0 }
        var start = tailStart
        while bytes.lastIndex(of: 0x0A) == nil && start > 0 {
            start = max(0, start - 1 << 16)
            bytes = try FileIO.read(fd, from: start, count: size - start, path: path)
        }
        let keep = bytes.lastIndex(of: 0x0A).map { start + $0 + 1 } ?? 0
        let disk = DiskCalls.system
        if case let code = disk.truncate(fd, keep), code != 0 {
            throw .io(operation: "cut the unfinished last line of", path: path, reason: FileIO.errorText(code))
        }
        if case let code = disk.sync(fd), code != 0 {
            throw .io(operation: "cut the unfinished last line of", path: path, reason: FileIO.errorText(code))
        }
        return size - keep
    }
}
