#if canImport(Glibc)
import Glibc
#endif
import TandemCore

/// A small file of fixed length beside the journal (`<journal>.commits`, 0600)
/// that makes a commit durable without the journal growing on disk at every
/// commit. A commit writes its lines to the journal, then the same lines to the
/// commit log, over what it held before, and syncs the commit log only. A file
/// that does not change length syncs without the file system recording a new
/// length in its own journal, which is most of the time an append's sync takes.
///
/// When the log is full, or another process has written the journal since this
/// handle last logged, the commit syncs the journal itself instead, and the log
/// starts again from its beginning: everything it held is then on disk in the
/// journal. The journal stays the record, complete in every reader's view. Only
/// after the computer stops without writing out its files can the journal on
/// disk lack its last committed lines; opening it for writing puts them back
/// from the log (`restore`).
///
/// The file starts with "TCLH" and the journal's id (64 bytes in all), so that
/// a log left beside another journal of the same name is never read as this
/// one's. Each record: "TCL1", the journal offset of its lines (8 bytes), their
/// length (4 bytes), a CRC-32C of the record with this field zeroed (4 bytes),
/// the lines.
final class CommitLog {
    /// The length of a new commit log: room for a few thousand commits between syncs of the journal.
    static let defaultSize = 1 << 20
    static let headerSize = 20
    /// Where the first record goes, after the file's own header.
    static let recordsStart = 64
    private static let magic: [UInt8] = Array("TCL1".utf8)
    private static let fileMagic: [UInt8] = Array("TCLH".utf8)

    let fd: Int32
    /// The file's length, which never changes.
    let size: Int
    /// Where this handle writes its next record.
    private(set) var position = CommitLog.recordsStart
    /// The journal's length just after the lines this handle logged last, or -1
    /// before it has made the journal durable once: a journal of any other
    /// length means the log cannot be added to without syncing the journal first.
    private(set) var journalEnd = -1

    private init(fd: Int32, size: Int) {
        self.fd = fd
        self.size = size
    }

    deinit { Glibc.close(fd) }

    static func path(for journalPath: String) -> String { journalPath + ".commits" }

    /// The file's header for the journal with this id.
    static func fileHeader(journalID: String) -> [UInt8] {
        let header = fileMagic + Array(journalID.utf8.prefix(recordsStart - fileMagic.count))
        return header + [UInt8](repeating: 0, count: recordsStart - header.count)
    }

    /// Opens the journal's commit log for writing, creating it (zero-filled and
    /// synced, so that no later write changes its length) if it is missing, and
    /// starting it afresh if it belongs to another journal.
    static func open(for journalPath: String, journalID: String, size newSize: Int = defaultSize, disk: DiskCalls) throws(JournalError) -> CommitLog {
        let path = path(for: journalPath)
        let header = fileHeader(journalID: journalID)
        var fd = Glibc.open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 && errno == ENOENT {
            // The caller holds the journal's exclusive lock: nobody else makes it meanwhile.
            try disk.writeNewFile(path, header + [UInt8](repeating: 0, count: newSize - header.count))
            fd = Glibc.open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        }
        if fd < 0 { throw .io(operation: "open", path: path, reason: FileIO.errorText()) }
        let size = (try? FileIO.size(fd, path: path)) ?? 0
        let log = CommitLog(fd: fd, size: size)
        guard size >= recordsStart + headerSize else {
            throw .io(operation: "use", path: path, reason: "it is too short (\(size) bytes)")
        }
        if try FileIO.read(fd, from: 0, count: recordsStart, path: path) != header {
            // Another journal's log: nothing in it is this journal's.
            let fresh = header + [UInt8](repeating: 0, count: headerSize)
            if let code = disk.writeAll(fd, fresh, at: 0).error ?? (disk.sync(fd) == 0 ? nil : errno) {
                throw .io(operation: "start afresh", path: path, reason: FileIO.errorText(code))
            }
        }
        return log
    }

    /// Whether `count` bytes of lines written at journal offset `offset` can be
    /// made durable here rather than by syncing the journal.
    func canLog(count: Int, at offset: Int) -> Bool {
        offset == journalEnd && position + Self.headerSize + count <= size
    }

    /// The record of lines written at `offset` in the journal.
    static func record(of lines: [UInt8], at offset: Int) -> [UInt8] {
        var record = magic
        record.reserveCapacity(headerSize + lines.count)
        withUnsafeBytes(of: UInt64(offset).littleEndian) { record.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(lines.count).littleEndian) { record.append(contentsOf: $0) }
        record.append(contentsOf: [0, 0, 0, 0])
        record.append(contentsOf: lines)
        let crc = Checksum.crc32c(record[...])
        withUnsafeBytes(of: crc.littleEndian) { record.replaceSubrange(16..<20, with: $0) }
        return record
    }

