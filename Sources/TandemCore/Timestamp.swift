/// A moment in UTC, to the second. The core keeps time as plain numbers so it
/// needs no Foundation; the journal writes it as ISO 8601 (`2015-09-28T09:00:00Z`).
public struct Timestamp: Hashable, Comparable, Sendable {
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    public init(_ day: Day, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        secondsSinceEpoch = Int64(day.daysSinceEpoch) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        a.secondsSinceEpoch < b.secondsSinceEpoch
    }

    public var day: Day {
        Day(daysSinceEpoch: Int(secondsSinceEpoch.floorDivided(by: 86_400)))
    }

    public var secondOfDay: Int {
        Int(secondsSinceEpoch - Int64(day.daysSinceEpoch) * 86_400)
    }

    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    public func adding(days: Int) -> Timestamp { adding(seconds: Int64(days) * 86_400) }

    /// `2015-09-28T09:00:00Z`
    public var iso8601: String {
        let s = secondOfDay
        return "\(day.iso8601)T\(twoDigits(s / 3600)):\(twoDigits(s / 60 % 60)):\(twoDigits(s % 60))Z"
    }

    /// `2015-09-28 09:00`
    public var minuteText: String {
        let s = secondOfDay
        return "\(day.iso8601) \(twoDigits(s / 3600)):\(twoDigits(s / 60 % 60))"
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ`.
    public init?(iso8601 text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Timestamp(iso8601Bytes: $0) }) else { return nil }
        self = parsed
    }

    /// `2015-09-28T03:00:00Z` as UTF-8 bytes (the journal's hot path: no String made).
    public init?(iso8601Bytes bytes: UnsafeBufferPointer<UInt8>) {
        let b = 0
        guard bytes.count == 20, bytes[b + 10] == UInt8(ascii: "T"), bytes[b + 13] == UInt8(ascii: ":"),
              bytes[b + 16] == UInt8(ascii: ":"), bytes[b + 19] == UInt8(ascii: "Z"),
              let day = Day(iso8601Bytes: UnsafeBufferPointer(rebasing: bytes[b..<(b + 10)])),
              let hour = decimal(bytes[(b + 11)..<(b + 13)]), let minute = decimal(bytes[(b + 14)..<(b + 16)]),
              let second = decimal(bytes[(b + 17)..<(b + 19)]),
              hour < 24, minute < 60, second < 60
        else { return nil }
        self.init(day, hour: hour, minute: minute, second: second)
    }
}

/// A calendar date (proleptic Gregorian), counted in days from 1970-01-01.
public struct Day: Hashable, Comparable, Sendable {
    public var daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Returns nil for a date that does not exist (2015-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.length(ofMonth: month, inYear: year)
        else { return nil }
        daysSinceEpoch = Day.daysFromCivil(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso8601 text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Day(iso8601Bytes: $0) }) else { return nil }
        self = parsed
    }

    /// `2015-09-28` as UTF-8 bytes.
    public init?(iso8601Bytes bytes: UnsafeBufferPointer<UInt8>) {
        let b = 0
        guard bytes.count == 10, bytes[b + 4] == UInt8(ascii: "-"), bytes[b + 7] == UInt8(ascii: "-"),
              let year = decimal(bytes[b..<(b + 4)]), let month = decimal(bytes[(b + 5)..<(b + 7)]),
              let day = decimal(bytes[(b + 8)..<(b + 10)])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func < (a: Day, b: Day) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + days) }

    public var components: (year: Int, month: Int, day: Int) {
        Day.civil(fromDays: daysSinceEpoch)
    }

    public var iso8601: String {
        let (y, m, d) = components
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year
            + "-" + twoDigits(m) + "-" + twoDigits(d)
    }

    static func length(ofMonth month: Int, inYear year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil algorithm.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

private func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

private func decimal(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
    var value = 0
    for b in bytes {
        guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(b - UInt8(ascii: "0"))
    }
    return bytes.isEmpty ? nil : value
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}

/// A `Timestamp` or none, in the room of one number: no time is ever the
/// earliest a number can hold (a journal's times are years 0000 to 9999).
@propertyWrapper
public struct TimeIfAny: Equatable, Sendable {
    private var seconds: Int64

    public init(wrappedValue time: Timestamp?) {
        precondition(time?.secondsSinceEpoch != .min, "no time is held as the earliest number")
        seconds = time?.secondsSinceEpoch ?? .min
    }

    public var wrappedValue: Timestamp? {
        get { seconds == .min ? nil : Timestamp(secondsSinceEpoch: seconds) }
        set { self = TimeIfAny(wrappedValue: newValue) }
    }
}
