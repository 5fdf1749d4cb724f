import TandemJournal

/// The server's whole journal, written to a file as a journal (its header,
/// then every line in order, each row's stored number checked against the
/// line's place): what `tandem verify --shared` checks with the local verify.
public enum SharedCopy {
    /// What copying found beside the lines themselves.
    public struct Copied: Sendable {
        public var journalID: String
        public var records: Int
        /// The head row's number and hash, which must be the last line's.
        public var head: SharedHead
        /// A row out of place, or a head that is not the last line.
        public var problems: [String]
    }

    /// Copies the shared journal (the only one on the server, or `journal`) to a new file at `path` (0600).
    public static func copy(from link: SharedLink, journal wanted: String? = nil, to path: String, progress: ((Int, Int) -> Void)? = nil) throws -> Copied {
        let ids = try link.journalIDs()
        guard let id = wanted ?? ids.first else {
            throw SharedError.notShared("\(link.address) holds no shared journal")
        }
        guard let (header, head) = try link.journal(id) else { throw SharedError.notShared("\(link.address) holds no journal \(id)") }
        let file = try PrivateFile(creating: path)
        defer { file.close() }
        var problems: [String] = []
        var next = 1
        var lastHash = Journal.hash(ofLine: header)
        try file.append(header + [0x0A])
        while true {
            let rows = try link.lines(of: id, from: next, limit: 5000)
            var bytes: [UInt8] = []
            for row in rows {
                if row.sequence != next, problems.count < 10 {
                    problems.append("the server's rows skip from record \(next - 1) to \(row.sequence)")
                }
                next = row.sequence + 1
                bytes += row.line
                bytes.append(0x0A)
                lastHash = Journal.hash(ofLine: row.line)
            }
            try file.append(bytes)
            progress?(next - 1, head.sequence)
            if rows.count < 5000 { break }
        }
        if next - 1 != head.sequence || lastHash != head.hash {
            problems.append("the server's head is record \(head.sequence) (hash \(head.hash.prefix(16))…), and its last line is record \(next - 1) (hash \(lastHash.prefix(16))…)")
        }
        return Copied(journalID: id, records: next - 1, head: head, problems: problems)
    }
}
