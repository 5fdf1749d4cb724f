import TandemCore

/// The result of reading a journal's bytes from the start: every good record,
/// and the first problem if there is one.
struct JournalScan {
    enum Problem: Equatable {
        /// The last line is incomplete or bad: it can be cut and kept aside.
        case tornTail(offset: Int, sequence: Int, reason: String)
        /// A bad line with good-looking lines after it: the journal is damaged.
        case damage(offset: Int, sequence: Int, reason: String)
    }

    var header: JournalHeader
    var records: [JournalRecord] = []
    /// Bytes up to and including the newline of the last good line.
    var goodLength = 0
    var lastSequence = 0
    var lastHash = ""
    var problem: Problem?

    static func scan(_ bytes: [UInt8]) throws(JournalError) -> JournalScan {
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
        var scan = JournalScan(header: header)
        scan.goodLength = headerEnd + 1
        scan.lastHash = JournalLine.hash(bytes[0..<headerEnd])
        var start = headerEnd + 1
        while start < bytes.count {
            let expected = scan.lastSequence + 1
            guard let end = bytes[start...].firstIndex(of: 0x0A) else {
                scan.problem = .tornTail(offset: start, sequence: expected, reason: "the last line has no newline (an interrupted write)")
                break
            }
            let line = bytes[start..<end]
            if let reason = scan.check(line, expected: expected) {
                let isLast = end + 1 == bytes.count
                scan.problem = isLast
                    ? .tornTail(offset: start, sequence: expected, reason: reason)
                    : .damage(offset: start, sequence: expected, reason: reason)
                break
            }
            scan.goodLength = end + 1
            start = end + 1
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
        if decoded.previousHash != lastHash {
            return "its \"prev\" hash does not match the line before it (a line was changed, removed or reordered)"
        }
        records.append(JournalRecord(sequence: decoded.sequence, event: decoded.event))
        lastSequence = decoded.sequence
        lastHash = JournalLine.hash(line)
        return nil
    }
}
