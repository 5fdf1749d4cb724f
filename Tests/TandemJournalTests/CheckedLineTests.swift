import PropertyBased
import TestSupport
import Testing
import TandemCore
import TandemSample
#if canImport(Glibc)
import Glibc
#endif
@testable import TandemJournal

/// `tandem verify` checks a line against its payload's shape (learnt from
/// `EventCoding`) instead of making its event. Held here to decoding the line:
/// on lines of every kind as written, laid out otherwise, with a field taken
/// away, given a value of another kind, or doubled, and changed byte by byte,
/// a checked line is taken exactly when its event decodes, with the same
/// sequence number, actor and change (its kind, or the change itself), and a
/// refused line is refused for the same reason.
@Suite struct CheckedLineTests {
    /// Events of every kind: the codec's lines, and one of each kind they lack.
    static let everyKind: [(Event, [UInt8])] = {
        let day = Day(year: 2015, month: 10, day: 20)!
        let time = Timestamp(day, hour: 8)
        func event(_ change: Change, actor: String = "sup1", reason: String? = nil) -> Event {
            Event(time: time, actor: actor, change: change, reason: reason)
        }
        var events = LineCodecTests.written.map(\.0)
        for written in LineCodecTests.written.map(\.0) {
            switch written.change {
            case .investigationCreated(let i): events.append(event(.investigationRevised(i), reason: "partners changed"))
            case .referralCreated(let r): events.append(event(.referralRevised(r)))
            case .operationCreated(let o): events.append(event(.operationRevised(o)))
            default: break
            }
        }
        let more: [Change] = [
            .userRoleChanged(name: "inv1", to: .liaisonOfficer), .userRemoved(name: "inv2"),
            .userKeyReplaced(name: "inv1", key: "ed25519:" + String(repeating: "A", count: 43) + "="),
            .investigationExtended(code: "JIT-1", Extension(day: day, newEnd: day.adding(days: 90), consentRecorded: true)),
            .actionItemStatusChanged(investigation: "JIT-1", item: 2, to: .done),
            .actionItemDueRevised(investigation: "JIT-1", item: 2, to: day.adding(days: 14)),
            .investigationPeriodCorrected(code: "JIT-1", PeriodCorrection(start: day, end: day.adding(days: 30), reason: "typo")),
            .activityCorrected(ActivityCorrection(entity: "OP-1", number: 3, count: 4, officersTrained: [.police: 2], reason: "miscounted")),
            .activityCorrected(ActivityCorrection(entity: "THA", number: 1, count: 0, reason: "recorded twice")),
            .outcomeCorrected(OutcomeCorrection(entity: "JIT-1", number: 2, count: 5, reason: "one arrest was another JIT's")),
            .statusReverted(StatusReversion(entity: "ENQ-1", to: "sent", reason: "answered in error")),
            .enquiryReturned(reference: "THA/IDN/1", reason: "needs a translation"),
            .enquiryAnswered(reference: "THA/IDN/1", EnquiryAnswer(full: false, text: "Two of three records found.")),
            .exportMade(ExportRecord(id: "EXP-1", format: "csv", destination: "/tmp/x", tables: ["enquiries"], records: 3,
                                     includesVictims: false, restricted: true, recipient: "AFP", reason: "JIT meeting")),
        ]
        events += more.map { event($0) }
        events.append(Event(time: time, actor: KeyRoster.journalActor, change: .journalRepaired(JournalRepair(
            id: "TORN-1", setAside: "j.jsonl.torn-1", bytes: 10, sha256: String(repeating: "a", count: 64), fromSequence: 9, reason: "torn"))))
        return events.enumerated().map { index, event in
            var line: [UInt8] = []
            JournalLine.appendEvent(event, sequence: index + 1, previousHash: String(repeating: "ab", count: 32), batch: nil,
                                    signer: nil, to: &line)
            return (event, line)
        }
    }()

    /// What reading a line gives, decoded or checked, said so that the two can be compared.
    enum Verdict: Equatable {
        case refused(String)
        case taken(sequence: Int, actor: String, change: CheckedLine.Change)
        case scanned
    }

