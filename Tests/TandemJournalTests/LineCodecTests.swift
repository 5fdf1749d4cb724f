import PropertyBased
import TestSupport
import Testing
import TandemCore
import TandemSample
@testable import TandemJournal

/// The journal reads every line with one scanner (`LineEnvelope` over
/// `JSONScanner`). It is held here to a plain tree parser (`JSONParser`, in
/// the test support) and the rules of a line said plainly on its tree: on
/// lines as written, the same lines laid out otherwise, and lines cut short or
/// changed byte by byte, both must take and refuse the same lines, and find the same fields.
@Suite struct LineCodecTests {
    /// A line's fields as the reference finds them, or why it refuses the line.
    struct Reference: Equatable {
        var sequence: Int
        var batch: String?
        var time, actor, type, entity, prev: String
        var payload: [JSONField]
        var signature: String?
    }

    static let known = ["seq", "batch", "time", "actor", "type", "entity", "prev", "payload", "sig", "crc"]

    static func reference(_ line: ArraySlice<UInt8>) -> Reference? {
        guard case .object(let fields)? = try? JSONParser.parse(line) else { return nil }
        for key in known where fields.filter({ $0.key == key }).count > 1 { return nil }
        func string(_ key: String) -> String? {
            if case .string(let s)? = fields.first(where: { $0.key == key })?.value { return s }
            return nil
        }
        guard case .int(let sequence)? = fields.first(where: { $0.key == "seq" })?.value,
              case .object(let payload)? = fields.first(where: { $0.key == "payload" })?.value,
              let time = string("time"), let actor = string("actor"), let type = string("type"), let entity = string("entity"),
              let prev = string("prev"), string("crc") != nil, fields.last?.key == "crc"
        else { return nil }
        var batch: String?
        if let mark = fields.first(where: { $0.key == "batch" }) {
            guard case .string(let text) = mark.value, text == "first" || text == "last" else { return nil }
            batch = text
        }
        var signature: String?
        if let sig = fields.first(where: { $0.key == "sig" }) {
            guard case .string(let text) = sig.value, fields.count >= 2, fields[fields.count - 2].key == "sig" else { return nil }
            signature = text
        }
        return Reference(sequence: Int(sequence), batch: batch, time: time, actor: actor, type: type, entity: entity, prev: prev,
                         payload: payload, signature: signature)
    }

