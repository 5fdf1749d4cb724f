import Synchronization

/// The whole in-memory case model: what replaying the journal produces.
public struct CaseFile: Equatable, Sendable {
    public private(set) var users = RecordTable<User>()
    public private(set) var agencies = RecordTable<Agency>()
    public private(set) var focalPoints = RecordTable<FocalPoint>()
    public private(set) var networks = RecordTable<Network>()
    public private(set) var suspects = RecordTable<Suspect>()
    public private(set) var victims = RecordTable<Victim>()
    public private(set) var investigations = RecordTable<JointInvestigation>()
    public private(set) var enquiries = RecordTable<Enquiry>()
    public private(set) var referrals = RecordTable<Referral>()
    public private(set) var operations = RecordTable<Operation>()
    public private(set) var outcomes: [Outcome] = []
    public private(set) var activities: [Activity] = []
    /// Every note, in the order they were added (each made whole when read: see `NoteBook`).
    public var notes: [Note] { noteBook.all }
    public var noteCount: Int { noteBook.count }
    /// Each note in turn, made whole one at a time (a snapshot writes them so, not all at once).
    public func forEachNote(_ body: (Note) -> Void) { noteBook.forEach(body) }
    private(set) var noteBook = NoteBook()
    public private(set) var links: [Link] = []
    public private(set) var exports: [ExportRecord] = []
    /// Changes with every event applied, and is never the same for two different
    /// histories in one process: a cheap sign that something changed, for views
    /// that keep work between frames. Not part of equality.
    public private(set) var revision = 0
    private static let revisions = Atomic<Int>(0)
    /// The codes of records a spreadsheet import has decided to create, taken
    /// for its later rows without applying the records themselves (see
    /// `SpreadsheetImport.check`). Not part of equality.
    var codesTakenByImport: Set<String> = []
    /// Whether stamps are kept (see `stamp(of:)`). A case file made only to be counted (the
    /// debrief statement, `Debrief.Recording`) has no use for who changed what,
    /// and leaves them out: they were a sixth of the statement's time.
    public let keepsStamps: Bool

    public init() { keepsStamps = true }

    /// An empty case file that keeps no stamps (when `keepingStamps` is false).
    public init(keepingStamps: Bool) { keepsStamps = keepingStamps }

    public static func == (a: CaseFile, b: CaseFile) -> Bool {
        a.users == b.users && a.agencies == b.agencies && a.focalPoints == b.focalPoints && a.networks == b.networks
            && a.suspects == b.suspects && a.victims == b.victims && a.investigations == b.investigations
            && a.enquiries == b.enquiries && a.referrals == b.referrals && a.operations == b.operations
            && a.outcomes == b.outcomes && a.activities == b.activities && a.noteBook == b.noteBook && a.links == b.links
            && a.exports == b.exports && a.networks.stamps == b.networks.stamps && a.investigations.stamps == b.investigations.stamps
            && a.enquiries.stamps == b.enquiries.stamps && a.referrals.stamps == b.referrals.stamps
    }

    /// A case file put back together from its parts, as a snapshot holds them.
    public init(
        users: [User], agencies: [Agency], focalPoints: [FocalPoint], networks: [Network], suspects: [Suspect],
        victims: [Victim], investigations: [JointInvestigation], enquiries: [Enquiry], referrals: [Referral],
        operations: [Operation], outcomes: [Outcome], activities: [Activity], notes: NoteBook, links: [Link],
        exports: [ExportRecord], stamps: [String: RecordStamp]
    ) {
        self.users = RecordTable(restoring: users) { $0.name }
        self.agencies = RecordTable(restoring: agencies) { $0.code }
        self.focalPoints = RecordTable(restoring: focalPoints) { $0.code }
        // A stamped record the snapshot gave no stamp (never one this program wrote) has a blank one.
        func stamp(_ code: String) -> RecordStamp { stamps[code] ?? RecordStamp(createdBy: "", lastChangedBy: "", version: 0) }
        self.networks = RecordTable(restoring: networks, code: { $0.code }, stamp: { stamp($0.code) })
        self.suspects = RecordTable(restoring: suspects) { $0.reference }
        self.victims = RecordTable(restoring: victims) { $0.reference }
        self.investigations = RecordTable(restoring: investigations, code: { $0.code }, stamp: { stamp($0.code) })
        self.enquiries = RecordTable(restoring: enquiries, code: { $0.reference }, stamp: { stamp($0.reference) })
        self.referrals = RecordTable(restoring: referrals, code: { $0.reference }, stamp: { stamp($0.reference) })
        self.operations = RecordTable(restoring: operations) { $0.code }
        self.outcomes = outcomes
        self.activities = activities
        noteBook = notes
        self.links = links
        self.exports = exports
        keepsStamps = true
        revision = CaseFile.revisions.add(1, ordering: .relaxed).newValue
    }

