/// Who may make which change: the role rules of DOMAIN.md, enforced in the core.
public enum Permissions {
    /// Who may make a change: the table of DOMAIN.md's role rules.
    enum Allowed {
        case supervisors, investigators, liaison, everyone

        var roles: [Role] {
            switch self {
            case .supervisors: [.supervisor]
            case .investigators: [.investigator, .supervisor]
            case .liaison: [.liaisonOfficer, .supervisor]
            case .everyone: Role.allCases
            }
        }

        /// Asked for every change replayed or verified: no list is made.
        func includes(_ role: Role) -> Bool {
            switch self {
            case .supervisors: role == .supervisor
            case .investigators: role == .investigator || role == .supervisor
            case .liaison: role == .liaisonOfficer || role == .supervisor
            case .everyone: true
            }
        }
    }

    /// Who may make a change: what its status says for the two status changes that
    /// only some may make, what its kind says for every other.
    static func allowed(_ change: Change) -> Allowed {
        switch change {
        case .investigationStatusChanged(_, let status):
            status == .concluded || status == .closed ? .supervisors : .investigators
        case .enquiryStatusChanged(_, let status):
            // Sending is approving an outgoing enquiry.
            status == .sent ? .supervisors : .liaison
        default:
            // Never nil here: the kinds whose change says are the two above.
            allowed(change.kind)!
        }
    }

    /// Who may make a change of this kind, or nil when it depends on the change
    /// (the status a joint investigation or an enquiry is given).
    static func allowed(_ kind: ChangeKind) -> Allowed? {
        switch kind {
        case .userAdded, .userRoleChanged, .userRemoved, .userKeyReplaced, .agencyAdded, .focalPointAppointed, .focalPointEnded,
             .operationCreated, .operationRevised, .journalRepaired,
             .statusReverted, .investigationPeriodCorrected, .enquiryReturned:
            .supervisors
        case .networkCreated, .networkStatusChanged, .networkRevised, .investigationRevised, .suspectAdded, .suspectStatusChanged, .victimAdded,
             .investigationCreated, .investigationExtended, .actionItemAdded, .actionItemStatusChanged, .actionItemDueRevised,
             .outcomeRecorded, .outcomeCorrected:
            .investigators
        case .investigationStatusChanged, .enquiryStatusChanged:
            nil
        case .enquiryCreated, .enquiryChased, .enquiryDueRevised, .enquiryEdited, .enquiryAnswered, .referralCreated, .referralStatusChanged, .referralRevised,
             .referralInterpolReferenceSet:
            .liaison
        case .activityRecorded, .activityCorrected, .noteAdded, .linkAdded, .exportMade:
            .everyone
        }
    }

    /// The roles that may make a change.
    public static func roles(for change: Change) -> [Role] { allowed(change).roles }

    /// Refuses a change the actor's role does not allow, saying who may make it.
    static func check(_ change: Change, actor: String, role: Role?) throws(Refusal) {
        if let refusal = refusal(change, actor: actor, role: role) { throw refusal }
    }

    static func refusal(_ change: Change, actor: String, role: Role?) -> Refusal? {
        refusal(allowed(change), action: { action(change) }, actor: actor, role: role)
    }

    /// The same for a change of a kind whose kind alone says who may make it
    /// (see `allowed(_ kind:)`): judged without the change itself.
    static func refusal(_ kind: ChangeKind, actor: String, role: Role?) -> Refusal? {
        guard let allowed = allowed(kind) else { preconditionFailure("who may make \(kind.rawValue) depends on the change") }
        return refusal(allowed, action: { action(kind) }, actor: actor, role: role)
    }

    private static func refusal(_ allowed: Allowed, action: () -> String, actor: String, role: Role?) -> Refusal? {
        guard let role else {
            return Refusal(field: "user", reason: "\(actor) is not on the roster and may only read; to \(action()) ask a supervisor to add you")
        }
        if allowed.includes(role) { return nil }
        let roles = allowed.roles
        let who = ([roles[0].withArticle] + roles.dropFirst().map(\.label)).joined(separator: " or ")
        return Refusal(field: "role", reason: "only \(who) may \(action()); \(actor) is \(role.withArticle)")
    }

    /// The change in words, for refusals: "conclude a joint investigation".
    public static func action(_ change: Change) -> String {
        switch change {
        case .investigationStatusChanged(_, let status):
            switch status {
            case .concluded: "conclude a joint investigation"
            case .closed: "close a joint investigation"
            default: action(change.kind)
            }
        case .enquiryStatusChanged(_, let status): status == .sent ? "approve and send an enquiry" : action(change.kind)
        default: action(change.kind)
        }
    }

    /// A change of this kind in words.
    static func action(_ kind: ChangeKind) -> String {
        switch kind {
        case .userAdded: "add a user to the roster"
        case .userRoleChanged: "change a user's role"
        case .userRemoved: "remove a user from the roster"
        case .userKeyReplaced: "replace a user's key"
        case .agencyAdded: "add an agency"
        case .focalPointAppointed: "appoint a focal point"
        case .focalPointEnded: "end a focal point's appointment"
        case .networkCreated: "create a network"
        case .networkStatusChanged: "change a network's status"
        case .networkRevised: "edit a network"
        case .suspectAdded: "add a suspect"
        case .suspectStatusChanged: "change a suspect's status"
        case .victimAdded: "record a victim"
        case .investigationCreated: "create a joint investigation"
        case .investigationStatusChanged: "change a joint investigation's status"
        case .investigationExtended: "extend a joint investigation"
        case .investigationRevised: "edit a joint investigation"
        case .actionItemAdded: "add an action-plan item"
        case .actionItemStatusChanged: "change an action-plan item"
        case .actionItemDueRevised: "revise an action-plan item's due date"
        case .investigationPeriodCorrected: "correct a joint investigation's period"
        case .activityCorrected: "correct an activity"
        case .enquiryReturned: "return an enquiry to its drafter"
        case .enquiryAnswered: "record an enquiry's answer"
        case .outcomeRecorded: "record an outcome"
        case .outcomeCorrected: "correct an outcome"
        case .statusReverted: "take back a final status"
        case .enquiryCreated: "create an enquiry"
        case .enquiryStatusChanged: "change an enquiry's status"
        case .enquiryChased: "chase an enquiry"
        case .enquiryDueRevised: "revise an enquiry's due date"
        case .enquiryEdited: "edit an enquiry"
        case .referralCreated: "create an NCB referral"
        case .referralStatusChanged: "change an NCB referral's status"
        case .referralRevised: "edit an NCB referral"
        case .referralInterpolReferenceSet: "record an INTERPOL reference"
        case .operationCreated: "create an operation"
        case .operationRevised: "edit an operation"
        case .activityRecorded: "record an activity"
        case .noteAdded: "add a note"
        case .linkAdded: "link two records"
        case .exportMade: "export records"
        case .journalRepaired: "repair the journal"
        }
    }
}
