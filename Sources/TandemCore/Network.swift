/// A people-smuggling or trafficking network (syndicate).
public struct Network: Equatable, Sendable {
    public var code: String
    public var name: String
    public var aliases: [String]
    public var crimeTypes: [CrimeType]
    public var sectors: [Sector]
    /// Countries in route order: origin first, destination last, transit between.
    public var route: [CountryCode]
    public var modusOperandi: String
    public var reliability: SourceReliability
    public var accuracy: InformationAccuracy
    public var status: NetworkStatus
    public var handling: Handling

    public init(
        code: String, name: String, aliases: [String] = [], crimeTypes: [CrimeType], sectors: [Sector],
        route: [CountryCode], modusOperandi: String = "", reliability: SourceReliability = .b,
        accuracy: InformationAccuracy = .two, status: NetworkStatus = .identified, handling: Handling
    ) {
        self.code = code
        self.name = name
        self.aliases = aliases
        self.crimeTypes = crimeTypes
        self.sectors = sectors
        self.route = route
        self.modusOperandi = modusOperandi
        self.reliability = reliability
        self.accuracy = accuracy
        self.status = status
        self.handling = handling
    }
}

public enum NetworkStatus: String, Lifecycle {
    case identified, assessed, prioritised
    case underInvestigation = "under-investigation"
    case disrupted, dismantled, dormant, archived

    public var label: String { self == .underInvestigation ? "under investigation" : rawValue }

    public var allowedNext: [NetworkStatus] {
        switch self {
        case .identified: [.assessed, .dormant, .archived]
        case .assessed: [.prioritised, .dormant, .archived]
        case .prioritised: [.underInvestigation, .dormant, .archived]
        case .underInvestigation: [.disrupted, .dismantled, .dormant]
        case .disrupted: [.underInvestigation, .dismantled, .dormant, .archived]
        case .dismantled: [.archived]
        case .dormant: [.assessed, .underInvestigation, .archived]
        case .archived: []
        }
    }
}

/// Crime types with their UNODC ICCS codes.
public enum CrimeType: String, CaseIterable, Sendable {
    case traffickingSexualExploitation = "02041"
    case traffickingForcedLabour = "02042"
    case traffickingOrganRemoval = "02043"
    case traffickingOther = "02044"
    case migrantSmuggling = "08051"
    case onlineChildSexualExploitation = "OCSE"

    public var label: String {
        switch self {
        case .traffickingSexualExploitation: "TIP sexual exploitation"
        case .traffickingForcedLabour: "TIP forced labour"
        case .traffickingOrganRemoval: "TIP organ removal"
        case .traffickingOther: "TIP other"
        case .migrantSmuggling: "migrant smuggling"
        case .onlineChildSexualExploitation: "online child sexual exploitation"
        }
    }

    public var shortLabel: String {
        switch self {
        case .traffickingSexualExploitation: "TIP-sex"
        case .traffickingForcedLabour: "TIP-labour"
        case .traffickingOrganRemoval: "TIP-organ"
        case .traffickingOther: "TIP-other"
        case .migrantSmuggling: "smuggling"
        case .onlineChildSexualExploitation: "OCSE"
        }
    }
}

public enum Sector: String, CaseIterable, Sendable {
    case agriculture, farming, fishing
    case beautyServices = "beauty-services"
    case domesticWork = "domestic-work"
    case online, construction, hospitality, other

    public var label: String {
        switch self {
        case .beautyServices: "beauty services"
        case .domesticWork: "domestic work"
        default: rawValue
        }
    }
}

/// Source reliability of the 4×4 grading.
public enum SourceReliability: String, CaseIterable, Sendable { case a = "A", b = "B", c = "C", x = "X" }

/// Information accuracy of the 4×4 grading.
public enum InformationAccuracy: String, CaseIterable, Sendable { case one = "1", two = "2", three = "3", four = "4" }
