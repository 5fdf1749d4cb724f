import TandemCore

/// One event as the journal holds it: its place in the sequence and the event.
public struct JournalRecord: Equatable, Sendable {
    public var sequence: Int
    public var event: Event

    public init(sequence: Int, event: Event) {
        self.sequence = sequence
        self.event = event
    }
}

public struct JournalHeader: Equatable, Sendable {
    public static let currentVersion = 1
    public var version: Int
    public var id: String
    public var created: Timestamp
}

/// The exact bytes of journal lines. A line is written without its newline;
/// the hash chain covers a line's bytes without the newline. Every line ends
/// with a `crc` field: the CRC-32C of the line's bytes before that field.
enum JournalLine {
    static func header(id: String, created: Timestamp) -> [UInt8] {
        var w = JSONBytesWriter(capacity: 160)
        w.beginObject()
        w.field("journal"); w.string("tandem")
        w.field("version"); w.int(JournalHeader.currentVersion)
        w.field("id"); w.string(id)
        w.field("created"); w.time(created)
        // Left open: the checksum field closes the object.
        Checksum.seal(&w.out)
        return w.out
    }

    static func event(_ event: Event, sequence: Int, previousHash: String, batch: BatchMark? = nil) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(512)
        appendEvent(event, sequence: sequence, previousHash: previousHash, batch: batch, to: &line)
        return line
    }

    /// Where a line stands in a commit of several lines: the first line says a
    /// batch begins, the last that it ends. A batch counts only once its last
    /// line is there; the lines of a commit of one event carry no mark.
    enum BatchMark: String, Sendable, CaseIterable {
        case first, last

        /// The mark as a JSON string, quotes included.
        var quoted: [UInt8] { Array("\"\(rawValue)\"".utf8) }
    }

    /// Writes the event's line (without its line feed) at the end of `bytes`,
    /// where a bulk write gathers its lines, instead of into a line of its own.
    static func appendEvent(
        _ event: Event, sequence: Int, previousHash: String, batch: BatchMark? = nil, signer: OfficerKey? = nil, to bytes: inout [UInt8]
    ) {
        let start = bytes.count
        var w = JSONBytesWriter(capacity: 0)
        swap(&w.out, &bytes)
        w.beginObject()
        w.field("seq"); w.int(sequence)
        if let batch { w.field("batch"); w.string(batch.rawValue) }
        w.field("time"); w.time(event.time)
        w.field("actor"); w.string(event.actor)
        w.field("type"); w.string(event.change.type)
        w.field("entity"); w.string(event.change.entity)
        w.field("prev"); w.string(previousHash)
        w.field("payload"); EventCoding.writePayload(of: event, to: &w)
        if let signer { Signature.append(signer.sign(w.out[start...]), to: &w.out) }
        // Left open: the checksum field closes the object.
        Checksum.seal(&w.out, from: start)
        swap(&w.out, &bytes)
    }

    enum HeaderProblem: Error { case notAJournal(String), newerVersion(Int), damagedHeader }

    static func decodeHeader(_ line: ArraySlice<UInt8>) throws(HeaderProblem) -> JournalHeader {
        try line.withLineBytes { (bytes) throws(HeaderProblem) in try decodeHeader(bytes, checksumIntact: Checksum.isIntact(line)) }
    }

    private static func decodeHeader(_ line: LineBytes, checksumIntact: Bool) throws(HeaderProblem) -> JournalHeader {
        var scanner = JSONScanner(bytes: line)
        guard let fields = try? scanner.objectFields() else { throw .notAJournal("the first line is not a Tandem journal header") }
        func value(_ key: String) -> Range<Int>? {
            fields.first { $0.keyIs(Array(key.utf8), in: line) }?.value
        }
        guard let journal = value("journal"), JSONScanner.string(line, journal) == "tandem" else {
            throw .notAJournal("the first line is not a Tandem journal header")
        }
        guard let version = value("version").flatMap({ JSONScanner.integer(line[$0]) }), version >= 1 else {
            throw .notAJournal("the header has no format version")
        }
        if version > JournalHeader.currentVersion { throw .newerVersion(version) }
        guard checksumIntact else { throw .damagedHeader }
        guard let id = value("id").flatMap({ JSONScanner.string(line, $0) }),
              let created = value("created").flatMap({ JSONScanner.string(line, $0) }), let createdAt = Timestamp(iso8601: created)
        else { throw .notAJournal("the header lacks its id or creation time") }
        return JournalHeader(version: version, id: id, created: createdAt)
    }

    struct Decoded: Sendable {
        var sequence: Int
        /// The line's `prev` field: 64 hex digits in a good line.
        var previousHash: [UInt8]
        var event: Event
        var batch: BatchMark? = nil
    }

    /// Decodes a line whose checksum is known to hold, naming what is wrong when it cannot.
    static func decode(_ line: ArraySlice<UInt8>) throws(DecodeFailure) -> Decoded {
        try line.withLineBytes { (bytes) throws(DecodeFailure) in try LineEnvelope(bytes).decode() }
    }

    static func hash(_ line: ArraySlice<UInt8>) -> String {
        HexHash(of: line).text
    }
}
