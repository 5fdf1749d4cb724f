/// One change to the case file: who made it, when, and what it was. Events are
/// the only way the case file changes, live or on replay.
public struct Event: Equatable, Sendable {
    public var time: Timestamp
    public var actor: String
    public var change: Change

    public init(time: Timestamp, actor: String, change: Change) {
        self.time = time
        self.actor = actor
        self.change = change
    }
}

public enum Change: Equatable, Sendable {
    case networkCreated(Network)
    case investigationCreated(JointInvestigation)
    case enquiryCreated(Enquiry)
    case referralCreated(Referral)
    case networkStatusChanged(code: String, to: NetworkStatus)
    case investigationStatusChanged(code: String, to: InvestigationStatus)
    case enquiryStatusChanged(reference: String, to: EnquiryStatus)
    case referralStatusChanged(reference: String, to: ReferralStatus)

    /// The code of the record the change is about.
    public var entity: String {
        switch self {
        case .networkCreated(let n): n.code
        case .investigationCreated(let i): i.code
        case .enquiryCreated(let e): e.reference
        case .referralCreated(let r): r.reference
        case .networkStatusChanged(let code, _), .investigationStatusChanged(let code, _): code
        case .enquiryStatusChanged(let reference, _), .referralStatusChanged(let reference, _): reference
        }
    }

    /// The event type as written in the journal.
    public var type: String {
        switch self {
        case .networkCreated: "network.created"
        case .investigationCreated: "investigation.created"
        case .enquiryCreated: "enquiry.created"
        case .referralCreated: "referral.created"
        case .networkStatusChanged: "network.status"
        case .investigationStatusChanged: "investigation.status"
        case .enquiryStatusChanged: "enquiry.status"
        case .referralStatusChanged: "referral.status"
        }
    }
}