    public init(replaying events: some Sequence<Event>) {
        keepsStamps = true
        for event in events { apply(event) }
    }

    /// Records of every kind that has a code.
    public var recordCount: Int {
        agencies.count + focalPoints.count + networks.count + suspects.count + victims.count
            + investigations.count + enquiries.count + referrals.count + operations.count
    }

    /// Whether any record of any kind already uses this code.
    public func isCodeInUse(_ code: String) -> Bool {
        agencies.contains(code) || focalPoints.contains(code) || networks.contains(code) || suspects.contains(code)
            || victims.contains(code) || investigations.contains(code) || enquiries.contains(code)
            || referrals.contains(code) || operations.contains(code) || codesTakenByImport.contains(code)
    }

    /// Applies one event. Events are validated before they are written, so a
    /// journal's events always apply; one naming an unknown record changes nothing.
    public mutating func apply(_ event: Event) {
        revision = CaseFile.revisions.add(1, ordering: .relaxed).newValue
        if keepsStamps { stamp(event) }
        switch event.change {
        case .userAdded(let user): users.insert(user, code: user.name)
        case .userRoleChanged(let name, let role): users.update(name) { $0.role = role }
        case .userRemoved(let name): users.update(name) { $0.removed = true }
        case .userKeyReplaced(let name, let key): users.update(name) { $0.publicKey = key }
        case .agencyAdded(let agency): agencies.insert(agency, code: agency.code)
        case .focalPointAppointed(let point): focalPoints.insert(point, code: point.code)
        case .focalPointEnded(let code, let day): focalPoints.update(code) { $0.until = day }
        case .networkCreated(let network): networks.insert(network, code: network.code, stamp: newStamp(event))
        case .networkStatusChanged(let code, let status): networks.update(code) { $0.status = status }
        case .networkRevised(let revised): networks.update(revised.code) { $0.revise(to: revised) }
        case .suspectAdded(let suspect): suspects.insert(suspect, code: suspect.reference)
        case .suspectStatusChanged(let reference, let status): suspects.update(reference) { $0.status = status }
        case .victimAdded(let victim): victims.insert(victim, code: victim.reference)
        case .investigationCreated(let investigation): investigations.insert(investigation, code: investigation.code, stamp: newStamp(event))
        case .investigationStatusChanged(let code, let status): investigations.update(code) { $0.status = status }
        case .investigationRevised(let revised): investigations.update(revised.code) { $0.revise(to: revised) }
        case .investigationExtended(let code, let periodExtension): investigations.update(code) { $0.extensions.append(periodExtension) }
        case .actionItemAdded(let code, let item): investigations.update(code) { $0.actionItems.append(item) }
        case .actionItemStatusChanged(let code, let id, let status):
            investigations.update(code) { investigation in
                if let i = investigation.actionItems.firstIndex(where: { $0.id == id }) { investigation.actionItems[i].status = status }
            }
        case .actionItemDueRevised(let code, let id, let due):
            investigations.update(code) { investigation in
                if let i = investigation.actionItems.firstIndex(where: { $0.id == id }) { investigation.actionItems[i].due = due }
            }
        case .investigationPeriodCorrected(let code, let period):
            investigations.update(code) { investigation in
                investigation.start = period.start
                investigation.end = period.end
            }
        case .outcomeRecorded(var outcome):
            outcome.recorded = event.time
            outcomes.append(outcome)
        case .statusReverted(let r):
            if let s = EnquiryStatus(rawValue: r.to), enquiries.contains(r.entity) { enquiries.update(r.entity) { $0.status = s } }
            else if let s = InvestigationStatus(rawValue: r.to), investigations.contains(r.entity) { investigations.update(r.entity) { $0.status = s } }
            else if let s = ReferralStatus(rawValue: r.to), referrals.contains(r.entity) { referrals.update(r.entity) { $0.status = s } }
        case .outcomeCorrected(let correction):
            if let index = outcomeIndex(correction.entity, number: correction.number) { outcomes[index].count = correction.count }
        case .activityCorrected(let correction):
            if let index = activityIndex(correction.entity, number: correction.number) {
                activities[index].count = correction.count
                if let trained = correction.officersTrained { activities[index].officersTrained = trained }
            }
        case .enquiryCreated(let enquiry): enquiries.insert(enquiry, code: enquiry.reference, stamp: newStamp(event))
        case .enquiryStatusChanged(let reference, let status):
            enquiries.update(reference) { enquiry in
                enquiry.status = status
                switch status {
                case .sent:
                    enquiry.sent = enquiry.sent ?? event.happened
                    enquiry.sentRecorded = enquiry.sentRecorded ?? event.time
                case .acknowledged: enquiry.acknowledged = enquiry.acknowledged ?? event.happened
                case .answeredFull, .answeredPartial: enquiry.answered = event.happened
                default: break
                }
            }
        case .enquiryAnswered(let reference, let answer):
            enquiries.update(reference) { enquiry in
                enquiry.status = answer.status
                enquiry.answered = event.happened
                enquiry.answer = answer.text
            }
        case .enquiryReturned(let reference, _): enquiries.update(reference) { $0.status = .draft }
        case .enquiryChased(let reference, _):
            enquiries.update(reference) { enquiry in
                enquiry.lastChased = event.happened
                enquiry.chases += 1
            }
        case .enquiryDueRevised(let reference, let due): enquiries.update(reference) { $0.revisedDue = due }
        case .enquiryEdited(let reference, let edit):
            enquiries.update(reference) { enquiry in
                if let subject = edit.subject { enquiry.subject = subject }
                if let priority = edit.priority { enquiry.priority = priority }
                if let channel = edit.channel { enquiry.channel = channel }
                if let handling = edit.handling { enquiry.handling = handling }
                if let requested = edit.requested { enquiry.requested = requested }
                if let measures = edit.coerciveMeasures { enquiry.coerciveMeasures = measures }
            }
        case .referralCreated(let referral): referrals.insert(referral, code: referral.reference, stamp: newStamp(event))
        case .referralStatusChanged(let reference, let status): referrals.update(reference) { $0.status = status }
        case .referralRevised(let revised): referrals.update(revised.reference) { $0.revise(to: revised) }
        case .referralInterpolReferenceSet(let reference, let value): referrals.update(reference) { $0.interpolReference = value }
        case .operationCreated(let operation): operations.insert(operation, code: operation.code)
        case .operationRevised(let operation): operations.update(operation.code) { $0 = operation }
        case .activityRecorded(var activity):
            activity.recorded = event.time
            activities.append(activity)
        case .noteAdded(let entity, let text): noteBook.append(Note(entity: entity, text: text, time: event.time, author: event.actor))
        case .linkAdded(let link): links.append(link)
        case .exportMade(let export): exports.append(export)
        case .journalRepaired: break  // about the journal, not the case file: shown in the history
        }
    }
}