    /// Notes that a record of `size` bytes now ends the log, its lines ending the journal at `journalEnd`.
    func logged(recordSize: Int, journalEnd: Int) {
        position += recordSize
        self.journalEnd = journalEnd
    }

    /// The journal has been synced up to `journalEnd`: the log starts again.
    func restart(journalEnd: Int) {
        position = Self.recordsStart
        self.journalEnd = journalEnd
    }

    /// Makes the record just written at `position` unreadable, so that a later
    /// opening cannot put back lines whose commit failed. Best effort.
    func withdraw(at recordStart: Int, disk: DiskCalls) {
        _ = disk.writeAll(fd, [UInt8](repeating: 0, count: Self.headerSize), at: recordStart)
        _ = disk.sync(fd)
    }

    struct Record: Equatable {
        var offset: Int
        var lines: ArraySlice<UInt8>
        var end: Int { offset + lines.count }
    }

    /// The records from the start of the log, if it is the log of the journal
    /// with this id: each whole, with its checksum, and each following on in
    /// the journal from the one before. Anything after the first that is not is
    /// left over from before the log last started again.
    static func records(in log: [UInt8], journalID: String) -> [Record] {
        guard log.count >= recordsStart, log[..<recordsStart].elementsEqual(fileHeader(journalID: journalID)) else { return [] }
        var records: [Record] = []
        var at = recordsStart
        while at + headerSize <= log.count, log[at..<at + 4].elementsEqual(magic) {
            let offset = Int(truncatingIfNeeded: UInt64(littleEndianBytes: log[at + 4..<at + 12]))
            let count = Int(UInt32(littleEndianBytes: log[at + 12..<at + 16]))
            let stored = UInt32(littleEndianBytes: log[at + 16..<at + 20])
            guard count > 0, at + headerSize + count <= log.count, offset >= 0 else { break }
            var copy = Array(log[at..<at + headerSize + count])
            copy.replaceSubrange(16..<20, with: [0, 0, 0, 0])
            guard Checksum.crc32c(copy[...]) == stored else { break }
            if let last = records.last, offset != last.end { break }
            records.append(Record(offset: offset, lines: log[at + headerSize..<at + headerSize + count]))
            at += headerSize + count
        }
        return records
    }

    /// What the commit log says of the journal beside it.
    enum Finding: Equatable {
        /// The journal holds every line the log holds.
        case nothing
        /// Committed lines to write at `offset`, over `replacing` (bytes the
        /// journal holds there that differ: zeros a power cut left, or damage),
        /// or after its end when `replacing` is empty.
        case restore(offset: Int, lines: [UInt8], replacing: [UInt8])
        /// The log holds committed lines the journal lacks or holds otherwise, and
        /// they cannot be put back: the journal lost lines before them, or they do
        /// not follow on from the journal.
        case unusable(String)
    }

    /// Compares the journal open as `fd` with its commit log. The log's lines
    /// are put back only where they follow on from the journal's chain, line by
    /// line, so that lines left from an earlier state are never taken for today's.
    static func examine(journalFD fd: Int32, journalPath: String) throws(JournalError) -> Finding {
        guard let records = try records(beside: journalPath, fd: fd), let first = records.first, let last = records.last else {
            return .nothing
        }
        let size = try FileIO.size(fd, path: journalPath)
        let log = path(for: journalPath)
        guard first.offset <= size else {
            return .unusable("the journal ends at byte \(size), before the committed changes \(log) holds (from byte \(first.offset)): changes before them are missing from the journal")
        }
        var logged: [UInt8] = []
        for record in records { logged.append(contentsOf: record.lines) }
        let held = try FileIO.read(fd, from: first.offset, count: min(size, last.end) - first.offset, path: journalPath)
        let differ = held.indices.first { held[$0] != logged[$0] } ?? held.count
        if differ == logged.count { return .nothing }
        guard try follows(logged, at: first.offset, in: fd, path: journalPath) else {
            return .unusable("\(log) holds committed changes from byte \(first.offset + differ) that are not in the journal and do not follow on from it")
        }
        return .restore(offset: first.offset + differ, lines: Array(logged[differ...]), replacing: Array(held[differ...]))
    }

    /// Whether `lines` are whole journal lines that continue the journal's chain from the line ending at `offset`.
    private static func follows(_ lines: [UInt8], at offset: Int, in fd: Int32, path: String) throws(JournalError) -> Bool {
        guard let before = try position(endingAt: offset, fd: fd, path: path) else { return false }
        var scan = LineScan(after: before, at: offset)
        var chunk = HashedChunk(bytes: lines, fileOffset: offset)
        _ = scan.feed(&chunk, isLast: true) { _ in }
        return scan.problem == nil && scan.goodEnd == offset + lines.count
    }

