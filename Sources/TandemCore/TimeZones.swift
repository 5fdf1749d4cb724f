/// How far a time zone is from UTC at a moment, in seconds east. The core keeps
/// no zone database of its own: the rules come from the edge (the system's
/// tzdata through Foundation), so that Sydney's and Auckland's summer time are
/// right in every year without a table here to keep up to date. Tests pass
/// fixed offsets. Two rules are the same when their names are.
public struct ZoneRules: Equatable, Sendable {
    public let name: String
    private let offsetOf: @Sendable (String, Timestamp) -> Int?

    /// `offset(zone, moment)` gives the zone's offset then, or nil for a zone it does not know.
    public init(name: String, offset: @escaping @Sendable (_ zone: String, _ at: Timestamp) -> Int?) {
        self.name = name
        self.offsetOf = offset
    }

    public static func == (a: ZoneRules, b: ZoneRules) -> Bool { a.name == b.name }

    /// Every zone is UTC: for tests and for headless screens.
    public static let utc = ZoneRules(name: "utc") { _, _ in 0 }

    /// Fixed offsets by zone name, in seconds east of UTC (for tests).
    public static func fixed(_ offsets: [String: Int]) -> ZoneRules {
        ZoneRules(name: "fixed:" + offsets.keys.sorted().map { "\($0)=\(offsets[$0]!)" }.joined(separator: ",")) { zone, _ in
            zone == "UTC" ? 0 : offsets[zone]
        }
    }

    /// The zone's offset at a moment; 0 (UTC) for a zone the rules do not know.
    public func offset(of zone: String, at moment: Timestamp) -> Int { offsetOf(zone, moment) ?? 0 }

    public func knows(_ zone: String) -> Bool { offsetOf(zone, Timestamp(secondsSinceEpoch: 0)) != nil }

    /// The calendar day a moment falls on in a zone.
    public func day(of moment: Timestamp, in zone: String) -> Day {
        moment.adding(seconds: Int64(offset(of: zone, at: moment))).day
    }

    /// The last second of a local day in a zone, as a moment.
    public func endOfDay(_ day: Day, in zone: String) -> Timestamp {
        let localEnd = Timestamp(day, hour: 23, minute: 59, second: 59)
        return localEnd.adding(seconds: -Int64(offset(of: zone, at: localEnd)))
    }
}

/// The zone an officer enters and reads times in: its name (`Asia/Bangkok`) and
/// the rules that give its offset. Every time shown carries the offset's label.
public struct OfficerZone: Equatable, Sendable {
    public var name: String
    public var rules: ZoneRules

    public init(name: String, rules: ZoneRules) {
        self.name = name
        self.rules = rules
    }

    public static let utc = OfficerZone(name: "UTC", rules: .utc)

    public func offset(at moment: Timestamp) -> Int { rules.offset(of: name, at: moment) }

    /// The moment as a local wall-clock time (still counted in seconds, as if it were UTC).
    public func local(_ moment: Timestamp) -> Timestamp { moment.adding(seconds: Int64(offset(at: moment))) }

    public func day(of moment: Timestamp) -> Day { local(moment).day }

    /// `2015-10-05 14:00 +07`
    public func minuteText(_ moment: Timestamp) -> String {
        "\(local(moment).minuteText) \(OfficerZone.label(offset(at: moment)))"
    }

    /// A due time: the date alone when due by the end of a day here (`2015-10-05`), else `2015-10-05 14:00 +07`.
    public func dueText(_ due: Timestamp) -> String {
        let wall = local(due)
        return wall.secondOfDay == 86_399 ? wall.day.iso8601 : minuteText(due)
    }

    /// `+07`, `+05:30`, `-03`, `UTC` for no offset.
    public static func label(_ offset: Int) -> String {
        if offset == 0 { return "UTC" }
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) / 60 % 60
        let hh = hours < 10 ? "0\(hours)" : "\(hours)"
        return minutes == 0 ? "\(sign)\(hh)" : "\(sign)\(hh):\(minutes < 10 ? "0" : "")\(minutes)"
    }

    /// The moment at which the local wall clock reads `wall` (a wall-clock time held as if UTC).
    /// Across a change of offset, the offset in force just before it is taken.
    public func moment(atLocal wall: Timestamp) -> Timestamp {
        let guess = wall.adding(seconds: -Int64(offset(at: wall)))
        return wall.adding(seconds: -Int64(offset(at: guess)))
    }
}

extension CountryCode {
    /// The zone a country's records are dated in when nothing says otherwise:
    /// the zone of its capital (see `CountryZones`); UTC for a country not in the table.
    public var defaultTimeZone: String { CountryZones.capital[code] ?? "UTC" }
}

/// The default zone per country, as data: the zone of the capital, where the
/// national agencies and the INTERPOL NCB sit. Records carry a country, not an
/// agency, so a country's outcomes, activities and enquiries count on its
/// capital's calendar day. Countries of the Bali Process and their usual
/// partners are listed; any other counts in UTC until it is added here.
public enum CountryZones {
    public static let capital: [String: String] = [
        "AFG": "Asia/Kabul", "AUS": "Australia/Sydney", "BGD": "Asia/Dhaka", "BTN": "Asia/Thimphu",
        "BRN": "Asia/Brunei", "KHM": "Asia/Phnom_Penh", "CAN": "America/Toronto", "CHN": "Asia/Shanghai",
        "FJI": "Pacific/Fiji", "FRA": "Europe/Paris", "DEU": "Europe/Berlin", "GBR": "Europe/London",
        "HKG": "Asia/Hong_Kong", "IND": "Asia/Kolkata", "IDN": "Asia/Jakarta", "IRN": "Asia/Tehran",
        "IRQ": "Asia/Baghdad", "JPN": "Asia/Tokyo", "JOR": "Asia/Amman", "KIR": "Pacific/Tarawa",
        "KOR": "Asia/Seoul", "LAO": "Asia/Vientiane", "MAC": "Asia/Macau", "MYS": "Asia/Kuala_Lumpur",
        "MDV": "Indian/Maldives", "MNG": "Asia/Ulaanbaatar", "MMR": "Asia/Yangon", "NRU": "Pacific/Nauru",
        "NPL": "Asia/Kathmandu", "NZL": "Pacific/Auckland", "PAK": "Asia/Karachi", "PNG": "Pacific/Port_Moresby",
        "PHL": "Asia/Manila", "WSM": "Pacific/Apia", "SGP": "Asia/Singapore", "SLB": "Pacific/Guadalcanal",
        "LKA": "Asia/Colombo", "SYR": "Asia/Damascus", "THA": "Asia/Bangkok", "TLS": "Asia/Dili",
        "TON": "Pacific/Tongatapu", "TUR": "Europe/Istanbul", "ARE": "Asia/Dubai", "USA": "America/New_York",
        "VUT": "Pacific/Efate", "VNM": "Asia/Ho_Chi_Minh",
    ]
}
