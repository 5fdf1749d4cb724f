#if canImport(Glibc)
import Glibc
#endif
import TandemCore

/// What one pass of `JSONScanner` over an event line finds: everything the
/// chain check, the type filter, history, verify and decoding need, as places
/// in the line, with the payload's fields indexed for its `PayloadReader`.
/// Fields may come in any order, with space between them; `sig`, when there,
/// comes right before `crc`, and `crc` is last (the checksum covers what is before it).
/// It reads the line in place: it lives only as long as the line is lent (see `LineBytes`).
struct LineEnvelope {
    let line: LineBytes
    var sequence: Int
    var batch: JournalLine.BatchMark?
    /// Where the string values are in the line, quotes included.
    var time: Range<Int>
    var actor: Range<Int>
    var type: Range<Int>
    var entity: Range<Int>
    /// Where the `prev` field's value is (quotes included).
    private var prev: Range<Int>
    /// The `prev` field's characters: the hash of the line before (64 hex digits in a good line).
    var previousHash: [UInt8] { Self.characters(line, prev) }
    var payload: PayloadReader
    /// Where the signature's value is (quotes included), and where the bytes it signs end (the comma before `"sig"`).
    var signatureField: (value: Range<Int>, signedEnd: Int)?
    /// The signature's base64.
    var signature: [UInt8]? { signatureField.map { Self.characters(line, $0.value) } }
    /// Where the `crc` field's value is.
    var checksum: Range<Int>
    /// Whether the reader's filter wants the line decoded (its payload's fields are indexed only then).
    private(set) var wanted = true

    /// The fields a line may hold; any other is skipped.
    private enum Key: Int, CaseIterable {
        case seq, batch, time, actor, type, entity, prev, payload, sig, crc

        init?(_ field: JSONScanner.Field, in line: LineBytes) {
            // Told apart by length and first two letters, then compared whole (this runs for every field of every line).
            let guess: Key?
            if field.escapedKey || field.key.count < 3 {
                guess = Key.allCases.first { field.keyIs($0.spelling, in: line) }
            } else {
                switch (field.key.count, line[field.key.lowerBound], line[field.key.lowerBound + 1]) {
                case (3, UInt8(ascii: "s"), UInt8(ascii: "e")): guess = .seq
                case (3, UInt8(ascii: "s"), UInt8(ascii: "i")): guess = .sig
                case (3, UInt8(ascii: "c"), _): guess = .crc
                case (4, UInt8(ascii: "t"), UInt8(ascii: "i")): guess = .time
                case (4, UInt8(ascii: "t"), UInt8(ascii: "y")): guess = .type
                case (4, UInt8(ascii: "p"), _): guess = .prev
                case (5, UInt8(ascii: "b"), _): guess = .batch
                case (5, UInt8(ascii: "a"), _): guess = .actor
                case (6, UInt8(ascii: "e"), _): guess = .entity
                case (7, UInt8(ascii: "p"), _): guess = .payload
                default: guess = nil
                }
            }
            guard let guess, field.keyIs(guess.spelling, in: line) else { return nil }
            self = guess
        }
        var name: String { String(describing: self) }

        var spelling: StaticString {
            switch self {
            case .seq: "seq"
            case .batch: "batch"
            case .time: "time"
            case .actor: "actor"
            case .type: "type"
            case .entity: "entity"
            case .prev: "prev"
            case .payload: "payload"
            case .sig: "sig"
            case .crc: "crc"
            }
        }

        /// How the key is written when it comes where Tandem puts it: `{"seq":` first, then `,"name":`.
        var written: StaticString {
            switch self {
            case .seq: #"{"seq":"#
            case .batch: #","batch":"#
            case .time: #","time":"#
            case .actor: #","actor":"#
            case .type: #","type":"#
            case .entity: #","entity":"#
            case .prev: #","prev":"#
            case .payload: #","payload":"#
            case .sig: #","sig":"#
            case .crc: #","crc":"#
            }
        }

        /// The keys Tandem writes after this one, the likelier first: `time`, or `batch`, after `seq`; `sig`, or `crc`, after `payload`.
        var next: (Key?, Key?) {
            switch self {
            case .seq: (.time, .batch)
            case .batch: (.time, nil)
            case .time: (.actor, nil)
            case .actor: (.type, nil)
            case .type: (.entity, nil)
            case .entity: (.prev, nil)
            case .prev: (.payload, nil)
            case .payload: (.sig, .crc)
            case .sig: (.crc, nil)
            case .crc: (nil, nil)
            }
        }
    }

    /// Where each field's value is, once found.
    private struct Found {
        var places: (Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?)
            = (nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)