    /// The same fields as the codec finds them.
    static func codec(_ line: ArraySlice<UInt8>) -> Reference? {
        line.withLineBytes { bytes -> Reference? in
            guard let envelope = try? LineEnvelope(bytes) else { return nil }
            func text(_ range: Range<Int>) -> String { JSONScanner.string(bytes, range) ?? "(not a string)" }
            let payload = envelope.payload.fields.map { field in
                JSONField(field.keyText(in: bytes), (try? JSONParser.parse(ArraySlice(bytes[field.value]))) ?? .string("(not JSON)"))
            }
            return Reference(sequence: envelope.sequence, batch: envelope.batch?.rawValue, time: text(envelope.time),
                             actor: text(envelope.actor), type: text(envelope.type), entity: text(envelope.entity),
                             prev: String(decoding: envelope.previousHash, as: UTF8.self), payload: payload,
                             signature: envelope.signature.map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// Lines as the journal writes them: every kind of event, some in batches, some signed.
    static let written: [(Event, [UInt8])] = {
        var events = SampleScenario.events()
        var casework = SyntheticCasework(seed: 5)
        for _ in 0..<400 { events.append(casework.next()!) }
        events.append(Event(time: Timestamp(secondsSinceEpoch: 0), actor: "a\"ctor\u{1}",
                            change: .noteAdded(entity: "NET-é\\", text: "quote \" 🚢 \u{2028} {\"x\":[1]}")))
        let key = OfficerKey(user: "codec", privateKey: SampleKeys.privateKey(for: "codec"))
        return events.enumerated().map { index, event in
            var line: [UInt8] = []
            let batch: JournalLine.BatchMark? = index % 7 == 1 ? .first : index % 7 == 3 ? .last : nil
            JournalLine.appendEvent(event, sequence: index + 1, previousHash: String(repeating: "ab", count: 32), batch: batch,
                                    signer: index % 3 == 0 ? key : nil, to: &line)
            return (event, line)
        }
    }()

    @Test func linesAsWrittenReadBackAsTheirEvents() throws {
        for (event, line) in Self.written {
            let found = try #require(Self.codec(line[...]), "\(String(decoding: line, as: UTF8.self))")
            #expect(found == Self.reference(line[...]))
            #expect(try JournalLine.decode(line[...]).event == event)
        }
    }

    /// The same line laid out otherwise: fields in another order (`sig` and
    /// `crc` staying last), the payload's too (its reader looks from the field
    /// found last), space around every token. It reads as the same event.
    static func laidOut(_ line: [UInt8], choices: inout [Int].Iterator) -> [UInt8] {
        guard case .object(var fields)? = try? JSONParser.parse(line[...]) else { return line }
        let tail = fields.filter { $0.key == "sig" || $0.key == "crc" }
        fields.removeAll { $0.key == "sig" || $0.key == "crc" }
        func shuffled(_ fields: [JSONField]) -> [JSONField] {
            var fields = fields
            for i in fields.indices.reversed() { fields.swapAt(i, (choices.next() ?? 0) % (i + 1)) }
            return fields
        }
        fields = shuffled(fields)
        let spaces = [" ", "\t", "\n", "\r", "  "]
        func space() -> String { (choices.next() ?? 0) % 3 == 0 ? spaces[(choices.next() ?? 0) % spaces.count] : "" }
        func write(_ value: JSONValue, top: Bool = false) -> String {
            switch value {
            case .object(let fields):
                return "{" + space() + (top ? fields : shuffled(fields)).map { space() + JSONValue.string($0.key).text + space() + ":" + space() + write($0.value) + space() }
                    .joined(separator: ",") + "}"
            case .array(let items): return "[" + items.map { space() + write($0) + space() }.joined(separator: ",") + "]"
            default: return value.text
            }
        }
        return Array((space() + write(.object(fields + tail), top: true) + space()).utf8)
    }

    @Test func laidOutOtherwiseTheSameLineReadsTheSame() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000).array(of: 1...200)) { numbers in
            var choices = numbers.makeIterator()
            let (event, line) = Self.written[numbers[0] % Self.written.count]
            let other = Self.laidOut(line, choices: &choices)
            let found = Self.codec(other[...])
            #expect(found != nil, "\(String(decoding: other, as: UTF8.self))")
            #expect(found == Self.reference(other[...]))
            #expect((try? JournalLine.decode(other[...]))?.event == event)
        }
    }