/// Who created a record and who last changed it, how many events it has had
/// (its version), and who last changed each of its fields.
public struct RecordStamp: Equatable, Sendable {
    public var createdBy: String
    public var lastChangedBy: String
    /// The number of events about the record so far, its creation included: a
    /// change is decided against the version the officer saw.
    public var version: Int
    /// The last change of each field changed since the record was created.
    public var fieldChanges: [FieldChange] {
        get {
            switch changed {
            case .none: []
            case .one(let change): [change]
            case .several(let changes): changes
            }
        }
        set { changed = ChangedFields(newValue) }
    }
    /// `fieldChanges` as held: most records have had one field changed (their
    /// status), held inline rather than in a list of its own. The stamp is 48
    /// bytes bigger, about what the lists took (96 bytes each, for 115k of the
    /// 157k records of 1M events), and replaying makes 115k allocations fewer.
    private var changed: ChangedFields
    private enum ChangedFields: Equatable, Sendable {
        case none
        case one(FieldChange)
        /// Two or more.
        case several([FieldChange])

        init(_ changes: [FieldChange]) {
            switch changes.count {
            case 0: self = .none
            case 1: self = .one(changes[0])
            default: self = .several(changes)
            }
        }
    }
    /// The last time its handling code was lowered, if it ever was.
    public var downgrade: HandlingDowngrade? {
        get { lowered.first }
        set { lowered = newValue.map { [$0] } ?? [] }
    }
    /// `downgrade`, held apart (an empty list takes no memory of its own): few records are
    /// ever downgraded, and held inline it made every stamp 40 bytes bigger, 10 MB over 1M events.
    private var lowered: [HandlingDowngrade]

