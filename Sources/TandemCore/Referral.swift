/// A referral through an INTERPOL National Central Bureau: a notice, a
/// diffusion or a database check.
public struct Referral: Equatable, Sendable {
    public var reference: String
    public var kind: ReferralKind
    public var issuingNCB: CountryCode
    /// Empty means all member countries.
    public var recipients: [CountryCode]
    public var subject: String
    public var interpolReference: String?
    public var status: ReferralStatus
    public var handling: Handling

    public init(
        reference: String, kind: ReferralKind, issuingNCB: CountryCode, recipients: [CountryCode] = [],
        subject: String, interpolReference: String? = nil, handling: Handling
    ) {
        self.reference = reference
        self.kind = kind
        self.issuingNCB = issuingNCB
        self.recipients = recipients
        self.subject = subject
        self.interpolReference = interpolReference
        self.status = .draft
        self.handling = handling
    }

    public var recipientsText: String {
        recipients.isEmpty ? "all members" : recipients.map(\.code).joined(separator: " ")
    }

    public var allowedNext: [ReferralStatus] { status.allowedNext(for: kind) }
}

public enum ReferralKind: String, CaseIterable, Sendable {
    case red, blue, green, yellow, black, orange, purple, silver
    case unscSpecial = "unsc-special"
    case diffusion
    case sltdCheck = "sltd-check"
    case nominalCheck = "nominal-check"
    case fingerprintCheck = "fingerprint-check"
    case dnaCheck = "dna-check"

    public var label: String {
        switch self {
        case .unscSpecial: "UN Security Council special notice"
        case .diffusion: "diffusion"
        case .sltdCheck: "SLTD check"
        case .nominalCheck: "nominal data check"
        case .fingerprintCheck: "fingerprint check"
        case .dnaCheck: "DNA check"
        default: rawValue.capitalized + " notice"
        }
    }

    /// Notices go through the General Secretariat's review; diffusions and checks do not.
    public var isNotice: Bool {
        switch self {
        case .diffusion, .sltdCheck, .nominalCheck, .fingerprintCheck, .dnaCheck: false
        default: true
        }
    }
}

extension String {
    var capitalized: String { prefix(1).uppercased() + dropFirst() }
}

public enum ReferralStatus: String, Lifecycle {
    case draft
    case submitted
    case underReview = "under-review"
    case published, refused
    case hitReported = "hit-reported"
    case cancelled, expired
    case sent, hit
    case noHit = "no-hit"

    public var label: String {
        switch self {
        case .submitted: "submitted to NCB"
        case .underReview: "under GS review"
        case .hitReported: "hit reported"
        case .noHit: "no hit"
        default: rawValue
        }
    }

    public func allowedNext(for kind: ReferralKind) -> [ReferralStatus] {
        if kind.isNotice {
            switch self {
            case .draft: return [.submitted, .cancelled]
            case .submitted: return [.underReview, .cancelled]
            case .underReview: return [.published, .refused]
            case .published: return [.hitReported, .cancelled, .expired]
            case .hitReported: return [.cancelled, .expired]
            default: return []
            }
        }
        switch self {
        case .draft: return [.sent]
        case .sent: return [.hit, .noHit]
        default: return []
        }
    }
}