    /// The chain's position after the line that ends (newline included) at `offset`.
    private static func position(endingAt offset: Int, fd: Int32, path: String) throws(JournalError) -> ChainPosition? {
        let (_, headerPosition, eventsStart) = try JournalScan.header(fd: fd, path: path)
        if offset == eventsStart { return headerPosition }
        guard offset > eventsStart, let line = try? JournalScan.line(endingAt: offset, fd: fd, path: path),
              Checksum.isIntact(line[...]), let decoded = try? JournalLine.decode(line[...])
        else { return nil }
        return ChainPosition(sequence: decoded.sequence, hash: JournalLine.hash(line[...]))
    }

    /// Puts back lines that were committed (the commit log holds them) but that
    /// the journal on disk lacks or holds otherwise (the computer stopped before
    /// writing them out, or left zeros where they belong). Bytes written over are
    /// first kept in a side file. Called with the journal's exclusive lock held,
    /// before it is read. Returns what to tell the user, and why the journal must
    /// be read-only when the log cannot be used.
    static func restore(journalFD fd: Int32, journalPath: String, disk: DiskCalls, now: () -> Timestamp)
        throws(JournalError) -> (notice: String?, readOnly: String?)
    {
        switch try examine(journalFD: fd, journalPath: journalPath) {
        case .nothing:
            return (nil, nil)
        case .unusable(let why):
            return ("The journal is missing committed changes: \(why). It is open read-only; restore it from a copy, or run `tandem repair`.", why)
        case .restore(let offset, let lines, let replacing):
            var kept = ""
            if !replacing.isEmpty {
                let side = try SideFile.write(replacing, beside: journalPath, kind: "replaced", now: now, disk: disk)
                kept = "; the \(replacing.count) bytes it wrote over are kept in \(side)"
            }
            if let code = disk.writeAll(fd, lines, at: offset).error {
                throw .io(operation: "restore committed changes to", path: journalPath, reason: FileIO.errorText(code))
            }
            let syncError = disk.sync(fd)
            if syncError != 0 {
                throw .io(operation: "restore committed changes to", path: journalPath, reason: FileIO.errorText(syncError))
            }
            let (count, them) = changes(in: lines)
            let what = replacing.isEmpty ? "lost" : "held damaged or as zeros"
            return ("Restored \(count) committed change\(count == 1 ? "" : "s") the journal \(what) when the computer stopped before writing \(them) out, from \(path(for: journalPath))\(kept).", nil)
        }
    }

    /// For a reader, which may not write the journal: what the log holds that the journal lacks, said as a notice.
    static func pendingNotice(journalFD fd: Int32, journalPath: String) -> String? {
        switch (try? examine(journalFD: fd, journalPath: journalPath)) ?? .nothing {
        case .nothing:
            return nil
        case .unusable(let why):
            return "The journal is missing committed changes: \(why)."
        case .restore(let offset, let lines, let replacing):
            let (count, them) = changes(in: lines)
            let are = count == 1 ? "is" : "are"
            if replacing.isEmpty {
                return "\(count) committed change\(count == 1 ? " is" : "s are") in \(path(for: journalPath)) but not yet in the journal (the computer stopped before writing \(them) out); opening the journal for writing puts \(them) back."
            }
            return "\(count) committed change\(count == 1 ? "" : "s") in \(path(for: journalPath)) \(are) held otherwise by the journal from byte \(offset) (zeros or damage); opening the journal for writing puts \(them) back and keeps the bytes it replaces in a side file."
        }
    }

    /// Makes the log hold no records, after the journal was cut: what it held
    /// may describe bytes that are no longer the journal's. Best effort.
    static func forget(beside journalPath: String, disk: DiskCalls) {
        let fd = Glibc.open(path(for: journalPath), O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return }
        defer { Glibc.close(fd) }
        _ = disk.writeAll(fd, [UInt8](repeating: 0, count: headerSize), at: recordsStart)
        _ = disk.sync(fd)
    }

    /// How many changes (lines) the bytes hold, and the pronoun for them.
    private static func changes(in bytes: [UInt8]) -> (Int, String) {
        let lines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return (lines, lines == 1 ? "it" : "them")
    }

    /// The records of the log beside the journal open as `journalFD`; nil when there is no log.
    private static func records(beside journalPath: String, fd journalFD: Int32) throws(JournalError) -> [Record]? {
        let path = path(for: journalPath)
        // A journal whose header cannot be read is left to the reading that follows to report.
        guard let (header, _, _) = try? JournalScan.header(fd: journalFD, path: journalPath) else { return nil }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .io(operation: "open", path: path, reason: FileIO.errorText())
        }
        defer { Glibc.close(fd) }
        return records(in: try FileIO.readAll(fd, path: path), journalID: header.id)
    }
}

private extension FixedWidthInteger {
    init(littleEndianBytes bytes: ArraySlice<UInt8>) {
        var value = Self.zero
        for (shift, byte) in bytes.enumerated() { value |= Self(byte) << (shift * 8) }
        self = value
    }
}
