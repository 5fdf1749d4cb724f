/// An item of a joint investigation's action plan.
public struct ActionItem: Equatable, Sendable {
    public var id: Int
    public var item: String
    public var owner: CountryCode
    public var due: Day
    public var status: ActionStatus

    /// Still open past its due date: worked out, never stored.
    public func isLate(on day: Day) -> Bool { status == .open && due < day }

    public init(id: Int, item: String, owner: CountryCode, due: Day, status: ActionStatus = .open) {
        self.id = id
        self.item = item
        self.owner = owner
        self.due = due
        self.status = status
    }
}

public enum ActionStatus: String, CaseIterable, Sendable { case open, done, dropped }

/// An extension of a joint investigation's agreed period.
public struct Extension: Equatable, Sendable {
    public var day: Day
    public var newEnd: Day
    public var consentRecorded: Bool

    public init(day: Day, newEnd: Day, consentRecorded: Bool) {
        self.day = day
        self.newEnd = newEnd
        self.consentRecorded = consentRecorded
    }
}

/// An outcome counted on a date, by a country, so any period can be tallied.
public struct Outcome: Equatable, Sendable {
    public var investigation: String?
    public var country: CountryCode
    public var day: Day
    public var kind: OutcomeKind
    public var count: Int
    /// When it was entered in the journal (set as the event is applied, never
    /// written in its payload): the debrief counts what was recorded by its cut-off.
    public var recorded: Timestamp?

    public init(investigation: String?, country: CountryCode, day: Day, kind: OutcomeKind, count: Int) {
        self.investigation = investigation
        self.country = country
        self.day = day
        self.kind = kind
        self.count = count
    }
}

public enum OutcomeKind: String, CaseIterable, Sendable {
    case personsAssisted = "persons-assisted"
    case searchWarrants = "search-warrants"
    case suspectsIdentified = "suspects-identified"
    case arrests
    case newInvestigations = "new-investigations"

    public var label: String {
        switch self {
        case .personsAssisted: "trafficked persons assisted"
        case .searchWarrants: "search warrants executed"
        case .suspectsIdentified: "suspects identified"
        case .arrests: "arrests"
        case .newInvestigations: "new investigations launched"
        }
    }

    /// The label of one: "1 arrest", "1 trafficked person assisted".
    public var one: String {
        switch self {
        case .personsAssisted: "trafficked person assisted"
        case .searchWarrants: "search warrant executed"
        case .suspectsIdentified: "suspect identified"
        case .arrests: "arrest"
        case .newInvestigations: "new investigation launched"
        }
    }

    /// A count of this kind: "1 arrest", "1,200 trafficked persons assisted".
    public func count(_ n: Int) -> String { NumberText.count(n, one, label) }
}

/// A note on any record.
public struct Note: Equatable, Sendable {
    public var entity: String
    public var text: String
    public var time: Timestamp
    public var author: String

    public init(entity: String, text: String, time: Timestamp, author: String) {
        self.entity = entity
        self.text = text
        self.time = time
        self.author = author
    }
}

/// A link between any two records (an enquiry and the investigation it serves, …).
/// A recorded outcome put right, never edited: which one (the `number`-th outcome
/// recorded for the same investigation, or country when it has none), the count
/// it should have had (0: withdrawn), and why. Reports count the corrected value.
public struct OutcomeCorrection: Equatable, Sendable {
    /// The investigation's code, or the country's when the outcome has no investigation.
    public var entity: String
    public var number: Int
    public var count: Int
    public var reason: String

    public init(entity: String, number: Int, count: Int, reason: String) {
        self.entity = entity
        self.number = number
        self.count = count
        self.reason = reason
    }
}

/// A recorded activity put right: the `number`-th activity recorded for the same
/// operation (or country when it has none), its right count (0: withdrawn), the
/// officers it trained if those were wrong too, and why.
public struct ActivityCorrection: Equatable, Sendable {
    /// The operation's code, or the country's when the activity has no operation.
    public var entity: String
    public var number: Int
    public var count: Int
    public var officersTrained: [OfficerKind: Int]?
    public var reason: String

    public init(entity: String, number: Int, count: Int, officersTrained: [OfficerKind: Int]? = nil, reason: String) {
        self.entity = entity
        self.number = number
        self.count = count
        self.officersTrained = officersTrained
        self.reason = reason
    }
}

/// A joint investigation's agreed period as it should have been entered.
public struct PeriodCorrection: Equatable, Sendable {
    public var start: Day
    public var end: Day
    public var reason: String

    public init(start: Day, end: Day, reason: String) {
        self.start = start
        self.end = end
        self.reason = reason
    }
}

/// A final status taken back by a supervisor: an enquiry or a joint investigation
/// reopened, a referral's wrong final status undone. The record goes back to
/// `to` (a status from which its final one could be reached), with the reason.
public struct StatusReversion: Equatable, Sendable {
    public var entity: String
    /// The stored value of the status it goes back to.
    public var to: String
    public var reason: String

    public init(entity: String, to: String, reason: String) {
        self.entity = entity
        self.to = to
        self.reason = reason
    }
}

public struct Link: Hashable, Sendable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

/// An export of records out of Tandem, kept in the journal: who took what, where, for whom and why.
/// What `tandem repair` set aside so that a damaged journal can be written again:
/// the bytes after the last good record, kept whole in a side file.
public struct JournalRepair: Equatable, Sendable {
    /// The repair's own code (`REPAIR-<time>`).
    public var id: String
    /// The side file the bytes were moved to.
    public var setAside: String
    public var bytes: Int
    /// The SHA-256 of the bytes set aside, as 64 hex digits.
    public var sha256: String
    /// The sequence number the first line set aside would have had.
    public var fromSequence: Int
    /// What was wrong.
    public var reason: String

    public init(id: String, setAside: String, bytes: Int, sha256: String, fromSequence: Int, reason: String) {
        self.id = id
        self.setAside = setAside
        self.bytes = bytes
        self.sha256 = sha256
        self.fromSequence = fromSequence
        self.reason = reason
    }
}

public struct ExportRecord: Equatable, Sendable {
    public var id: String
    public var format: String
    public var destination: String
    public var tables: [String]
    public var records: Int
    public var includesVictims: Bool
    /// Whether it holds records marked H2, H3 or TLP:RED.
    public var restricted: Bool
    public var recipient: String
    public var reason: String

    public init(id: String, format: String, destination: String, tables: [String], records: Int, includesVictims: Bool,
                restricted: Bool, recipient: String, reason: String) {
        self.id = id
        self.format = format
        self.destination = destination
        self.tables = tables
        self.records = records
        self.includesVictims = includesVictims
        self.restricted = restricted
        self.recipient = recipient
        self.reason = reason
    }
}

/// Search, arrest and seizure need mutual legal assistance, not police-to-police.
public enum CoerciveMeasure: String, CaseIterable, Sendable { case search, arrest, seizure }
