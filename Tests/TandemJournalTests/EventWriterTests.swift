import TestSupport
import Testing
import TandemCore
import TandemSample
@testable import TandemJournal

/// Event lines are written straight into bytes. They must be exactly what the
/// general JSON writer makes of the same object (the journal's bytes never
/// change with how they are made) and read back as the same event.
@Suite struct EventWriterTests {
    func check(_ event: Event, sequence: Int = 7, readsBack: Bool = true) {
        let line = JournalLine.event(event, sequence: sequence, previousHash: String(repeating: "0", count: 64))
        guard let parsed = try? JSONParser.parse(line[...]) else {
            Issue.record("not JSON: \(String(decoding: line, as: UTF8.self))")
            return
        }
        var canonical: [UInt8] = []
        parsed.write(to: &canonical)
        #expect(canonical == line, "\(String(decoding: line, as: UTF8.self))")
        if readsBack { #expect((try? JournalLine.decode(line[...]))?.event == event, "\(String(decoding: line, as: UTF8.self))") }
    }

    @Test func everySampleAndGeneratedEventIsWrittenAsTheGeneralWriterWould() {
        for event in SampleScenario.events() { check(event) }
        var casework = SyntheticCasework(seed: 21)
        for sequence in 1...20_000 { check(casework.next()!, sequence: sequence) }
    }

    @Test func textThatNeedsEscapingAndDatesAtTheEdges() {
        let time = Timestamp(Day(year: 2015, month: 9, day: 28)!, hour: 23, minute: 59, second: 59)
        for text in ["quote \" and backslash \\", "line\nbreak\ttab\r", "control \u{01}\u{1F}\u{7F}", "separator \u{2028}\u{2029}",
                     "กรุงเทพ 船 🚢", "", "{\"looks\":\"like json\"}"] {
            check(Event(time: time, actor: "a\"ctor", change: .noteAdded(entity: "NET-\(text)", text: text)))
        }
        for day in [Day(year: 1, month: 1, day: 1)!, Day(year: 9999, month: 12, day: 31)!, Day(daysSinceEpoch: 0)] {
            check(Event(time: Timestamp(day), actor: "x", change: .focalPointEnded(code: "FP-1", on: day)))
        }
        // A five-digit year is written as the general writer would; the journal's
        // dates are four-digit, so it is not read back.
        let far = Day(year: 10_000, month: 1, day: 1)!
        check(Event(time: Timestamp(far), actor: "x", change: .focalPointEnded(code: "FP-1", on: far)), readsBack: false)
        let activity = Activity(operation: nil, country: CountryCode("THA")!, day: Day(daysSinceEpoch: 16_706), kind: .training,
                                count: 3, officersTrained: [.police: 40, .compliance: 0, .immigration: 12], description: "")
        check(Event(time: time, actor: "x", change: .activityRecorded(activity)))
        check(Event(time: time, actor: "x", change: .actionItemStatusChanged(investigation: "J", item: 1_000_000_007, to: .done)))
        check(Event(time: time, actor: "x", change: .enquiryEdited(reference: "E", EnquiryEdit(subject: "s", handling: .tlpRed))))
    }
}
