import Testing
@testable import TandemCore

@Suite struct TimeTests {
    @Test func civilDatesRoundTripOverFourCenturies() {
        // Every day from 1800 to 2200 converts to year-month-day and back.
        let first = Day(year: 1800, month: 1, day: 1)!.daysSinceEpoch
        let last = Day(year: 2200, month: 12, day: 31)!.daysSinceEpoch
        var previous: (Int, Int, Int)?
        for n in first...last {
            let (y, m, d) = Day(daysSinceEpoch: n).components
            #expect(Day(year: y, month: m, day: d)?.daysSinceEpoch == n)
            if let (py, pm, pd) = previous {
                let nextDay = (y == py && m == pm && d == pd + 1) || (d == 1 && ((m == pm + 1 && y == py) || (m == 1 && pm == 12 && y == py + 1)))
                #expect(nextDay, "day after \(py)-\(pm)-\(pd) is \(y)-\(m)-\(d)")
            }
            previous = (y, m, d)
        }
    }

    @Test func knownDates() {
        #expect(Day(iso8601: "1970-01-01")?.daysSinceEpoch == 0)
        #expect(Day(iso8601: "2015-09-28")?.daysSinceEpoch == 16_706)
        #expect(Day(iso8601: "2016-02-29") != nil)
        #expect(Day(iso8601: "2015-02-29") == nil)
        #expect(Day(iso8601: "2015-13-01") == nil)
        #expect(Day(iso8601: "2015-9-28") == nil)
        #expect(Day(iso8601: "2015-09-28")?.iso8601 == "2015-09-28")
    }

    @Test func timestampsFormatAndParse() {
        let t = Timestamp(Day(iso8601: "2015-10-28")!, hour: 23, minute: 5, second: 9)
        #expect(t.iso8601 == "2015-10-28T23:05:09Z")
        #expect(Timestamp(iso8601: "2015-10-28T23:05:09Z") == t)
        #expect(Timestamp(iso8601: "2015-10-28T24:00:00Z") == nil)
        #expect(Timestamp(iso8601: "2015-10-28 23:05:09") == nil)
        #expect(Timestamp(secondsSinceEpoch: -1).iso8601 == "1969-12-31T23:59:59Z")
        #expect(t.minuteText == "2015-10-28 23:05")
    }

    @Test func dateInputAcceptsDatesAndRelativeTimes() throws {
        let now = Timestamp(iso8601: "2015-10-05T10:00:00Z")!
        #expect(try DateInput.parse("2015-10-12", now: now, field: "due date") == Timestamp(iso8601: "2015-10-12T23:59:59Z"))
        #expect(try DateInput.parse("2015-10-12 14:30", now: now, field: "due date") == Timestamp(iso8601: "2015-10-12T14:30:00Z"))
        #expect(try DateInput.parse("+8h", now: now, field: "due date") == Timestamp(iso8601: "2015-10-05T18:00:00Z"))
        #expect(try DateInput.parse(" +7d ", now: now, field: "due date") == Timestamp(iso8601: "2015-10-12T10:00:00Z"))
        #expect(try DateInput.parse("+2w", now: now, field: "due date") == Timestamp(iso8601: "2015-10-19T10:00:00Z"))
        for bad in ["next week", "2015-10-32", "+7", "+xd", "2015-10-12 25:00", "12/10/2015"] {
            #expect(throws: Refusal.self) { try DateInput.parse(bad, now: now, field: "due date") }
            do { _ = try DateInput.parse(bad, now: now, field: "due date") } catch {
                #expect(error.field == "due date")
                #expect(error.reason.contains("is not a date"))
            }
        }
    }
}