    static func verdict(_ line: [UInt8], checking: Bool) -> Verdict {
        var fields: [JSONScanner.Field] = []
        let read = line.withLineBytes(0..<line.count) { LineRead($0, wanted: nil, checking: checking, reusing: &fields) }
        switch read {
        case .failed(let failure): return .refused(failure.reason)
        case .scanned: return .scanned
        case .checked(let head, let checked):
            #expect(head.sequence == checked.sequence)
            return .taken(sequence: checked.sequence, actor: checked.actor, change: checked.change)
        case .decoded(let head, let event):
            let change: CheckedLine.Change = CommitCheck.judgesByKind(event.change.kind) && PayloadShape.byOrdinal[
                ChangeKind.allCases.firstIndex(of: event.change.kind)!] != nil ? .kind(event.change.kind) : .made(event.change)
            return .taken(sequence: head.sequence, actor: event.actor, change: change)
        }
    }

    static func expectSame(_ line: [UInt8], _ comment: @autoclosure () -> String = "") {
        let decoded = verdict(line, checking: false)
        let checked = verdict(line, checking: true)
        #expect(checked == decoded, "\(comment()) \(String(decoding: line, as: UTF8.self))")
    }

    @Test func everyKindIsWrittenAndCheckedAsItDecodes() throws {
        #expect(Set(Self.everyKind.map(\.0.change.kind)) == Set(ChangeKind.allCases))
        for (event, line) in Self.everyKind {
            let checked = Self.verdict(line, checking: true)
            guard case .taken(_, let actor, let change) = checked else {
                Issue.record("\(event.change.kind.rawValue) refused: \(checked)")
                continue
            }
            #expect(actor == event.actor)
            switch change {
            case .kind(let kind): #expect(kind == event.change.kind && CommitCheck.judgesByKind(kind))
            case .made(let made): #expect(made == event.change)
            }
            Self.expectSame(line)
        }
    }

    /// Each kind's shape is learnt, but for the two whose entity is another field
    /// when their first is empty (an outcome's and an activity's): those are made.
    @Test func everyShapeIsLearntButTwo() {
        let unlearnt = ChangeKind.allCases.filter { PayloadShape.byOrdinal[ChangeKind.allCases.firstIndex(of: $0)!] == nil }
        #expect(unlearnt == [.outcomeRecorded, .activityRecorded])
    }

    /// Values of every other kind a field could hold in its place.
    static let otherValues = [
        "1", "-3", "0", "\"x\"", "\"\"", "[]", "[\"x\"]", "[1]", "[\"THA\",\"XXX\"]", "{}", "{\"police\":1}", "{\"pilots\":1}",
        "null", "true", "false", "\"2015-13-45\"", "\"2015-10-20\"", "\"2015-10-20T08:00:00Z\"", "\"2015-10-20T08:00:00\"",
        "\"THA\"", "\"tha\"", "\"H2\"", "\"TLP:RED\"", "\"sent\"", "\"supervisor\"", "\"\\u0073ent\"", "\"JIT-1\"", "\"THA/IDN/1\"",
        "99999999999999999999",
    ]

    /// The line with its payload's fields given in `fields` (written as they are), its checksum made again.
    static func withPayload(_ line: [UInt8], _ fields: [(key: String, value: String)]) -> [UInt8] {
        guard case .object(var top)? = try? JSONParser.parse(line[...]) else { return line }
        top.removeAll { $0.key == "crc" }
        let payload = "{" + fields.map { JSONValue.string($0.key).text + ":" + $0.value }.joined(separator: ",") + "}"
        let head = "{" + top.map { JSONValue.string($0.key).text + ":" + ($0.key == "payload" ? payload : $0.value.text) }.joined(separator: ",")
        var bytes = Array(head.utf8)
        Checksum.seal(&bytes)
        return bytes
    }

    static func payloadFields(_ line: [UInt8]) -> [(key: String, value: String)] {
        guard case .object(let top)? = try? JSONParser.parse(line[...]),
              case .object(let payload)? = top.first(where: { $0.key == "payload" })?.value else { return [] }
        return payload.map { ($0.key, $0.value.text) }
    }

    /// The first two lines of each kind.
    static let twoOfEachKind: [(Event, [UInt8])] = ChangeKind.allCases.flatMap { kind in
        everyKind.filter { $0.0.change.kind == kind }.prefix(2)
    }

