import TandemCore

/// Where the hash chain stands after a line: its sequence number and hash.
struct ChainPosition: Equatable {
    var sequence: Int
    var hash: String
}

enum ScanProblem: Equatable {
    /// The last line is incomplete or bad: it can be cut and kept aside.
    case tornTail(offset: Int, sequence: Int, reason: String)
    /// A bad line with more lines after it: the journal is damaged.
    case damage(offset: Int, sequence: Int, reason: String)

    var sequence: Int {
        switch self { case .tornTail(_, let s, _), .damage(_, let s, _): s }
    }
    var offset: Int {
        switch self { case .tornTail(let o, _, _), .damage(let o, _, _): o }
    }
    var reason: String {
        switch self { case .tornTail(_, _, let r), .damage(_, _, let r): r }
    }
}

/// Reads event lines that continue a chain: every good record, and the first
/// problem if there is one.
struct LineScan {
    var records: [JournalRecord] = []
    var position: ChainPosition
    /// File offset just past the newline of the last good line.
    var goodEnd: Int
    var problem: ScanProblem?

    /// `bytes` are the file's bytes from file offset `fileOffset` on.
    static func scan(
        _ bytes: ArraySlice<UInt8>, fileOffset: Int, after position: ChainPosition,
        progress: ((Int) -> Void)? = nil
    ) -> LineScan {
        var scan = LineScan(position: position, goodEnd: fileOffset)
        let base = fileOffset - bytes.startIndex
        var start = bytes.startIndex
        var reported = start
        while start < bytes.endIndex {
            let expected = scan.position.sequence + 1
            guard let end = bytes[start...].firstIndex(of: 0x0A) else {
                scan.problem = .tornTail(offset: base + start, sequence: expected, reason: "the last line has no newline (an interrupted write)")
                break
            }
            if let reason = scan.check(bytes[start..<end], expected: expected) {
                scan.problem = end + 1 == bytes.endIndex
                    ? .tornTail(offset: base + start, sequence: expected, reason: reason)
                    : .damage(offset: base + start, sequence: expected, reason: reason)
                break
            }
            start = end + 1
            scan.goodEnd = base + start
            if let progress, start - reported >= 1 << 22 {
                progress(start - bytes.startIndex)
                reported = start
            }
        }
        return scan
    }

    /// Checks one line against the chain; on success appends its record.
    private mutating func check(_ line: ArraySlice<UInt8>, expected: Int) -> String? {
        let decoded: JournalLine.Decoded
        do { decoded = try JournalLine.decodeEvent(line) } catch { return error.reason }
        if decoded.sequence != expected {
            return "sequence number \(decoded.sequence) where \(expected) was expected (a line is missing, repeated or out of order)"
        }
        if decoded.previousHash != position.hash {
            return "its \"prev\" hash does not match the line before it (a line was changed, removed or reordered)"
        }
        records.append(JournalRecord(sequence: decoded.sequence, event: decoded.event))
        position = ChainPosition(sequence: decoded.sequence, hash: JournalLine.hash(line))
        return nil
    }
}

/// A whole journal read from its first byte: the header, then the event lines.
struct JournalScan {
    var header: JournalHeader
    var lines: LineScan

    var records: [JournalRecord] { lines.records }
    var problem: ScanProblem? { lines.problem }

    static func scan(_ bytes: [UInt8], progress: ((Int) -> Void)? = nil) throws(JournalError) -> JournalScan {
        guard let headerEnd = bytes.firstIndex(of: 0x0A) else {
            throw bytes.isEmpty ? .notAJournal("the file is empty") : .notAJournal("the first line is not a Tandem journal header")
        }
        let header: JournalHeader
        do { header = try JournalLine.decodeHeader(bytes[0..<headerEnd]) } catch {
            switch error {
            case .notAJournal(let why): throw .notAJournal(why)
            case .newerVersion(let v): throw .newerVersion(v)
            case .damagedHeader:
                throw .damaged(sequence: 0, offset: 0, reason: "the header line's checksum does not match its content")
            }
        }
        let start = ChainPosition(sequence: 0, hash: JournalLine.hash(bytes[0..<headerEnd]))
        let lines = LineScan.scan(bytes[(headerEnd + 1)...], fileOffset: headerEnd + 1, after: start, progress: progress)
        return JournalScan(header: header, lines: lines)
    }
}