        subscript(key: Key) -> Range<Int>? {
            get {
                switch key {
                case .seq: places.0
                case .batch: places.1
                case .time: places.2
                case .actor: places.3
                case .type: places.4
                case .entity: places.5
                case .prev: places.6
                case .payload: places.7
                case .sig: places.8
                case .crc: places.9
                }
            }
            set {
                switch key {
                case .seq: places.0 = newValue
                case .batch: places.1 = newValue
                case .time: places.2 = newValue
                case .actor: places.3 = newValue
                case .type: places.4 = newValue
                case .entity: places.5 = newValue
                case .prev: places.6 = newValue
                case .payload: places.7 = newValue
                case .sig: places.8 = newValue
                case .crc: places.9 = newValue
                }
            }
        }
    }

    /// Reads the line's fields. With a `filter`, a line it does not want is
    /// read only as far as the chain check needs: where its sequence number,
    /// `prev`, type and entity come before the payload (as Tandem writes them),
    /// the scan stops there, and the rest of the line (the payload, any
    /// signature) is neither read nor judged; such a reader checks signatures of
    /// no line (see `JournalScan.scan`). Otherwise the line is read whole, and
    /// only the payload's fields are left unindexed.
    init(_ line: LineBytes, filter: LineFilter? = nil) throws(DecodeFailure) {
        var fields: [JSONScanner.Field] = []
        try self.init(line, filter: filter, reusing: &fields)
    }

    /// The same, the payload's fields put in `fields`: a reader of many lines
    /// passes the same list for each, and it is made once (not once a line)
    /// when the envelope is let go before the next line is read.
    init(_ line: LineBytes, filter: LineFilter? = nil, reusing fields: inout [JSONScanner.Field]) throws(DecodeFailure) {
        self.line = line
        var found = Found()
        var payloadFields: [JSONScanner.Field]?
        var signedEnd = 0
        var lastKeys: (Key?, Key?) = (nil, nil)
        var steppedOver = false
        var judged: Bool?
        var scanner = JSONScanner(bytes: line)
        do {
            var likely: (Key?, Key?) = (.seq, nil)
            var first = true
            fields: while true {
                // A key Tandem would write next, recognised at once; any other shape is read the general way.
                var start = scanner.at
                let key: Key?
                if let guess = likely.0, scanner.skip(guess.written) {
                    key = guess
                    scanner.skipSpace()
                } else if let guess = likely.1, scanner.skip(guess.written) {
                    key = guess
                    scanner.skipSpace()
                } else {
                    if first { try scanner.enterObject() }
                    guard let (field, separator) = try scanner.nextKey(first: first) else { break fields }
                    key = Key(field, in: line)
                    start = separator
                }
                first = false
                likely = key?.next ?? (nil, nil)
                if let key, found[key] != nil { throw DecodeFailure(reason: "field \"\(key.name)\" appears twice") }
                switch key {
                case .payload?:
                    guard scanner.at < line.endIndex, line[scanner.at] == UInt8(ascii: "{") else { throw DecodeFailure(reason: "payload is not an object") }
                    if let filter, let type = found[.type], let entity = found[.entity] {
                        judged = filter.wants(LineLabel(line: line, type: type, entity: entity))
                    }
                    if judged == false {
                        if found[.seq] != nil, found[.time] != nil, found[.actor] != nil, found[.prev] != nil {
                            found[.payload] = scanner.at..<scanner.at
                            steppedOver = true
                            break fields
                        }
                        found[.payload] = try scanner.skipValue()
                    } else {
                        found[.payload] = try scanner.nestedObject(into: &fields)
                        payloadFields = fields
                    }
                case let key?:
                    if key == .sig { signedEnd = start }
                    found[key] = try scanner.skipValue()
                case nil:
                    _ = try scanner.skipValue()
                }
                lastKeys = (lastKeys.1, key)
            }
            if !steppedOver { try scanner.end() }
        } catch let failure as JSONScanner.Failure {
            throw DecodeFailure(reason: "not valid JSON (\(failure.reason) at column \(failure.column))")
        } catch let failure as DecodeFailure {
            throw failure
        } catch {
            throw DecodeFailure(reason: "\(error)")
        }
        func required(_ key: Key) throws(DecodeFailure) -> Range<Int> {
            guard let range = found[key] else { throw DecodeFailure(reason: "missing field \"\(key.name)\"") }
            return range
        }
        func string(_ key: Key) throws(DecodeFailure) -> Range<Int> {
            let range = try required(key)
            guard line[range.lowerBound] == UInt8(ascii: "\"") else { throw DecodeFailure(reason: "\"\(key.name)\" is not a string") }
            return range
        }
        let seq = try required(.seq)
        guard let sequence = JSONScanner.integer(line[seq]) else { throw DecodeFailure(reason: "\"seq\" is not a whole number") }
        self.sequence = sequence
        if let mark = found[.batch] {
            guard let known = JournalLine.BatchMark.allCases.first(where: { line[mark].elementsEqual($0.quoted) }) else {
                throw DecodeFailure(reason: "field \"batch\" is neither \"first\" nor \"last\"")
            }
            batch = known
        }
        time = try string(.time)
        actor = try string(.actor)
        type = try string(.type)
        entity = try string(.entity)
        prev = try string(.prev)
        let payloadBytes = try required(.payload)
        let label = LineLabel(line: line, type: type, entity: entity)
        wanted = judged ?? filter.map { $0.wants(label) } ?? true
        if steppedOver {
            checksum = line.endIndex..<line.endIndex
        } else {
            checksum = try string(.crc)
            guard lastKeys.1 == .crc else { throw DecodeFailure(reason: "field \"crc\" is not the last") }
            if found[.sig] != nil {
                let sig = try string(.sig)
                guard lastKeys.0 == .sig else { throw DecodeFailure(reason: "field \"sig\" is not right before \"crc\"") }
                signatureField = (sig, signedEnd)
            }
        }
        // The payload last, after all that can fail: the envelope is then made where it is returned, not copied there.
        if let payloadFields {
            payload = PayloadReader(bytes: line, fields: payloadFields)
        } else if wanted {
            payload = try PayloadReader(bytes: line[payloadBytes])
        } else {
            payload = PayloadReader(bytes: line, fields: [])
        }
    }

