/// What moving a record to a status means, for the statuses that cannot be
/// taken back or not easily: the console names it and asks before going on.
/// Some also ask why (the reason is journalled with the change).
public struct StatusConsequence: Equatable, Sendable {
    public var consequence: String
    public var asksReason: Bool

    /// By stored value: a status of that name means the same in every lifecycle.
    static let table: [String: StatusConsequence] = [
        "closed": .final(),
        "concluded": StatusConsequence(consequence: "the joint investigation's work ends: it can then only be evaluated and closed", asksReason: false),
        "evaluated": StatusConsequence(consequence: "the evaluation is recorded: only closing follows", asksReason: false),
        "declined": .final(asksReason: true),
        "withdrawn": .final(asksReason: true),
        "cancelled": .final(asksReason: true),
        "expired": .final(),
        "hit": .final(),
        "no-hit": .final(),
        "refused": .final(),
        "published": StatusConsequence(consequence: "the notice goes out to member countries: it can then only report a hit, be cancelled or expire", asksReason: false),
    ]

    static func final(asksReason: Bool = false) -> StatusConsequence {
        StatusConsequence(consequence: "a final status: the record's status cannot change again", asksReason: asksReason)
    }
}

extension Lifecycle {
    /// Why moving to this status deserves a confirmation, if it does.
    public var consequence: StatusConsequence? { StatusConsequence.table[rawValue] }
}

extension Change {
    /// The consequence of the status this change moves to, if it is one that asks first.
    public var statusConsequence: StatusConsequence? {
        switch self {
        case .networkStatusChanged(_, let s): s.consequence
        case .investigationStatusChanged(_, let s): s.consequence
        case .enquiryStatusChanged(_, let s): s.consequence
        case .referralStatusChanged(_, let s): s.consequence
        case .suspectStatusChanged(_, let s): s.consequence
        default: nil
        }
    }
}
