/// Dates as officers type them, in their own zone: `2015-10-05` (due by the end
/// of that day), `2015-10-05 14:00`, or relative to now: `+8h`, `+7d`, `+2w`.
/// `2015-10-05T07:00:00Z` is taken as UTC, whatever the zone.
public enum DateInput {
    public static func parse(_ text: String, now: Timestamp, field: String, zone: OfficerZone = .utc) throws(Refusal) -> Timestamp {
        let input = text.trimmingWhitespace
        if let relative = relative(input, now: now) { return relative }
        if let exact = Timestamp(iso8601: input) { return exact }
        if let day = Day(iso8601: input) { return zone.moment(atLocal: Timestamp(day, hour: 23, minute: 59, second: 59)) }
        if let wall = wallClock(input) { return zone.moment(atLocal: wall) }
        throw Refusal(field: field, reason: "\"\(input)\" is not a date (use 2015-10-05, 2015-10-05 14:00, +8h, +7d or +2w)")
    }

    /// A moment typed to the minute (`2015-10-05 14:00`) or as a length before now
    /// (`-2d`, `-3h`), in the officer's zone: when something happened. Empty is nil (now).
    public static func happened(_ text: String, now: Timestamp, field: String, zone: OfficerZone) throws(Refusal) -> Timestamp? {
        let input = text.trimmingWhitespace
        if input.isEmpty { return nil }
        if input.utf8.first == UInt8(ascii: "-"), let seconds = duration(String(input.dropFirst())) { return now.adding(seconds: -seconds) }
        if let exact = Timestamp(iso8601: input) { return exact }
        if let wall = wallClock(input) { return zone.moment(atLocal: wall) }
        if Day(iso8601: input) != nil {
            throw Refusal(field: field, reason: "\"\(input)\" needs a time of day too (2015-10-05 14:00)")
        }
        throw Refusal(field: field, reason: "\"\(input)\" is not a time (use 2015-10-05 14:00, or -3h, -2d for that long ago)")
    }

    /// `2015-10-05 14:00` as a wall-clock time.
    private static func wallClock(_ input: String) -> Timestamp? {
        let parts = input.split(separator: " ")
        guard parts.count == 2, let day = Day(iso8601: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":")
        guard clock.count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]),
              (0..<24).contains(hour), (0..<60).contains(minute), clock[1].count == 2 else { return nil }
        return Timestamp(day, hour: hour, minute: minute)
    }

    private static func relative(_ input: String, now: Timestamp) -> Timestamp? {
        guard input.utf8.first == UInt8(ascii: "+"), let seconds = duration(String(input.dropFirst())) else { return nil }
        return now.adding(seconds: seconds)
    }

    /// A length of time as officers write it: `8h`, `7d`, `2w` (up to 100,000 of them), in seconds.
    public static func duration(_ text: String) -> Int64? {
        guard text.count >= 2, let unit = text.last, let amount = Int64(text.dropLast()), amount >= 0, amount <= 100_000 else { return nil }
        switch unit {
        case "h": return amount * 3600
        case "d": return amount * 86_400
        case "w": return amount * 7 * 86_400
        default: return nil
        }
    }
}
