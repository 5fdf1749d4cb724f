import Crypto
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

    static func event(_ event: Event, sequence: Int, previousHash: String) -> [UInt8] {
        sealed(JSONValue.object([
            JSONField("seq", .int(Int64(sequence))), JSONField("time", .string(event.time.iso8601)),
            JSONField("actor", .string(event.actor)), JSONField("type", .string(event.change.type)),
            JSONField("entity", .string(event.change.entity)), JSONField("prev", .string(previousHash)),
            JSONField("payload", EventCoding.payload(of: event.change)),
        ]))
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
        var previousHash: String
        var event: Event
    }

    static func decodeEvent(_ line: ArraySlice<UInt8>) throws(DecodeFailure) -> Decoded {
        guard Checksum.isIntact(line) else {
            throw DecodeFailure(reason: "the line is damaged (its checksum does not match its content)")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch {
            throw DecodeFailure(reason: "not valid JSON (\(error.reason) at column \(error.offset + 1))")
        }
        let fields = try PayloadReader(value)
        guard case .int(let sequence)? = value["seq"] else { throw DecodeFailure(reason: "missing field \"seq\"") }
        let time = try fields.timestamp("time")
        let actor = try fields.string("actor")
        let type = try fields.string("type")
        let entity = try fields.string("entity")
        let previous = try fields.string("prev")
        guard let payload = value["payload"] else { throw DecodeFailure(reason: "missing field \"payload\"") }
        let change = try EventCoding.change(type: type, entity: entity, payload: payload)
        return Decoded(sequence: Int(sequence), previousHash: previous, event: Event(time: time, actor: actor, change: change))
    }

    static func hash(_ line: ArraySlice<UInt8>) -> String {
        let digest = SHA256.hash(data: line)
        var hex = ""
        hex.reserveCapacity(64)
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        hex = String(decoding: bytes, as: UTF8.self)
        return hex
    }
}