    /// Bytes a hostile or broken line may hold.
    static let hostile: [[UInt8]] = [
        [0x22], [0x5C], [0x7B], [0x7D], [0x5B], [0x5D], [0x2C], [0x3A], [0x00], [0x1F], [0x7F], [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80],
        [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], Array("\\u".utf8), Array("\\ud800".utf8), Array("\\udc00".utf8), Array("\\ud83d\\udea2".utf8),
        Array("\\\"".utf8), Array("-0".utf8), Array("1.5".utf8), Array("1e3".utf8), Array("01".utf8), Array("99999999999999999999".utf8),
        Array("9223372036854775808".utf8), Array("-9223372036854775808".utf8), Array("null".utf8), Array("tru".utf8),
        Array(#""seq":1,"#.utf8), Array(#","crc":"00000000""#.utf8), Array(#","sig":"x""#.utf8), Array(#""batch":"middle","#.utf8),
        Array(String(repeating: "[", count: 70).utf8), Array(#""\u0073eq":2,"#.utf8), [0x20], [0x09], [0x0A],
    ]

    @Test func cutShortOrChangedTheCodecAndTheReferenceAgree() async {
        await propertyCheck(count: 2_000, input: Gen.int(in: 0...1_000_000).array(of: 4...12)) { numbers in
            var line = Self.written[numbers[0] % Self.written.count].1
            var choices = numbers.dropFirst().makeIterator()
            while let what = choices.next(), let place = choices.next() {
                let at = place % (line.count + 1)
                switch what % 5 {
                case 0: line.removeLast(line.count - at)                                              // cut short
                case 1: if at < line.count { line[at] ^= UInt8(1 << (place % 8)) }                    // a bit flipped
                case 2: line.insert(contentsOf: Self.hostile[place % Self.hostile.count], at: at)     // bytes put in
                case 3: if at < line.count { line.remove(at: at) }                                    // a byte taken out
                default: line.replaceSubrange(at..<min(line.count, at + 3), with: Self.hostile[(place / 7) % Self.hostile.count])
                }
            }
            let reference = Self.reference(line[...])
            let found = Self.codec(line[...])
            #expect(found == reference, "\(String(decoding: line, as: UTF8.self)) \(line)")
            // A reader that wants only some lines takes and refuses the same lines it wants, and of the
            // rest at least every line the reference takes, with the same chain fields (it stops at their payload).
            let filtered = line[...].withLineBytes { bytes in
                (try? LineEnvelope(bytes, filter: .types(["note.added", "user.added"]))).map {
                    (wanted: $0.wanted, fields: $0.payload.fields.count, sequence: $0.sequence, prev: String(decoding: $0.previousHash, as: UTF8.self))
                }
            }
            if let filtered {
                if filtered.wanted { #expect(found != nil && filtered.fields == found?.payload.count) }
                if let found { #expect(filtered.sequence == found.sequence && filtered.prev == found.prev) }
            } else {
                #expect(found == nil, "\(String(decoding: line, as: UTF8.self))")
            }
            // A refused line names why; a line the codec takes decodes or names why not, and never traps.
            do throws(DecodeFailure) { _ = try JournalLine.decode(line[...]) } catch { #expect(!error.reason.isEmpty) }
        }
    }

    /// A filter compares the type a line stands for, however it is spelt.
    @Test func aTypeSpeltWithEscapesIsStillPicked() throws {
        let (event, line) = try #require(Self.written.first { $0.0.change.type == "note.added" })
        let text = String(decoding: line, as: UTF8.self).replacingOccurrences(of: #""type":"note.added""#, with: #""type":"note\u002eadded""#)
        func read(_ types: Set<String>) throws(DecodeFailure) -> (wanted: Bool, event: Event?) {
            try ArraySlice(text.utf8).withLineBytes { (bytes) throws(DecodeFailure) in
                let envelope = try LineEnvelope(bytes, filter: .types(types))
                return (envelope.wanted, envelope.wanted ? try envelope.event() : nil)
            }
        }
        #expect(try read(["note.added"]) == (true, event))
        #expect(try !read(["note.edited"]).wanted)
    }

    /// Every key and value of the payload is read as the text it stands for: with each string's
    /// first character written as an escape (keys then compared as text; terms, countries and
    /// dates not read in place), every line reads as the same event.
    @Test func payloadValuesSpeltOtherwiseReadTheSame() throws {
        func escapedFirst(_ text: String) -> String {
            guard let first = text.utf8.first, first < 0x80 else { return JSONValue.string(text).text }
            return "\"\\u00" + String(first >> 4, radix: 16) + String(first & 0xF, radix: 16)
                + JSONValue.string(String(String.UnicodeScalarView(text.unicodeScalars.dropFirst()))).text.dropFirst()
        }
        func escapingFirst(_ value: JSONValue, key: String) -> String {
            switch value {
            case .object(let fields): "{" + fields.map { escapedFirst($0.key) + ":" + escapingFirst($0.value, key: $0.key) }.joined(separator: ",") + "}"
            case .array(let items): "[" + items.map { escapingFirst($0, key: key) }.joined(separator: ",") + "]"
            case .string(let text): escapedFirst(text)
            default: value.text
            }
        }
        var checked = 0
        for (event, line) in Self.written {
            guard case .object(let fields) = try JSONParser.parse(line[...]) else { continue }
            var text = "{"
            text += fields.filter { $0.key != "crc" && $0.key != "sig" }.map { field in
                JSONValue.string(field.key).text + ":" + (field.key == "payload" ? escapingFirst(field.value, key: "") : field.value.text)
            }.joined(separator: ",")
            text += #","crc":"00000000"}"#
            let read = try JournalLine.decode(ArraySlice(text.utf8)).event
            #expect(read == event, "\(text)")
            checked += 1
        }
        #expect(checked == Self.written.count)
        // A term no kind has, and a country no list has, are refused by name however they are spelt.
        let status = #"{"seq":1,"time":"2015-01-05T01:00:00Z","actor":"a","type":"enquiry.status","entity":"IDN/AUS/1","prev":"x","payload":{"status":"\u0073end"},"crc":"0"}"#
        #expect(throws: DecodeFailure(reason: #""status" has unknown value "send""#)) { try JournalLine.decode(ArraySlice(status.utf8)) }
        let outcome = #"{"seq":1,"time":"2015-01-05T01:00:00Z","actor":"a","type":"outcome.recorded","entity":"JIT-1","prev":"x","payload":{"investigation":"JIT-1","country":"thl","day":"2015-01-05","kind":"arrests","count":1},"crc":"0"}"#
        #expect(throws: DecodeFailure(reason: #""country" has unknown country "thl""#)) { try JournalLine.decode(ArraySlice(outcome.utf8)) }
    }

    /// The inline comparison agrees with `==` on byte lists at every length up to 80, equal or
    /// differing in any one byte, at any alignment.
    @Test func sameBytesIsEquality() {
        var generator = SystemRandomNumberGenerator()
        for count in 0...80 {
            for offset in 0..<3 {
                let a = (0..<(count + offset)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                for changed in [-1] + Array(0..<count) {
                    var b = Array(a[offset...])
                    if changed >= 0 { b[changed] ^= UInt8.random(in: 1...255, using: &generator) }
                    let same = a.withUnsafeBytes { x in b.withUnsafeBytes { y in sameBytes(x.baseAddress! + offset, y.baseAddress!, count) } }
                    #expect(same == (Array(a[offset...]) == b), "\(count) bytes, byte \(changed) changed")
                }
            }
        }
    }

    /// A term looked up by its bytes is the one `init(rawValue:)` gives: every value of every
    /// term type a payload holds, and near misses (cut, one longer, another case) are none.
    @Test func aTermFoundByItsSpellingIsTheOneItsNameGives() {
        func check<T: JournalTerm & Equatable>(_ type: T.Type) {
            func found(_ name: String) -> T? { Array(name.utf8).withUnsafeBufferPointer { T.spellings.term($0) } }
            for term in T.allCases {
                #expect(found(term.rawValue) == term)
                for near in [String(term.rawValue.dropLast()), term.rawValue + "s", term.rawValue.uppercased(), " " + term.rawValue] {
                    #expect(found(near) == T(rawValue: near), "\(near)")
                }
            }
            #expect(found("") == T(rawValue: "") && found(String(repeating: "x", count: 200)) == nil)
        }
        check(ActionStatus.self); check(ActivityKind.self); check(AgeBand.self); check(AgencyKind.self); check(Assistance.self)
        check(Channel.self); check(ChaseMeans.self); check(CoerciveMeasure.self); check(CrimeType.self); check(EnquiryStatus.self)
        check(FocalRole.self); check(Handling.self); check(InformationAccuracy.self); check(InvestigationStatus.self)
        check(LegalBasis.self); check(NetworkRole.self); check(NetworkStatus.self); check(OutcomeKind.self); check(Priority.self)
        check(ReferralKind.self); check(ReferralStatus.self); check(Role.self); check(Sector.self); check(Sex.self)
        check(SourceReliability.self); check(SuspectStatus.self)
    }

    /// The eight-byte search for the end of a string's plain run lands where a byte-by-byte search does.
    @Test func aStringsPlainRunEndsWhereByteByByteItDoes() {
        let alphabet: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x61, 0x7E, 0x7F, 0x80, 0xC3, 0xFF]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) < 200 ? 0x61 : alphabet.randomElement(using: &generator)! }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).littleEndian }
            let first = bytes.firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 }
            let stops = JSONScanner.stops(word)
            #expect((stops == 0 ? nil : stops.trailingZeroBitCount >> 3) == first, "\(bytes)")
        }
    }

