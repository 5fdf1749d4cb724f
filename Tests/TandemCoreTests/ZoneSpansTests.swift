import Synchronization
import Testing
@testable import TandemCore

/// The zone rules that remember what the system's tzdata answered, held to
/// asking the source every time, on a made-up zone whose offset changes often.
@Suite struct ZoneSpansTests {
    /// A zone whose offset changes at `changes` (sorted seconds): `offsets[i]` holds before
    /// `changes[i]`, the last offset after the last change. Counts the questions asked of it.
    final class MadeUpZone: Sendable {
        let changes: [Int64]
        let offsets: [Int]
        let asked = Atomic<Int>(0)

        init(seed: UInt64) {
            var dice = SpreadsheetFuzzTests.Dice(state: seed)
            var at: Int64 = -2_000_000_000
            var changes: [Int64] = []
            var offsets: [Int] = []
            for _ in 0..<60 {
                at += Int64(1 + dice.roll(150_000_000))
                changes.append(at)
                // Now and then the same offset again (a change of name only, as tzdata has).
                offsets.append(dice.roll(4) == 0 ? (offsets.last ?? 0) : (dice.roll(49) - 24) * 1800)
            }
            offsets.append(3600)
            self.changes = changes
            self.offsets = offsets
        }

        func offset(_ zone: String, _ moment: Timestamp) -> Int? {
            asked.add(1, ordering: .relaxed)
            guard zone == "Test/Shifting" else { return nil }
            return offsets[changes.firstIndex { $0 > moment.secondsSinceEpoch } ?? changes.count]
        }

        func nextChange(_ zone: String, _ moment: Timestamp) -> Timestamp? {
            changes.first { $0 > moment.secondsSinceEpoch }.map(Timestamp.init(secondsSinceEpoch:))
        }

        var rules: ZoneRules {
            ZoneRules.remembering(name: "made-up", offset: { self.offset($0, $1) }, nextChange: { self.nextChange($0, $1) })
        }
    }

    @Test func everyAnswerIsTheSourcesAndNothingAnsweredIsAskedAgain() {
        for seed: UInt64 in [1, 0x2015, 0xBA_11] {
            let zone = MadeUpZone(seed: seed)
            let rules = zone.rules
            var dice = SpreadsheetFuzzTests.Dice(state: seed ^ 0xFEED)
            var moments: [Int64] = zone.changes.flatMap { [$0 - 1, $0, $0 + 1] }
            for _ in 0..<3000 { moments.append(-2_100_000_000 + Int64(dice.roll(1_000_000_000)) * 10 + Int64(dice.roll(10))) }
            for i in moments.indices.reversed() { moments.swapAt(i, dice.roll(i + 1)) }
            for second in moments {
                let moment = Timestamp(secondsSinceEpoch: second)
                let expected = zone.offsets[zone.changes.firstIndex { $0 > second } ?? zone.changes.count]
                #expect(rules.offset(of: "Test/Shifting", at: moment) == expected, "seed \(seed), second \(second)")
            }
            // At most one question per moment, and none once every moment was asked.
            let asked = zone.asked.load(ordering: .relaxed)
            #expect(asked <= moments.count)
            for second in moments { _ = rules.offset(of: "Test/Shifting", at: Timestamp(secondsSinceEpoch: second)) }
            #expect(zone.asked.load(ordering: .relaxed) == asked)
        }
    }

    @Test func questionsInOrderAreAnsweredFromMemoryWithinASpan() {
        let zone = MadeUpZone(seed: 7)
        let rules = zone.rules
        let first = zone.changes[10], last = zone.changes[11]
        for second in stride(from: first, to: last, by: Int(max(1, (last - first) / 500))) {
            _ = rules.offset(of: "Test/Shifting", at: Timestamp(secondsSinceEpoch: second))
        }
        #expect(zone.asked.load(ordering: .relaxed) == 1)
    }

    @Test func anUnknownZoneIsNotRemembered() {
        let zone = MadeUpZone(seed: 3)
        let rules = zone.rules
        #expect(!rules.knows("Mars/Olympus"))
        #expect(rules.offset(of: "Mars/Olympus", at: Timestamp(secondsSinceEpoch: 0)) == 0)
        #expect(!rules.knows("Mars/Olympus"))
        #expect(zone.asked.load(ordering: .relaxed) == 3)
        #expect(rules.knows("Test/Shifting"))
    }

    @Test func spansOfOneOffsetBecomeOneAndASpanOfAnotherOffsetOverItIsForgotten() {
        var spans = ZoneSpans()
        spans.learn(.init(start: 100, end: 200, offset: 7))
        spans.learn(.init(start: 300, end: 400, offset: 7))
        spans.learn(.init(start: 200, end: 300, offset: 7))
        #expect(spans.spans == [.init(start: 100, end: 400, offset: 7)])
        spans.learn(.init(start: 500, end: .max, offset: 8))
        spans.learn(.init(start: 350, end: 450, offset: 9))
        #expect(spans.spans == [.init(start: 350, end: 450, offset: 9), .init(start: 500, end: .max, offset: 8)])
        #expect(spans.offset(at: 99) == nil && spans.offset(at: 349) == nil && spans.offset(at: 449) == 9)
        #expect(spans.offset(at: 450) == nil && spans.offset(at: .max - 1) == 8)
    }
}
