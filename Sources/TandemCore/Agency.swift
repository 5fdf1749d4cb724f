/// A national agency taking part: police, immigration, prosecution, an NCB, …
public struct Agency: Equatable, Sendable {
    public var code: String
    public var name: String
    public var country: CountryCode
    public var kind: AgencyKind
    public var handling: Handling

    public init(code: String, name: String, country: CountryCode, kind: AgencyKind, handling: Handling = .tlpGreen) {
        self.code = code
        self.name = name
        self.country = country
        self.kind = kind
        self.handling = handling
    }
}

public enum AgencyKind: String, CaseIterable, Sendable {
    case police, immigration, prosecution, ncb, customs, labour, other
    public var label: String { self == .ncb ? "INTERPOL NCB" : rawValue }
}

/// One person holding one focal-point role for an agency, from `since` until
/// `until` (open while they still hold it). Successive holders of a role are
/// kept, so the history of who held it, and when, is never lost.
public struct FocalPoint: Equatable, Sendable {
    public var code: String
    public var name: String
    public var agency: String
    public var country: CountryCode
    public var role: FocalRole
    public var channels: [String]
    public var timeZone: String
    public var languages: [String]
    public var since: Day
    public var until: Day?
    public var handling: Handling

    public init(
        code: String, name: String, agency: String, country: CountryCode, role: FocalRole, channels: [String] = [],
        timeZone: String = "", languages: [String] = [], since: Day, until: Day? = nil, handling: Handling = .h1
    ) {
        self.code = code
        self.name = name
        self.agency = agency
        self.country = country
        self.role = role
        self.channels = channels
        self.timeZone = timeZone
        self.languages = languages
        self.since = since
        self.until = until
        self.handling = handling
    }

    public func holds(on day: Day) -> Bool { since <= day && (until.map { day <= $0 } ?? true) }
}

public enum FocalRole: String, CaseIterable, Sendable {
    case ncbOfficer = "ncb-officer"
    case liaisonOfficer = "liaison-officer"
    case jitLeader = "jit-leader"
    case operationFocalPoint = "operation-focal-point"

    public var label: String {
        switch self {
        case .ncbOfficer: "NCB officer"
        case .liaisonOfficer: "liaison officer"
        case .jitLeader: "joint investigation team leader"
        case .operationFocalPoint: "operation focal point"
        }
    }
}
