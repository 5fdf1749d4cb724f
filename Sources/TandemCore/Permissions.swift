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

    static func allowed(_ change: Change) -> Allowed {
        switch change {
        case .userAdded, .userRoleChanged, .userRemoved, .userKeyReplaced, .agencyAdded, .focalPointAppointed, .focalPointEnded,
             .operationCreated, .operationRevised, .journalRepaired,
             .statusReverted, .investigationPeriodCorrected, .enquiryReturned:
            .supervisors
        case .networkCreated, .networkStatusChanged, .networkRevised, .investigationRevised, .suspectAdded, .suspectStatusChanged, .victimAdded,
             .investigationCreated, .investigationExtended, .actionItemAdded, .actionItemStatusChanged, .actionItemDueRevised,
             .outcomeRecorded, .outcomeCorrected:
            .investigators
        case .investigationStatusChanged(_, let status):
            status == .concluded || status == .closed ? .supervisors : .investigators
        case .enquiryStatusChanged(_, let status):
            // Sending is approving an outgoing enquiry.
            status == .sent ? .supervisors : .liaison
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
        guard let role else {
            return Refusal(field: "user", reason: "\(actor) is not on the roster and may only read; to \(action(change)) ask a supervisor to add you")
        }
        let allowed = allowed(change)
        if allowed.includes(role) { return nil }
        let roles = allowed.roles
        let who = ([roles[0].withArticle] + roles.dropFirst().map(\.label)).joined(separator: " or ")
        return Refusal(field: "role", reason: "only \(who) may \(action(change)); \(actor) is \(role.withArticle)")
    }

    /// The change in words, for refusals: "conclude a joint investigation".
    public static func action(_ change: Change) -> String {
        switch change {
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
        case .investigationStatusChanged(_, let status):
            switch status {
            case .concluded: "conclude a joint investigation"
            case .closed: "close a joint investigation"
            default: "change a joint investigation's status"
            }
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
        case .enquiryStatusChanged(_, let status): status == .sent ? "approve and send an enquiry" : "change an enquiry's status"
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