    public init(createdBy: String, lastChangedBy: String, version: Int = 1, fieldChanges: [FieldChange] = [],
                downgrade: HandlingDowngrade? = nil) {
        self.createdBy = createdBy
        self.lastChangedBy = lastChangedBy
        self.version = version
        changed = ChangedFields(fieldChanges)
        lowered = downgrade.map { [$0] } ?? []
    }

    /// A new record's stamp.
    static func created(by actor: String) -> RecordStamp { RecordStamp(createdBy: actor, lastChangedBy: actor) }

    /// A later event about the record: `fields` are those it changed.
    mutating func moveOn(by event: Event, fields: [String], downgrade lowered: HandlingDowngrade?) {
        if let lowered { downgrade = lowered }
        lastChangedBy = event.actor
        version += 1
        for field in fields {
            let change = FieldChange(field: field, version: version, actor: event.actor, time: event.time)
            switch changed {
            case .none: changed = .one(change)
            case .one(let before): changed = before.field == field ? .one(change) : .several([before, change])
            case .several(var changes):
                changed = .none  // the list is changed in place, not copied
                if let i = changes.firstIndex(where: { $0.field == field }) { changes[i] = change } else { changes.append(change) }
                changed = .several(changes)
            }
        }
    }

    /// Whether the record is the officer's: created by them, or last changed by them.
    public func isMine(_ user: String) -> Bool { createdBy == user || lastChangedBy == user }

    /// The fields' last changes made after `version`.
    public func changes(after version: Int) -> [FieldChange] { fieldChanges.filter { $0.version > version } }
}

/// A handling code lowered (H2 → TLP:GREEN): by whom, when and why. Shown in the
/// history and carried into exports beside the record's code.
public struct HandlingDowngrade: Equatable, Sendable {
    public var from: Handling
    public var to: Handling
    public var actor: String
    public var time: Timestamp
    public var reason: String

    public init(from: Handling, to: Handling, actor: String, time: Timestamp, reason: String) {
        self.from = from
        self.to = to
        self.actor = actor
        self.time = time
        self.reason = reason
    }

    /// "H2 → TLP:GREEN by k.perera on 2015-10-20: reason"
    public var text: String { "\(from.rawValue) → \(to.rawValue) by \(actor) on \(time.day.iso8601): \(reason)" }
}

/// Who last changed one field of a record, when, and in which version.
public struct FieldChange: Equatable, Sendable {
    public var field: String
    public var version: Int
    public var actor: String
    public var time: Timestamp

    public init(field: String, version: Int, actor: String, time: Timestamp) {
        self.field = field
        self.version = version
        self.actor = actor
        self.time = time
    }
}

extension CaseFile {
    /// The record's version: the number of its events so far (0 for no such record).
    public func version(of code: String) -> Int { stamp(of: code)?.version ?? 0 }

    /// The fields of a record the change would set to something other than they are now.
    public func fieldsChanged(by change: Change) -> [String] {
        switch change {
        case .networkRevised(let n): networks[n.code]?.changedFields(to: n) ?? []
        case .investigationRevised(let i): investigations[i.code]?.changedFields(to: i) ?? []
        case .referralRevised(let r): referrals[r.reference]?.changedFields(to: r) ?? []
        case .enquiryEdited(let reference, let edit): enquiries[reference]?.changedFields(by: edit) ?? []
        case .networkStatusChanged, .investigationStatusChanged, .enquiryStatusChanged, .referralStatusChanged, .statusReverted,
             .enquiryReturned, .enquiryAnswered:
            FieldNames.status
        case .investigationPeriodCorrected: FieldNames.period
        case .enquiryDueRevised: FieldNames.dueDate
        case .investigationExtended: FieldNames.end
        case .referralInterpolReferenceSet: FieldNames.interpolReference
        default: []
        }
    }

    /// Who created the network, joint investigation, enquiry or referral with
    /// this code, and who was the last to change it (a note or a link counts).
    /// Each table holds its records' stamps beside them.
    public func stamp(of code: String) -> RecordStamp? {
        enquiries.stamp(of: code) ?? networks.stamp(of: code) ?? referrals.stamp(of: code) ?? investigations.stamp(of: code)
    }

    /// How many records have a stamp (none in a case file that keeps no stamps).
    public var stampCount: Int {
        enquiries.stamps.count + networks.stamps.count + referrals.stamps.count + investigations.stamps.count
    }

    /// Every stamp with its record's code.
    public var stampsByCode: [(code: String, stamp: RecordStamp)] {
        func pairs<R>(_ table: RecordTable<R>, _ code: (R) -> String) -> [(code: String, stamp: RecordStamp)] {
            zip(table.all, table.stamps).map { (code($0), $1) }
        }
        return pairs(networks, \.code) + pairs(investigations, \.code) + pairs(enquiries, \.reference) + pairs(referrals, \.reference)
    }