    /// A string value's characters. Tandem writes hashes and signatures without
    /// escapes, as a slice of the line; any other spelling is the text it stands for.
    static func characters(_ line: LineBytes, _ range: Range<Int>) -> [UInt8] {
        let inner = JSONScanner.unquoted(line, range)
        guard JSONScanner.hasEscape(inner) else { return Array(inner) }
        return Array((JSONScanner.string(line, range) ?? "").utf8)
    }

    /// The hash a string value holds, when it holds 64 characters.
    static func hash(_ line: LineBytes, _ range: Range<Int>) -> HexHash? {
        if range.count == 66, let plain = HexHash(unescapedAt: UnsafeRawPointer(line.base.baseAddress! + range.lowerBound + 1)) {
            return plain
        }
        return HexHash(characters(line, range))
    }

    /// What a filter looks at.
    var label: LineLabel { LineLabel(line: line, type: type, entity: entity) }

    /// What the chain check needs of the line.
    var head: LineHead {
        LineHead(sequence: sequence, batch: batch, previous: prev, signature: signatureField)
    }

    /// The line's sequence number, chain hash and batch mark, with its event.
    func decode() throws(DecodeFailure) -> JournalLine.Decoded {
        JournalLine.Decoded(sequence: sequence, previousHash: previousHash, event: try event(), batch: batch)
    }

    /// The event the line holds.
    func event() throws(DecodeFailure) -> Event {
        let when = try self.when()
        let actor = try text(actor, "actor")
        guard let kind = EventTypeNames.kind(at: type, in: line)?.kind else {
            throw DecodeFailure(reason: "unknown event type \"\(try text(type, "type"))\"")
        }
        return try EventCoding.event(time: when, actor: actor, kind: kind,
                                     entity: try text(entity, "entity"), payload: payload)
    }

    /// The line checked as `event()` checks it, without its event being made:
    /// what judging its actor's role needs. A change its kind judges is checked
    /// against its payload's shape, not made; any other change is made (without
    /// the event around it). Nil when the line does not hold (`event()` then says why).
    func checked() -> CheckedLine? {
        guard let (kind, ordinal) = EventTypeNames.kind(at: type, in: line), (try? when()) != nil,
              JSONScanner.isString(line, entity), let actor = JSONScanner.string(line, actor)
        else { return nil }
        do throws(DecodeFailure) {
            if let shape = Self.checkedShapes[ordinal] {
                try shape.check(payload, entity: entity, in: line)
                return CheckedLine(sequence: sequence, actor: actor, change: .kind(kind))
            }
            let change = try EventCoding.change(kind: kind, entity: try text(entity, "entity"), payload: payload)
            _ = try EventCoding.eventFields(payload: payload)
            return CheckedLine(sequence: sequence, actor: actor, change: .made(change))
        } catch {
            return nil
        }
    }

    /// The shapes of the kinds a line of is checked without its change being made (see `checked`), by ordinal.
    private static let checkedShapes: [PayloadShape?] = zip(ChangeKind.allCases, PayloadShape.byOrdinal).map { kind, shape in
        CommitCheck.judgesByKind(kind) ? shape : nil
    }

