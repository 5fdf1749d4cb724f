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

    /// A count and what it counts, in the singular for one: `1 record`, `1,000 records`.
    public static func count(_ n: Int, _ one: String, _ many: String) -> String {
        "\(count(n)) \(n.magnitude == 1 ? one : many)"
    }
}
