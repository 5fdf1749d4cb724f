/// A suspect linked to a network.
public struct Suspect: Equatable, Sendable {
    public var reference: String
    public var aliases: [String]
    public var nationality: CountryCode
    public var network: String?
    public var role: NetworkRole
    public var status: SuspectStatus
    public var handling: Handling

    public init(
        reference: String, aliases: [String] = [], nationality: CountryCode, network: String?, role: NetworkRole,
        status: SuspectStatus = .identified, handling: Handling
    ) {
        self.reference = reference
        self.aliases = aliases
        self.nationality = nationality
        self.network = network
        self.role = role
        self.status = status
        self.handling = handling
    }
}

public enum NetworkRole: String, CaseIterable, Sendable {
    case organiser, recruiter, transporter
    case documentSupplier = "document-supplier"
    case financier, other
    public var label: String { self == .documentSupplier ? "document supplier" : rawValue }
}

public enum SuspectStatus: String, Lifecycle {
    case identified, wanted, arrested, charged, convicted, released
    public var label: String { rawValue }

    public var allowedNext: [SuspectStatus] {
        switch self {
        case .identified: [.wanted, .arrested]
        case .wanted: [.arrested]
        case .arrested: [.charged, .released]
        case .charged: [.convicted, .released]
        case .convicted: [.released]
        case .released: [.wanted, .arrested]
        }
    }
}

/// A victim, pseudonymised by construction: there is no field for a name, an
/// address or a document number, and there never will be.
public struct Victim: Equatable, Sendable {
    /// A random reference such as `V-Q7K2M9`.
    public var reference: String
    public var nationality: CountryCode
    public var sex: Sex
    public var ageBand: AgeBand
    public var exploitation: CrimeType
    public var sector: Sector
    public var assistance: [Assistance]
    public var consentToShare: Bool
    public var handling: Handling

    public init(
        reference: String, nationality: CountryCode, sex: Sex, ageBand: AgeBand, exploitation: CrimeType, sector: Sector,
        assistance: [Assistance] = [], consentToShare: Bool = false, handling: Handling = .tlpRed
    ) {
        self.reference = reference
        self.nationality = nationality
        self.sex = sex
        self.ageBand = ageBand
        self.exploitation = exploitation
        self.sector = sector
        self.assistance = assistance
        self.consentToShare = consentToShare
        self.handling = handling
    }

    public var isMinor: Bool { ageBand == .under12 || ageBand == .from12to17 }
}

public enum Sex: String, CaseIterable, Sendable { case female, male, other, unknown }

public enum AgeBand: String, CaseIterable, Sendable {
    case under12 = "0-11"
    case from12to17 = "12-17"
    case from18to24 = "18-24"
    case from25to39 = "25-39"
    case over40 = "40+"
    case unknown
}

public enum Assistance: String, CaseIterable, Sendable {
    case shelter, medical, legal, repatriation, counselling, interpretation, financial
}
