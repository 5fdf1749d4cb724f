import TandemCore

/// Short renderings shared by the lists and the details.
enum Formatting {
    static func route(_ countries: [CountryCode]) -> String {
        countries.map(\.code).joined(separator: "›")
    }

    static func codes(_ countries: [CountryCode]) -> String {
        countries.map(\.code).joined(separator: " ")
    }

    /// `3d`, `5h`, `40m`: how long ago, for an age column.
    static func age(from start: Timestamp, to now: Timestamp) -> String {
        let seconds = max(0, now.secondsSinceEpoch - start.secondsSinceEpoch)
        if seconds >= 86_400 { return "\(seconds / 86_400)d" }
        if seconds >= 3600 { return "\(seconds / 3600)h" }
        return "\(seconds / 60)m"
    }

    /// Days left of an agreed period, for a list column.
    static func daysLeft(_ days: Int) -> String { days < 0 ? "over" : "\(days)d" }

    /// The end of an agreed period, in words.
    static func periodEnd(daysLeft days: Int) -> String {
        switch days {
        case ..<(-1): "ended \(-days) days ago"
        case -1: "ended yesterday"
        case 0: "ends today"
        case 1: "1 day left"
        default: "\(days) days left"
        }
    }

    static func handlingStyle(_ h: Handling) -> Style {
        switch h {
        case .tlpRed: Style(colour: .red, bold: true)
        case .tlpAmber, .tlpAmberStrict, .h2, .h3: Style(colour: .yellow)
        case .tlpGreen: Style(colour: .green)
        default: .plain
        }
    }

    static func referralKind(_ kind: ReferralKind) -> String {
        kind.isNotice && kind != .unscSpecial ? kind.rawValue.capitalizedWord : kind == .unscSpecial ? "UNSC special" : kind.label
    }

    static func countryWithName(_ c: CountryCode) -> String { "\(c.code) \(c.name)" }

    /// The text kept on one line where it is wrapped (its spaces made no-break
    /// spaces, put on screen as spaces): one short item of a list, such as "THA 3".
    static func unbroken(_ text: String) -> String { text.replacingOccurrences(of: " ", with: "\u{00A0}") }
}

extension String {
    var capitalizedWord: String { prefix(1).uppercased() + dropFirst() }
}
