/// Numbers as an officer reads them, on screen and on the command line alike.
public enum NumberText {
    /// A count with its thousands marked: `110,000`, as a decade of casework reaches.
    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// How long a span of time is, in its largest whole unit: `3 days`, `1 hour`,
    /// `40 minutes` (never `0 days` for something a few hours old; at least `1 minute`).
    public static func span(seconds: Int64) -> String {
        switch seconds {
        case 86_400...: count(Int(seconds / 86_400), "day", "days")
        case 3_600...: count(Int(seconds / 3_600), "hour", "hours")
        default: count(max(1, Int(seconds / 60)), "minute", "minutes")
        }
    }

    /// A count and what it counts, in the singular for one: `1 record`, `1,000 records`.
    public static func count(_ n: Int, _ one: String, _ many: String) -> String {
        "\(count(n)) \(n.magnitude == 1 ? one : many)"
    }
}