    @Test func aFieldTakenAwayOrGivenAnotherValueIsRefusedAsDecodingRefusesIt() {
        for (_, line) in Self.twoOfEachKind {
            let fields = Self.payloadFields(line)
            for index in fields.indices {
                var without = fields
                without.remove(at: index)
                Self.expectSame(Self.withPayload(line, without), "without \(fields[index].key)")
                for value in Self.otherValues {
                    var changed = fields
                    changed[index].value = value
                    Self.expectSame(Self.withPayload(line, changed), "\(fields[index].key) = \(value)")
                    // Twice: decoding reads the first.
                    Self.expectSame(Self.withPayload(line, fields + [(fields[index].key, value)]), "then \(fields[index].key) = \(value)")
                    Self.expectSame(Self.withPayload(line, [(fields[index].key, value)] + fields), "first \(fields[index].key) = \(value)")
                }
            }
            for (key, value) in [("at", "\"2015-10-20T08:00:00Z\""), ("at", "5"), ("basedOn", "3"), ("basedOn", "\"3\""),
                                 ("changeReason", "\"typo\""), ("changeReason", "null"), ("changeReason", "[]"), ("note", "7")] {
                Self.expectSame(Self.withPayload(line, fields + [(key, value)]), "\(key) = \(value)")
            }
        }
    }

    /// The line with its envelope's `entity` spelt `entity` (JSON text), its checksum made again.
    static func withEntity(_ line: [UInt8], _ entity: String) -> [UInt8] {
        guard case .object(var top)? = try? JSONParser.parse(line[...]) else { return line }
        top.removeAll { $0.key == "crc" }
        var bytes = Array(("{" + top.map { JSONValue.string($0.key).text + ":" + ($0.key == "entity" ? entity : $0.value.text) }
            .joined(separator: ",")).utf8)
        Checksum.seal(&bytes)
        return bytes
    }

    @Test func anEntityTheChangeIsNotAboutIsRefusedAsDecodingRefusesIt() {
        for (event, line) in Self.twoOfEachKind {
            let entity = event.change.entity
            let escaped = entity.isEmpty ? "\"\"" : "\"\\u" + String(format: "%04x", entity.unicodeScalars.first!.value) + String(entity.dropFirst()) + "\""
            for spelling in [escaped, "\"" + entity + "x\"", "\"\"", "\"" + entity.lowercased() + "\"", "5", "null"] {
                Self.expectSame(Self.withEntity(line, spelling), "entity \(spelling)")
            }
        }
        // Text that is the same only once read: the entity written composed in the payload, decomposed in the envelope.
        let note = Event(time: Timestamp(secondsSinceEpoch: 0), actor: "inv1", change: .linkAdded(Link(from: "NET-é", to: "JIT-1")))
        var line: [UInt8] = []
        JournalLine.appendEvent(note, sequence: 1, previousHash: String(repeating: "ab", count: 32), batch: nil, signer: nil, to: &line)
        Self.expectSame(Self.withEntity(line, "\"NET-e\u{301}\""))
    }

    @Test func laidOutOtherwiseOrChangedByteByByteCheckingAndDecodingAgree() async {
        await propertyCheck(count: 2_000, input: Gen.int(in: 0...1_000_000).array(of: 4...12)) { numbers in
            var line = Self.everyKind[numbers[0] % Self.everyKind.count].1
            var choices = Array(numbers.dropFirst()).makeIterator()
            if numbers[0] % 3 == 0 { line = LineCodecTests.laidOut(line, choices: &choices) }
            while let what = choices.next(), let place = choices.next() {
                let at = place % (line.count + 1)
                switch what % 4 {
                case 0: if at < line.count { line[at] ^= UInt8(1 << (place % 8)) }
                case 1: line.insert(contentsOf: LineCodecTests.hostile[place % LineCodecTests.hostile.count], at: at)
                case 2: if at < line.count { line.remove(at: at) }
                default: line.replaceSubrange(at..<min(line.count, at + 3), with: LineCodecTests.hostile[(place / 7) % LineCodecTests.hostile.count])
                }
            }
            Self.expectSame(line)
        }
    }

