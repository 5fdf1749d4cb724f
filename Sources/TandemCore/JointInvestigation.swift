/// An investigation two or more countries agree to carry out together.
public struct JointInvestigation: Equatable, Sendable {
    public var code: String
    public var title: String
    public var lead: CountryCode
    public var partners: [CountryCode]
    public var targetNetworks: [String]
    public var legalBasis: LegalBasis
    public var start: Day
    public var end: Day
    public var status: InvestigationStatus
    public var handling: Handling
    /// Focal points (codes) leading the team.
    public var teamLeaders: [String]
    public var extensions: [Extension] = []
    public var actionItems: [ActionItem] = []

    public init(
        code: String, title: String, lead: CountryCode, partners: [CountryCode], targetNetworks: [String],
        legalBasis: LegalBasis, start: Day, end: Day, status: InvestigationStatus = .proposed, handling: Handling,
        teamLeaders: [String] = []
    ) {
        self.teamLeaders = teamLeaders
        self.code = code
        self.title = title
        self.lead = lead
        self.partners = partners
        self.targetNetworks = targetNetworks
        self.legalBasis = legalBasis
        self.start = start
        self.end = end
        self.status = status
        self.handling = handling
    }

    public var countries: [CountryCode] { [lead] + partners }

    /// The end of the period as extended.
    public var currentEnd: Day { extensions.last?.newEnd ?? end }

    /// Days from `day` to the end of the agreed period (negative once past it).
    public func daysLeft(on day: Day) -> Int { currentEnd.daysSinceEpoch - day.daysSinceEpoch }
}

public enum LegalBasis: String, CaseIterable, Sendable {
    case jitAgreement = "jit-agreement"
    case mou
    case informalPlan = "informal-plan"

    public var label: String {
        switch self {
        case .jitAgreement: "joint investigation team agreement"
        case .mou: "memorandum of understanding"
        case .informalPlan: "informal investigation plan"
        }
    }
}

public enum InvestigationStatus: String, Lifecycle {
    case proposed, agreed, active, suspended, concluded, evaluated, closed

    public var label: String { rawValue }

    public var allowedNext: [InvestigationStatus] {
        switch self {
        case .proposed: [.agreed]
        case .agreed: [.active]
        case .active: [.suspended, .concluded]
        case .suspended: [.active]
        case .concluded: [.evaluated]
        case .evaluated: [.closed]
        case .closed: []
        }
    }

    public var isOpen: Bool { self != .closed && self != .evaluated && self != .concluded }
}