    /// A new record's stamp, when this case file keeps stamps.
    private func newStamp(_ event: Event) -> RecordStamp? { keepsStamps ? .created(by: event.actor) : nil }

    /// Moves on the stamp of the record an event (other than its creation) is
    /// about: its version and last change, and the fields it changed (worked
    /// out before the event is applied). A creation's stamp is made as the
    /// record is inserted.
    private mutating func stamp(_ event: Event) {
        let code = event.change.entity
        // Worked out only for an event about a stamped record, and before the event is applied.
        func change() -> (fields: [String], downgrade: HandlingDowngrade?) { stampChange(event) }
        switch Self.stampedKind(of: event.change) {
        case .none: return
        case .enquiry:
            if let at = enquiries.index(of: code) { Self.moveOn(&enquiries, at: at, event, change()) }
        case .network:
            if let at = networks.index(of: code) { Self.moveOn(&networks, at: at, event, change()) }
        case .investigation:
            if let at = investigations.index(of: code) { Self.moveOn(&investigations, at: at, event, change()) }
        case .referral:
            if let at = referrals.index(of: code) { Self.moveOn(&referrals, at: at, event, change()) }
        case .any:
            // The commonest first: most notes and links are about enquiries.
            if let at = enquiries.index(of: code) { Self.moveOn(&enquiries, at: at, event, change()) }
            else if let at = networks.index(of: code) { Self.moveOn(&networks, at: at, event, change()) }
            else if let at = investigations.index(of: code) { Self.moveOn(&investigations, at: at, event, change()) }
            else if let at = referrals.index(of: code) { Self.moveOn(&referrals, at: at, event, change()) }
        }
    }

    private static func moveOn<R>(
        _ table: inout RecordTable<R>, at position: Int, _ event: Event, _ change: (fields: [String], downgrade: HandlingDowngrade?)
    ) {
        table.updateStamp(at: position) { $0.moveOn(by: event, fields: change.fields, downgrade: change.downgrade) }
    }

    /// Which stamped table the record a change is about is in: the kind its
    /// type names, any of them (a note, a link, an outcome, a status put back),
    /// or none (a creation, stamped as it is inserted, or a record no stamp is kept for).
    private enum StampedKind { case enquiry, network, investigation, referral, any, none }

    private static func stampedKind(of change: Change) -> StampedKind {
        switch change {
        case .enquiryStatusChanged, .enquiryChased, .enquiryReturned, .enquiryAnswered, .enquiryDueRevised, .enquiryEdited: .enquiry
        case .networkStatusChanged, .networkRevised: .network
        // An outcome is about its investigation, or about a country (none is stamped).
        case .investigationStatusChanged, .investigationRevised, .investigationExtended, .actionItemAdded, .actionItemStatusChanged,
             .actionItemDueRevised, .investigationPeriodCorrected, .outcomeRecorded, .outcomeCorrected:
            .investigation
        case .referralStatusChanged, .referralRevised, .referralInterpolReferenceSet: .referral
        case .noteAdded, .linkAdded, .statusReverted: .any
        case .networkCreated, .investigationCreated, .enquiryCreated, .referralCreated, .userAdded, .userRoleChanged, .userRemoved,
             .userKeyReplaced, .agencyAdded, .focalPointAppointed, .focalPointEnded, .suspectAdded, .suspectStatusChanged, .victimAdded,
             .activityCorrected, .operationCreated, .operationRevised, .activityRecorded, .exportMade, .journalRepaired:
            .none
        }
    }

    /// The fields `event` changes, and the handling code it lowers, if it does.
    private func stampChange(_ event: Event) -> (fields: [String], downgrade: HandlingDowngrade?) {
        let fields = fieldsChanged(by: event.change)
        guard fields.contains("handling"), let (from, to) = handlingChange(event.change), to.strictness < from.strictness else {
            return (fields, nil)
        }
        return (fields, HandlingDowngrade(from: from, to: to, actor: event.actor, time: event.time, reason: event.reason ?? ""))
    }
}

/// Made once: the stamp of every status change (the commonest event) looks them up.
private enum FieldNames {
    static let status = ["status"]
    static let dueDate = ["due date"]
    static let end = ["end"]
    static let period = ["start", "end"]
    static let interpolReference = ["INTERPOL reference"]
}
