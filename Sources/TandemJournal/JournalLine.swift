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
        sealed(JSONValue.object([
            JSONField("journal", .string("tandem")), JSONField("version", .int(Int64(JournalHeader.currentVersion))),
            JSONField("id", .string(id)), JSONField("created", .string(created.iso8601)),
        ]))
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
    enum BatchMark: String, Sendable {
        case first, last
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

    /// An object's bytes with the checksum field added as its last field.
    private static func sealed(_ object: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        object.write(to: &out)
        out.removeLast()  // the closing brace; `seal` closes the object again
        Checksum.seal(&out)
        return out
    }

    enum HeaderProblem: Error { case notAJournal(String), newerVersion(Int), damagedHeader }

    static func decodeHeader(_ line: ArraySlice<UInt8>) throws(HeaderProblem) -> JournalHeader {
        guard let value = try? JSONParser.parse(line), value["journal"] == .string("tandem") else {
            throw .notAJournal("the first line is not a Tandem journal header")
        }
        guard case .int(let version)? = value["version"], version >= 1 else {
            throw .notAJournal("the header has no format version")
        }
        if version > Int64(JournalHeader.currentVersion) { throw .newerVersion(Int(version)) }
        guard Checksum.isIntact(line) else { throw .damagedHeader }
        guard case .string(let id)? = value["id"], case .string(let created)? = value["created"],
              let createdAt = Timestamp(iso8601: created)
        else { throw .notAJournal("the header lacks its id or creation time") }
        return JournalHeader(version: Int(version), id: id, created: createdAt)
    }

    struct Decoded {
        var sequence: Int
        /// The line's `prev` field: 64 hex digits (a slice of the line).
        var previousHash: ArraySlice<UInt8>
        var event: Event
        var batch: BatchMark? = nil
    }

    /// What the scan hands over of a commit's last line: its signature, if it
    /// carries one, and a copy of the bytes it signs.
    static func seal(of line: ArraySlice<UInt8>, sequence: Int, offset: Int, commitStart: Int) -> CommitSeal {
        guard let (signedEnd, text) = Signature.field(in: line) else {
            return CommitSeal(sequence: sequence, offset: offset, commitStart: commitStart, signature: nil, signed: [])
        }
        return CommitSeal(sequence: sequence, offset: offset, commitStart: commitStart, signature: Signature.decode(text) ?? [],
                          signed: Array(line[line.startIndex..<signedEnd]))
    }

    /// Decodes a line whose checksum is known to hold. Lines of the shape Tandem
    /// writes take a fast path that builds no JSON tree for the envelope; anything
    /// else goes through the general parser, which names what is wrong.
    static func decodeChecked(_ line: ArraySlice<UInt8>) throws(DecodeFailure) -> Decoded {
        if let decoded = try fastDecode(line) { return decoded }
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch {
            throw DecodeFailure(reason: "not valid JSON (\(error.reason) at column \(error.offset + 1))")
        }
        let fields = try PayloadReader(value)
        guard case .int(let sequence)? = value["seq"] else { throw DecodeFailure(reason: "missing field \"seq\"") }
        var batch: BatchMark?
        if value["batch"] != nil {
            guard case .string(let mark)? = value["batch"], let known = BatchMark(rawValue: mark) else {
                throw DecodeFailure(reason: "field \"batch\" is neither \"first\" nor \"last\"")
            }
            batch = known
        }
        let time = try fields.timestamp("time")
        let actor = try fields.string("actor")
        let type = try fields.string("type")
        let entity = try fields.string("entity")
        let previous = try fields.string("prev")
        guard let payload = value["payload"] else { throw DecodeFailure(reason: "missing field \"payload\"") }
        let event = try EventCoding.event(time: time, actor: actor, type: type, entity: entity, payload: payload)
        return Decoded(sequence: Int(sequence), previousHash: ArraySlice(previous.utf8), event: event, batch: batch)
    }

    private static let seqKey = Array(#"{"seq":"#.utf8)
    private static let timeKey = Array(#","time":""#.utf8)
    static let batchMarks: [(BatchMark, [UInt8])] = [BatchMark.first, .last].map { ($0, Array(#","batch":"\#($0.rawValue)""#.utf8)) }
    private static let actorKey = Array(#"","actor":"#.utf8)
    private static let typeKey = Array(#","type":"#.utf8)
    private static let entityKey = Array(#","entity":"#.utf8)
    private static let prevKey = Array(#","prev":""#.utf8)
    private static let payloadKey = Array(#"","payload":"#.utf8)

    /// The batch mark that follows a line's sequence number at `at`, if any, and where the line goes on.
    static func batchMark(in line: ArraySlice<UInt8>, at: Int) -> (BatchMark, Int)? {
        for (mark, key) in batchMarks where line.endIndex - at >= key.count && line[at..<(at + key.count)].elementsEqual(key) {
            return (mark, at + key.count)
        }
        return nil
    }

    /// The fixed shape: `{"seq":N,"time":"…","actor":"…","type":"…","entity":"…","prev":"…","payload":{…},"crc":"…"}`,
    /// with `"batch":"first"` or `"batch":"last"` after the sequence number on the first and last line of a batch.
    /// Returns nil when the line has another shape.
    private static func fastDecode(_ line: ArraySlice<UInt8>) throws(DecodeFailure) -> Decoded? {
        var at = line.startIndex
        func literal(_ expected: [UInt8]) -> Bool {
            guard line.endIndex - at >= expected.count else { return false }
            for (i, b) in expected.enumerated() where line[at + i] != b { return false }
            at += expected.count
            return true
        }
        func string() -> String? {
            guard let (text, next) = try? JSONParser.string(in: line, at: at) else { return nil }
            at = next
            return text
        }
        guard literal(seqKey) else { return nil }
        var sequence = 0
        let digitsStart = at
        while at < line.endIndex, line[at] >= 0x30, line[at] <= 0x39, at - digitsStart < 18 {
            sequence = sequence * 10 + Int(line[at] - 0x30)
            at += 1
        }
        guard at > digitsStart, line[digitsStart] != 0x30 || at == digitsStart + 1 else { return nil }
        var batch: BatchMark?
        if let (mark, next) = batchMark(in: line, at: at) {
            batch = mark
            at = next
        }
        guard literal(timeKey), line.endIndex - at > 20,
              let time = Timestamp(iso8601Bytes: line[at..<(at + 20)])
        else { return nil }
        at += 20
        guard literal(actorKey), let actor = string(), literal(typeKey), let type = string(),
              literal(entityKey), let entity = string(), literal(prevKey), line.endIndex - at > 64
        else { return nil }
        let previous = line[at..<(at + 64)]
        at += 64
        let payloadEnd = Signature.field(in: line)?.signedEnd ?? line.endIndex - Checksum.suffixLength
        guard literal(payloadKey), at < payloadEnd else { return nil }
        guard let payload = try? PayloadReader(bytes: line[at..<payloadEnd]) else { return nil }
        let event = try EventCoding.event(time: time, actor: actor, type: type, entity: entity, payload: payload)
        return Decoded(sequence: sequence, previousHash: previous, event: event, batch: batch)
    }

    /// Picks lines by event type without decoding them: for a reader that needs
    /// only some kinds of event (the report). Every line is still checked against the chain.
    static func typeFilter(_ types: Set<String>) -> @Sendable (ArraySlice<UInt8>) -> Bool {
        // Each wanted type with its closing quote, compared in place (no copy per line).
        let wanted = types.map { Array($0.utf8) + [UInt8(ascii: "\"")] }
        let key = Array(#","type":""#.utf8)
        return { line in
            guard let at = ByteSearch.firstIndex(of: key, in: line).map({ $0 + key.count }) else {
                return true  // another shape: decode it, and let decoding judge it
            }
            return wanted.contains { type in line.endIndex - at >= type.count && line[at..<(at + type.count)].elementsEqual(type) }
        }
    }

    static func hash(_ line: ArraySlice<UInt8>) -> String {
        var hex = [UInt8](repeating: 0, count: 64)
        HashedChunk.writeHex(of: line, into: &hex, at: 0)
        return String(decoding: hex, as: UTF8.self)
    }
}