    /// A change judged by its kind is judged as the change itself would be: the
    /// same refusal (or none) for every role and for an officer not on the
    /// roster, the same key required, the roster left the same.
    @Test func aChangeTakenByItsKindIsJudgedAsTheChangeItself() {
        let rosters = [
            KeyRoster(),
            KeyRoster([User(name: "sup", displayName: "S", role: .supervisor), User(name: "inv", displayName: "I", role: .investigator),
                       User(name: "lia", displayName: "L", role: .liaisonOfficer)]),
            KeyRoster([User(name: "sup", displayName: "S", role: .supervisor, publicKey: "ed25519:" + String(repeating: "A", count: 43) + "="),
                       User(name: "inv", displayName: "I", role: .investigator, publicKey: "ed25519:" + String(repeating: "B", count: 43) + "=")]),
        ]
        var judged = 0
        for (event, _) in Self.everyKind where CommitCheck.judgesByKind(event.change.kind) {
            for roster in rosters {
                for actor in ["sup", "inv", "lia", "nobody"] {
                    var afterChange = roster, afterKind = roster
                    var byChange = CommitCheck(actor: actor, roster: roster)
                    byChange.take(event.change, actor: actor, into: &afterChange)
                    var byKind = CommitCheck(actor: actor, roster: roster)
                    byKind.take(kind: event.change.kind, actor: actor, into: &afterKind)
                    #expect(byKind.roleRefusal?.index == byChange.roleRefusal?.index)
                    #expect(byKind.roleRefusal?.refusal == byChange.roleRefusal?.refusal, "\(event.change.kind.rawValue) by \(actor)")
                    #expect(byKind.roleRefusal?.type == byChange.roleRefusal?.type)
                    #expect(byKind.requiredKey == byChange.requiredKey)
                    #expect(afterKind == afterChange)
                    judged += 1
                }
            }
        }
        #expect(judged > 0)
    }

    /// A line whose payload does not decode, its checksum made again (the last
    /// line: no line after it names its hash): verify finds it where the opening
    /// does, for the same reason, in each way a payload can be wrong.
    @Test func verifyRefusesTheLineTheOpeningRefusesForTheSameReason() throws {
        let clock = { Timestamp(secondsSinceEpoch: 1_444_000_000) }
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        var casework = SyntheticCasework(seed: 3)
        let opened = try Journal.create(at: path, id: "checked", now: clock)
        try opened.journal.appendEach((0..<60).map { _ in casework.next()! } + [
            Event(time: clock(), actor: "sup1", change: .noteAdded(entity: "NET-1", text: "last")),
        ])
        opened.journal.close()
        unlink(CommitLog.path(for: path))
        let bytes = readBytes(path)
        let lastStart = bytes.dropLast().lastIndex(of: 0x0A)! + 1
        let last = Array(bytes[lastStart..<(bytes.count - 1)])
        #expect(try Journal.verify(at: path).isIntact)
        for (payload, entity) in [(#"{"text":5}"#, nil), (#"{}"#, nil), (#"{"text":"x","at":"yesterday"}"#, nil),
                                  (#"{"text":"x","basedOn":"3"}"#, nil), (#"{"text":"x"}"#, #""NET-1""#),
                                  (#"{"text":"x","changeReason":[]}"#, nil)] {
            guard case .object(var top)? = try? JSONParser.parse(last[...]) else { Issue.record("unreadable"); return }
            top.removeAll { $0.key == "crc" }
            var line = Array(("{" + top.map { field in
                JSONValue.string(field.key).text + ":" + (field.key == "payload" ? payload : field.key == "entity" ? (entity ?? field.value.text) : field.value.text)
            }.joined(separator: ",")).utf8)
            Checksum.seal(&line)
            writeBytes(path, Array(bytes[..<lastStart]) + line + [0x0A])
            let opening = try JournalScan.scan(readBytes(path)).problem
            let verified = try Journal.verify(at: path)
            if entity != nil {
                // Spelt with an escape, the same entity: the line holds.
                #expect(opening == nil && verified.isIntact, "\(payload) \(String(describing: opening))")
                continue
            }
            #expect(opening != nil, "\(payload)")
            #expect(verified.firstProblem?.sequence == opening?.sequence)
            #expect(verified.firstProblem?.reason == opening?.reason, "\(payload)")
            #expect(verified.firstProblem?.offset == opening?.offset)
        }
    }
}
