/// One change to the case file: who made it, when, and what it was. Events are
/// the only way the case file changes, live or on replay.
public struct Event: Equatable, Sendable {
    public var time: Timestamp
    public var actor: String
    public var change: Change
    /// When it happened in the world, if not when it was recorded (`time`):
    /// an answer that arrived yesterday, recorded today.
    public var at: Timestamp?
    /// The version of the record the change was decided against (see `RecordStamp.version`).
    public var basedOn: Int?
    /// Why, when the rules ask for a reason: a handling code lowered, an enquiry
    /// changed after it was sent, something entered more than 30 days after it happened.
    public var reason: String?

    public init(time: Timestamp, actor: String, change: Change, at: Timestamp? = nil, basedOn: Int? = nil, reason: String? = nil) {
        self.time = time
        self.actor = actor
        self.change = change
        self.at = at
        self.basedOn = basedOn
        self.reason = reason
    }

    /// When it happened: `at` if given, else when it was recorded.
    public var happened: Timestamp { at ?? time }
}

/// What changed. A user asks for a change; `CaseFile.decide` checks it and
/// makes the event; `CaseFile.apply` carries it out.
public enum Change: Equatable, Sendable {
    // The roster
    indirect case userAdded(User)
    case userRoleChanged(name: String, to: Role)
    /// Off the roster: their changes stay, and from now on they may only read.
    case userRemoved(name: String)
    /// A new public key (a lost laptop): the old one signs nothing from now on.
    case userKeyReplaced(name: String, key: String)
    // Countries' agencies and focal points
    indirect case agencyAdded(Agency)
    indirect case focalPointAppointed(FocalPoint)
    case focalPointEnded(code: String, on: Day)
    // Networks and persons
    indirect case networkCreated(Network)
    case networkStatusChanged(code: String, to: NetworkStatus)
    /// The network's descriptive fields as revised (its code and status stay).
    indirect case networkRevised(Network)
    indirect case suspectAdded(Suspect)
    case suspectStatusChanged(reference: String, to: SuspectStatus)
    indirect case victimAdded(Victim)
    // Joint investigations
    indirect case investigationCreated(JointInvestigation)
    case investigationStatusChanged(code: String, to: InvestigationStatus)
    /// Title, partners, target networks, legal basis, team leaders and handling as revised.
    indirect case investigationRevised(JointInvestigation)
    indirect case investigationExtended(code: String, Extension)
    indirect case actionItemAdded(investigation: String, ActionItem)
    case actionItemStatusChanged(investigation: String, item: Int, to: ActionStatus)
    case actionItemDueRevised(investigation: String, item: Int, to: Day)
    /// A supervisor puts right a period entered wrongly (not an extension: the agreement never said so).
    indirect case investigationPeriodCorrected(code: String, PeriodCorrection)
    indirect case outcomeRecorded(Outcome)
    indirect case outcomeCorrected(OutcomeCorrection)
    indirect case activityCorrected(ActivityCorrection)
    indirect case statusReverted(StatusReversion)
    // Enquiries
    indirect case enquiryCreated(Enquiry)
    case enquiryStatusChanged(reference: String, to: EnquiryStatus)
    case enquiryChased(reference: String, chase: Chase = Chase())
    /// A supervisor sends a submitted enquiry back to its drafter, saying why.
    case enquiryReturned(reference: String, reason: String)
    /// The answer received: full or partial, and what it said.
    indirect case enquiryAnswered(reference: String, EnquiryAnswer)
    case enquiryDueRevised(reference: String, to: Timestamp)
    indirect case enquiryEdited(reference: String, EnquiryEdit)
    // INTERPOL NCB referrals
    indirect case referralCreated(Referral)
    case referralStatusChanged(reference: String, to: ReferralStatus)
    /// Subject, recipients, INTERPOL reference and handling as revised.
    indirect case referralRevised(Referral)
    case referralInterpolReferenceSet(reference: String, to: String)
    // Operations
    indirect case operationCreated(Operation)
    /// Name, period, countries, organisations, co-chairs and handling as revised.
    indirect case operationRevised(Operation)
    indirect case activityRecorded(Activity)
    // On any record
    case noteAdded(entity: String, text: String)
    indirect case linkAdded(Link)
    indirect case exportMade(ExportRecord)
    indirect case journalRepaired(JournalRepair)

    /// The code of the record the change is about.
    public var entity: String {
        switch self {
        case .userAdded(let u): u.name
        case .userRoleChanged(let name, _), .userRemoved(let name), .userKeyReplaced(let name, _): name
        case .agencyAdded(let a): a.code
        case .focalPointAppointed(let f): f.code
        case .focalPointEnded(let code, _): code
        case .networkCreated(let n), .networkRevised(let n): n.code
        case .networkStatusChanged(let code, _): code
        case .suspectAdded(let s): s.reference
        case .suspectStatusChanged(let reference, _): reference
        case .victimAdded(let v): v.reference
        case .investigationCreated(let i), .investigationRevised(let i): i.code
        case .investigationStatusChanged(let code, _), .investigationExtended(let code, _): code
        case .actionItemAdded(let code, _), .actionItemStatusChanged(let code, _, _), .actionItemDueRevised(let code, _, _): code
        case .investigationPeriodCorrected(let code, _): code
        case .activityCorrected(let c): c.entity
        case .outcomeRecorded(let o): o.investigation ?? o.country.code
        case .outcomeCorrected(let c): c.entity
        case .statusReverted(let r): r.entity
        case .enquiryCreated(let e): e.reference
        case .enquiryStatusChanged(let reference, _), .enquiryChased(let reference, _), .enquiryDueRevised(let reference, _),
             .enquiryEdited(let reference, _), .enquiryReturned(let reference, _), .enquiryAnswered(let reference, _): reference
        case .referralCreated(let r), .referralRevised(let r): r.reference
        case .referralStatusChanged(let reference, _), .referralInterpolReferenceSet(let reference, _): reference
        case .operationCreated(let o), .operationRevised(let o): o.code
        case .activityRecorded(let a): a.operation ?? a.country.code
        case .noteAdded(let entity, _): entity
        case .linkAdded(let link): link.from
        case .exportMade(let export): export.id
        case .journalRepaired(let repair): repair.id
        }
    }