    /// The chain check reads `prev` and `sig` as the characters they stand for, however they are spelt.
    @Test func aHashOrSignatureSpeltWithEscapesReadsAsItsCharacters() throws {
        func read(_ line: ArraySlice<UInt8>) throws(DecodeFailure) -> (head: LineHead, seal: CommitSeal) {
            try line.withLineBytes { (bytes) throws(DecodeFailure) in
                let envelope = try LineEnvelope(bytes)
                return (envelope.head, envelope.head.seal(of: bytes, offset: 0, commitStart: 0))
            }
        }
        let line = try #require(Self.written.first { (try? read($0.1[...]))?.head.signature != nil }?.1)
        let plain = try read(line[...])
        var text = String(decoding: line, as: UTF8.self)
        text = text.replacingOccurrences(of: #""prev":"ab"#, with: #""prev":"\u0061b"#)
        let sig = try #require(text.range(of: #""sig":""#))
        let first = text[sig.upperBound]
        text.replaceSubrange(sig.upperBound...sig.upperBound, with: "\\u00" + String(first.asciiValue!, radix: 16))
        let escaped = try read(ArraySlice(text.utf8))
        func hash(_ text: String) throws -> HexHash? {
            try ArraySlice(text.utf8).withLineBytes { (bytes) throws in try LineEnvelope(bytes).head.previousHash(in: bytes) }
        }
        let written = HexHash(String(repeating: "ab", count: 32))
        #expect(try hash(text) == written && hash(String(decoding: line, as: UTF8.self)) == written)
        try ArraySlice(text.utf8).withLineBytes { (bytes) throws in
            let head = try LineEnvelope(bytes).head
            #expect(head.follows(written, in: bytes) && !head.follows(HexHash(String(repeating: "ac", count: 32)), in: bytes))
        }
        #expect(escaped.seal.signature == plain.seal.signature)
        #expect(escaped.seal.signature?.isEmpty == false)
        // Not 64 characters: it can be no line's hash.
        let shorter = text.replacingOccurrences(of: #""prev":"\u0061b"#, with: #""prev":""#)
        #expect(try hash(shorter) == nil)
    }

    /// A line's hash by the processor's SHA instructions is the library's, at
    /// every length across the block and padding boundaries and on random bytes.
    @Test func theProcessorsHashIsTheLibrarys() async {
        // On a processor without SHA instructions the library hashes every line, and these compare it with itself.
        let bytes = (0..<1_200).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        for length in 0...bytes.count {
            bytes[..<length].withUnsafeBytes { raw in
                #expect(HexHash(of: raw) == HexHash(byLibrary: raw), "length \(length)")
            }
        }
        #expect(HexHash(of: ArraySlice("abc".utf8)).text == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        await propertyCheck(count: 500, input: Gen.int(in: 0...255).array(of: 0...700)) { values in
            let line = values.map { UInt8($0) }
            line.withUnsafeBytes { raw in #expect(HexHash(of: raw) == HexHash(byLibrary: raw)) }
        }
        // Two lines hashed together, of every pair of lengths across the blocks' ends, and of random bytes.
        for first in stride(from: 0, through: 200, by: 7) {
            for second in 0...200 {
                bytes[..<first].withUnsafeBytes { a in
                    bytes[(1_000 - second)..<1_000].withUnsafeBytes { b in
                        let (x, y) = HexHash.two(of: a, b)
                        #expect(x == HexHash(byLibrary: a) && y == HexHash(byLibrary: b), "lengths \(first) and \(second)")
                    }
                }
            }
        }
        await propertyCheck(count: 300, input: Gen.int(in: 0...255).array(of: 0...700).array(of: 2...2)) { lines in
            let (a, b) = (lines[0].map { UInt8($0) }, lines[1].map { UInt8($0) })
            a.withUnsafeBytes { a in
                b.withUnsafeBytes { b in
                    let (x, y) = HexHash.two(of: a, b)
                    #expect(x == HexHash(byLibrary: a) && y == HexHash(byLibrary: b))
                }
            }
        }
    }

    /// A payload's refusals name its field (the decoder's static names, said as text) and what is wrong with it.
    @Test func aPayloadsRefusalsNameTheField() throws {
        func line(_ change: Change) -> String {
            var bytes: [UInt8] = []
            JournalLine.appendEvent(Event(time: Timestamp(secondsSinceEpoch: 0), actor: "lo1", change: change), sequence: 1,
                                    previousHash: String(repeating: "ab", count: 32), batch: nil, signer: nil, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        func reason(_ text: String) -> String {
            if case .failure(let failure) = Result(catching: { () throws(DecodeFailure) in try JournalLine.decode(ArraySlice(text.utf8)) }) {
                return failure.reason
            }
            return ""
        }
        let note = line(.noteAdded(entity: "THA/IDN/15-031", text: "Called the desk"))
        #expect(reason(note) == "")
        #expect(reason(note.replacingOccurrences(of: #""text":"#, with: #""words":"#)) == #"missing field "text""#)
        #expect(reason(note.replacingOccurrences(of: #""text":"Called the desk""#, with: #""text":7"#)) == #""text" is not a string"#)
        let activity = line(.activityRecorded(Activity(operation: nil, country: CountryCode("THA")!, day: Day(daysSinceEpoch: 16_706),
                                                       kind: .training, count: 3, officersTrained: [.police: 40])))
        #expect(reason(activity) == "")
        #expect(reason(activity.replacingOccurrences(of: #""police":40"#, with: #""pilots":40"#))
                == #""officersTrained" has an unknown entry "pilots""#)
        #expect(reason(activity.replacingOccurrences(of: #""police":40"#, with: #""police":"40""#))
                == #""officersTrained" has an unknown entry "police""#)
        #expect(reason(activity.replacingOccurrences(of: #""count":3"#, with: #""count":true"#)) == #""count" is not a whole number"#)
        #expect(reason(activity.replacingOccurrences(of: #""country":"THA""#, with: #""country":"XYZ""#)) == #""country" has unknown country "XYZ""#)
        #expect(reason(activity.replacingOccurrences(of: #""kind":"training""#, with: #""kind":"trainin""#)) == #""kind" has unknown value "trainin""#)
        // A list: not one, then one holding a non-string, then its first value refused.
        let network = try #require(SampleScenario.events().first { if case .networkCreated = $0.change { true } else { false } })
        let created = line(network.change)
        let route = try #require(created.firstRange(of: #/"route":\[[^\]]*\]/#).map { String(created[$0]) })
        func routed(_ list: String) -> String { reason(created.replacingOccurrences(of: route, with: #""route":"# + list)) }
        #expect(reason(created) == "")
        #expect(routed(#""MMR""#) == #""route" is not a list"#)
        #expect(routed(#"["XYZ",7]"#) == #""route" holds a non-string"#)
        #expect(routed(#"["MMR","XYZ","QQQ"]"#) == #""route" has unknown country "XYZ""#)
        #expect(routed(#"[]"#) == "")
    }

    @Test func everyRefusalSaysWhatIsWrong() {
        let line = Array(Self.written[3].1)
        let text = String(decoding: line, as: UTF8.self)
        func reason(_ changed: String) -> String {
            do { _ = try JournalLine.decode(ArraySlice(changed.utf8)); return "" } catch { return error.reason }
        }
        #expect(reason(text.replacingOccurrences(of: #""seq":"#, with: #""sequence":"#)) == #"missing field "seq""#)
        #expect(reason(text.replacingOccurrences(of: #","actor":"#, with: #","actor":1,"x":"#)) == #""actor" is not a string"#)
        #expect(reason(String(text.dropLast(4))).hasPrefix("not valid JSON (unterminated string at column"))
        #expect(reason(text.replacingOccurrences(of: #"{"seq":4,"#, with: #"{"seq":4,"seq":4,"#)) == #"field "seq" appears twice"#)
        #expect(reason(text.replacingOccurrences(of: #","crc":"#, with: #","crc":"0","x":"#)) == #"field "crc" is not the last"#)
    }
}
