#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TandemCore

/// An open journal file: JSON Lines, a header line, then one event a line,
/// each carrying the SHA-256 of the line before it. Appends are durable
/// (written and fsynced) before they return. One writer at a time holds an
/// advisory lock; a journal opened while another process writes it is read-only.
public final class Journal {
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

    public let path: String
    public let header: JournalHeader
    public private(set) var access: Access
    public private(set) var lastSequence: Int
    private var lastHash: String
    private var length: Int
    private var fd: Int32
    /// Set after a failed write: nothing more is written this session.
    public private(set) var stoppedReason: String?

    private init(path: String, header: JournalHeader, access: Access, lastSequence: Int, lastHash: String, length: Int, fd: Int32) {
        self.path = path
        self.header = header
        self.access = access
        self.lastSequence = lastSequence
        self.lastHash = lastHash
        self.length = length
        self.fd = fd
    }

    deinit { close() }

    /// Releases the file and its lock; the journal can no longer be written.
    public func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
        access = .readOnly(reason: "the journal was closed")
    }

    public var isWritable: Bool { access == .readWrite && stoppedReason == nil }

    /// Opens the journal at `path`, creating it (0600, in a 0700 folder) when it
    /// is missing and `create` is set. A torn last line is cut and kept in a
    /// side file; damage before the last line opens read-only.
    public static func open(at path: String, create: Bool, readOnly: Bool = false, now: Timestamp) throws(JournalError) -> Opened {
        if !FileIO.fileExists(path) {
            guard create, !readOnly else {
                throw .io(operation: "open", path: path, reason: "no such file")
            }
            return try Journal.create(at: path, id: newJournalID(), now: now)
        }
        var fd = Glibc.open(path, (readOnly ? O_RDONLY : O_RDWR) | O_CLOEXEC)
        var access = Access.readWrite
        if readOnly {
            access = .readOnly(reason: "opened with --read-only")
        } else if fd < 0 && (errno == EACCES || errno == EROFS) {
            fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            access = .readOnly(reason: "the file cannot be written by this user")
        }
        if fd < 0 { throw .io(operation: "open", path: path, reason: FileIO.errorText()) }
        if access == .readWrite && flock(fd, LOCK_EX | LOCK_NB) != 0 {
            access = .readOnly(reason: "another tandem is writing to it")
        }
        let bytes: [UInt8]
        let scan: JournalScan
        do {
            bytes = try FileIO.readAll(fd, path: path)
            scan = try JournalScan.scan(bytes)
        } catch {
            Glibc.close(fd)
            throw error
        }
        let journal = Journal(
            path: path, header: scan.header, access: access, lastSequence: scan.lastSequence,
            lastHash: scan.lastHash, length: scan.goodLength, fd: fd
        )
        var notices: [String] = []
        if case .readOnly(let reason) = access { notices.append("Read-only: \(reason).") }
        switch scan.problem {
        case nil: break
        case .damage(let offset, let sequence, let reason)?:
            journal.access = .readOnly(reason: "damaged at record \(sequence)")
            notices.append(JournalError.damaged(sequence: sequence, offset: offset, reason: reason).description
                + " Showing the \(scan.records.count) records before it, read-only.")
        case .tornTail(let offset, let sequence, let reason)?:
            let torn = Array(bytes[offset...])
            if journal.access == .readWrite {
                try journal.cutTornTail(torn, at: offset, now: now)
                notices.append("Cut a torn last line (record \(sequence), \(torn.count) bytes at byte offset \(offset): \(reason)); kept in \(journal.sidePath(now)).")
            } else {
                notices.append("Ignored a torn last line (record \(sequence) at byte offset \(offset): \(reason)).")
            }
        }
        return Opened(journal: journal, records: scan.records, notices: notices)
    }

    /// Creates a new, empty journal (0600, in a 0700 folder); fails if the file exists.
    public static func create(at path: String, id: String, now: Timestamp) throws(JournalError) -> Opened {
        try FileIO.makeDirectories(FileIO.directory(of: path))
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 { throw .io(operation: "create", path: path, reason: FileIO.errorText()) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            Glibc.close(fd)
            throw .io(operation: "lock", path: path, reason: "another tandem created it at the same moment")
        }
        let headerLine = JournalLine.header(id: id, created: now)
        let result = FileIO.writeAll(fd, headerLine + [0x0A], at: 0)
        if let code = result.error {
            Glibc.close(fd)
            unlink(path)
            throw .io(operation: "write", path: path, reason: FileIO.errorText(code))
        }
        if fsync(fd) != 0 {
            let reason = FileIO.errorText()
            Glibc.close(fd)
            unlink(path)
            throw .io(operation: "sync", path: path, reason: reason)
        }
        try FileIO.syncDirectory(of: path)
        let header = JournalHeader(version: JournalHeader.currentVersion, id: id, created: now)
        let journal = Journal(
            path: path, header: header, access: .readWrite, lastSequence: 0,
            lastHash: JournalLine.hash(headerLine[...]), length: headerLine.count + 1, fd: fd
        )
        return Opened(journal: journal, records: [], notices: ["Created a new journal at \(path)."])
    }

    private static func newJournalID() -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int.random(in: 0..<16)] })
    }

    private func sidePath(_ now: Timestamp) -> String {
        let stamp = now.iso8601.filter { $0 != "-" && $0 != ":" }
        return "\(path).torn-\(stamp)"
    }

    private func cutTornTail(_ torn: [UInt8], at offset: Int, now: Timestamp) throws(JournalError) {
        try FileIO.writeNewFile(sidePath(now), torn)
        if ftruncate(fd, off_t(offset)) != 0 || fsync(fd) != 0 {
            throw .io(operation: "cut the torn last line of", path: path, reason: FileIO.errorText())
        }
    }

    /// Appends events as one batch and makes them durable. Returns the records
    /// only once write and fsync have both succeeded; on any failure nothing is
    /// reported as saved and writing stops for the rest of the session.
    @discardableResult
    public func append(_ events: [Event]) throws(JournalError) -> [JournalRecord] {
        if case .readOnly(let reason) = access { throw .readOnly(reason) }
        if let reason = stoppedReason { throw .notSaved("an earlier write failed (\(reason))") }
        var bytes: [UInt8] = []
        var records: [JournalRecord] = []
        var sequence = lastSequence
        var hash = lastHash
        for event in events {
            sequence += 1
            let line = JournalLine.event(event, sequence: sequence, previousHash: hash)
            hash = JournalLine.hash(line[...])
            bytes.append(contentsOf: line)
            bytes.append(0x0A)
            records.append(JournalRecord(sequence: sequence, event: event))
        }
        let result = FileIO.writeAll(fd, bytes, at: length)
        if let code = result.error {
            throw stop(because: "writing failed: \(FileIO.errorText(code))", partial: result.written > 0)
        }
        if fsync(fd) != 0 {
            throw stop(because: "the disk did not confirm the write (fsync: \(FileIO.errorText()))", partial: true)
        }
        length += bytes.count
        lastSequence = sequence
        lastHash = hash
        return records
    }

    private func stop(because reason: String, partial: Bool) -> JournalError {
        stoppedReason = reason
        // Best effort: take back a half-written batch so the file still verifies.
        if partial { _ = ftruncate(fd, off_t(length)); _ = fsync(fd) }
        return .notSaved(reason)
    }
}