    /// The event type as written in the journal.
    public var type: String { kind.rawValue }

    /// Which kind of change this is.
    public var kind: ChangeKind {
        switch self {
        case .userAdded: .userAdded
        case .userRoleChanged: .userRoleChanged
        case .userRemoved: .userRemoved
        case .userKeyReplaced: .userKeyReplaced
        case .agencyAdded: .agencyAdded
        case .focalPointAppointed: .focalPointAppointed
        case .focalPointEnded: .focalPointEnded
        case .networkCreated: .networkCreated
        case .networkStatusChanged: .networkStatusChanged
        case .networkRevised: .networkRevised
        case .suspectAdded: .suspectAdded
        case .suspectStatusChanged: .suspectStatusChanged
        case .victimAdded: .victimAdded
        case .investigationCreated: .investigationCreated
        case .investigationStatusChanged: .investigationStatusChanged
        case .investigationRevised: .investigationRevised
        case .investigationExtended: .investigationExtended
        case .actionItemAdded: .actionItemAdded
        case .actionItemStatusChanged: .actionItemStatusChanged
        case .actionItemDueRevised: .actionItemDueRevised
        case .investigationPeriodCorrected: .investigationPeriodCorrected
        case .activityCorrected: .activityCorrected
        case .outcomeRecorded: .outcomeRecorded
        case .outcomeCorrected: .outcomeCorrected
        case .statusReverted: .statusReverted
        case .enquiryCreated: .enquiryCreated
        case .enquiryStatusChanged: .enquiryStatusChanged
        case .enquiryChased: .enquiryChased
        case .enquiryReturned: .enquiryReturned
        case .enquiryAnswered: .enquiryAnswered
        case .enquiryDueRevised: .enquiryDueRevised
        case .enquiryEdited: .enquiryEdited
        case .referralCreated: .referralCreated
        case .referralStatusChanged: .referralStatusChanged
        case .referralRevised: .referralRevised
        case .referralInterpolReferenceSet: .referralInterpolReferenceSet
        case .operationCreated: .operationCreated
        case .operationRevised: .operationRevised
        case .activityRecorded: .activityRecorded
        case .noteAdded: .noteAdded
        case .linkAdded: .linkAdded
        case .exportMade: .exportMade
        case .journalRepaired: .journalRepaired
        }
    }
}

/// The kinds of change, by the event type the journal writes for each.
public enum ChangeKind: String, CaseIterable, Sendable {
    case userAdded = "user.added"
    case userRoleChanged = "user.role"
    case userRemoved = "user.removed"
    case userKeyReplaced = "user.key-replaced"
    case agencyAdded = "agency.added"
    case focalPointAppointed = "focal-point.appointed"
    case focalPointEnded = "focal-point.ended"
    case networkCreated = "network.created"
    case networkStatusChanged = "network.status"
    case networkRevised = "network.revised"
    case suspectAdded = "suspect.added"
    case suspectStatusChanged = "suspect.status"
    case victimAdded = "victim.added"
    case investigationCreated = "investigation.created"
    case investigationStatusChanged = "investigation.status"
    case investigationRevised = "investigation.revised"
    case investigationExtended = "investigation.extended"
    case actionItemAdded = "investigation.action-added"
    case actionItemStatusChanged = "investigation.action-status"
    case actionItemDueRevised = "investigation.action-due"
    case investigationPeriodCorrected = "investigation.period-corrected"
    case activityCorrected = "activity.corrected"
    case outcomeRecorded = "outcome.recorded"
    case outcomeCorrected = "outcome.corrected"
    case statusReverted = "status.reverted"
    case enquiryCreated = "enquiry.created"
    case enquiryStatusChanged = "enquiry.status"
    case enquiryChased = "enquiry.chased"
    case enquiryReturned = "enquiry.returned"
    case enquiryAnswered = "enquiry.answered"
    case enquiryDueRevised = "enquiry.due-revised"
    case enquiryEdited = "enquiry.edited"
    case referralCreated = "referral.created"
    case referralStatusChanged = "referral.status"
    case referralRevised = "referral.revised"
    case referralInterpolReferenceSet = "referral.interpol-reference"
    case operationCreated = "operation.created"
    case operationRevised = "operation.revised"
    case activityRecorded = "activity.recorded"
    case noteAdded = "note.added"
    case linkAdded = "link.added"
    case exportMade = "export.made"
    case journalRepaired = "journal.repaired"
}