    /// When the line says the change was made.
    private func when() throws(DecodeFailure) -> Timestamp {
        if time.count == 22, let t = Timestamp(iso8601Bytes: UnsafeBufferPointer(rebasing: JSONScanner.unquoted(line, time))) {
            return t
        }
        guard let t = Timestamp(iso8601: try text(time, "time")) else { throw DecodeFailure(reason: "\"time\" is not a UTC time") }
        return t
    }

    private func text(_ range: Range<Int>, _ name: String) throws(DecodeFailure) -> String {
        guard let value = JSONScanner.string(line, range) else { throw DecodeFailure(reason: "\"\(name)\" is not a string") }
        return value
    }
}

/// What the chain check needs of a line: numbers and places in it, with no
/// reference to count, cheap to hand from the thread that read the line to the
/// one that checks it.
struct LineHead: Sendable {
    var sequence: Int
    var batch: JournalLine.BatchMark?
    /// Where the `prev` field's value is in the line (quotes included): the
    /// place, not a copy of its 64 characters, is handed from thread to thread.
    var previous: Range<Int>
    /// Where the `sig` field's value is in the line (quotes included), and where the bytes it signs end.
    var signature: (value: Range<Int>, signedEnd: Int)?

    /// The `prev` field's characters in `line` (this head's line), when there are 64 (no other can be a line's hash).
    func previousHash(in line: LineBytes) -> HexHash? { LineEnvelope.hash(line, previous) }

    /// Whether `line` (this head's line) names `hash` as the line before it. As
    /// Tandem writes it, its 64 characters are compared in place; spelt otherwise,
    /// they are read as the characters they stand for.
    func follows(_ hash: HexHash?, in line: LineBytes) -> Bool {
        guard let hash else { return false }
        if previous.count == 66, hash.sameDigits(at: UnsafeRawPointer(line.base.baseAddress! + previous.lowerBound + 1)) { return true }
        return previousHash(in: line) == hash
    }

    /// What the scan hands over of a commit's last line, `line`: its signature,
    /// if it carries one, and a copy of the bytes it signs.
    func seal(of line: LineBytes, offset: Int, commitStart: Int) -> CommitSeal {
        guard let signature else {
            return CommitSeal(sequence: sequence, offset: offset, commitStart: commitStart, signature: nil, signed: [])
        }
        return CommitSeal(sequence: sequence, offset: offset, commitStart: commitStart,
                          signature: Signature.decode(LineEnvelope.characters(line, signature.value)[...]) ?? [],
                          signed: Array(line[line.startIndex..<signature.signedEnd]))
    }
}

/// A line's type and entity, as a filter sees them.
struct LineLabel {
    let line: LineBytes
    /// Where the string values are in the line, quotes included.
    let type: Range<Int>
    let entity: Range<Int>

    /// Whether the line's type is `wanted` (its characters, without quotes).
    func typeIs(_ wanted: [UInt8]) -> Bool { Self.holds(line, type, wanted) }

    /// Whether the line's entity is `wanted` (its characters, without quotes).
    func entityIs(_ wanted: [UInt8]) -> Bool { Self.holds(line, entity, wanted) }

    private static func holds(_ line: LineBytes, _ range: Range<Int>, _ wanted: [UInt8]) -> Bool {
        // Not a string, or a string with escapes, is compared as text.
        guard range.count >= 2, line[range.lowerBound] == UInt8(ascii: "\"") else { return false }
        if JSONScanner.hasEscape(line[range]) { return JSONScanner.string(line, range).map { Array($0.utf8) == wanted } ?? false }
        return range.count == wanted.count + 2 && JSONScanner.unquoted(line, range).elementsEqual(wanted)
    }
}

/// Picks lines by their type and entity, without decoding them: a reader that
/// needs only some events (the report, a record's history). Every line is
/// still checked against the chain; a line not wanted is read only as far as
/// that needs (see `LineEnvelope.init`).
struct LineFilter: Sendable {
    let wants: @Sendable (LineLabel) -> Bool

    /// Lines of these event types.
    static func types(_ types: Set<String>) -> LineFilter {
        let wanted = ChangeKind.allCases.map { types.contains($0.rawValue) }
        return LineFilter { label in EventTypeNames.kind(at: label.type, in: label.line).map { wanted[$0.ordinal] } ?? false }
    }

    /// Lines about one record: its own events, and links (which may point to it).
    static func about(_ code: String) -> LineFilter {
        let entity = Array(code.utf8)
        let link = Array("link.added".utf8)
        return LineFilter { $0.entityIs(entity) || $0.typeIs(link) }
    }
}
