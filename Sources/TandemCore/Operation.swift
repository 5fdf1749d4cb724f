/// An operation or period of action, such as the 2015 Joint Period of Action.
public struct Operation: Equatable, Sendable {
    public var code: String
    public var name: String
    public var start: Day
    public var end: Day
    public var countries: [CountryCode]
    public var organisations: [String]
    public var coChairs: [CountryCode]
    public var handling: Handling

    public init(
        code: String, name: String, start: Day, end: Day, countries: [CountryCode], organisations: [String] = [],
        coChairs: [CountryCode] = [], handling: Handling = .tlpGreen
    ) {
        self.code = code
        self.name = name
        self.start = start
        self.end = end
        self.countries = countries
        self.organisations = organisations
        self.coChairs = coChairs
        self.handling = handling
    }

    public var period: ClosedRange<Day> { start...end }
}

/// A dated count of awareness-raising or training work, recorded by a country.
public struct Activity: Equatable, Sendable {
    public var operation: String?
    public var country: CountryCode
    public var day: Day
    public var kind: ActivityKind
    public var count: Int
    /// Officers trained, by kind (training sessions only).
    public var officersTrained: [OfficerKind: Int]
    public var description: String
    /// When it was entered in the journal (set as the event is applied, never in its payload).
    public var recorded: Timestamp?

    public init(
        operation: String?, country: CountryCode, day: Day, kind: ActivityKind, count: Int,
        officersTrained: [OfficerKind: Int] = [:], description: String = ""
    ) {
        self.operation = operation
        self.country = country
        self.day = day
        self.kind = kind
        self.count = count
        self.officersTrained = officersTrained
        self.description = description
    }
}

public enum ActivityKind: String, CaseIterable, Sendable {
    case awareness
    case training
    public var label: String { self == .awareness ? "awareness-raising activity" : "training session" }
    public var plural: String { self == .awareness ? "awareness-raising activities" : "training sessions" }

    /// A count of this kind: "1 training session", "2 awareness-raising activities".
    public func count(_ n: Int) -> String { NumberText.count(n, label, plural) }
}

public enum OfficerKind: String, CaseIterable, Sendable {
    case police, airport, immigration, compliance
}
