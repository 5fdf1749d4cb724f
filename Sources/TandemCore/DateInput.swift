/// Dates as officers type them: `2015-10-05` (due by the end of that day, UTC),
/// `2015-10-05 14:00`, or relative to now: `+8h`, `+7d`, `+2w`.
public enum DateInput {
    public static func parse(_ text: String, now: Timestamp, field: String) throws(Refusal) -> Timestamp {
        let input = text.trimmingWhitespace
        if let relative = relative(input, now: now) { return relative }
        if let exact = Timestamp(iso8601: input) { return exact }
        if let day = Day(iso8601: input) { return Timestamp(day, hour: 23, minute: 59, second: 59) }
        let parts = input.split(separator: " ")
        if parts.count == 2, let day = Day(iso8601: String(parts[0])) {
            let clock = parts[1].split(separator: ":")
            if clock.count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]),
               (0..<24).contains(hour), (0..<60).contains(minute), clock[1].count == 2 {
                return Timestamp(day, hour: hour, minute: minute)
            }
        }
        throw Refusal(field: field, reason: "\"\(input)\" is not a date (use 2015-10-05, 2015-10-05 14:00, +8h, +7d or +2w)")
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
