import TandemCore

/// Everything the console shows, in one value. Only `update` changes it.
public struct ConsoleState: Equatable, Sendable {
    /// What the officer may read of the case file (see `show`).
    public var caseFile: CaseFile
    /// The whole case file, kept only while part of it is withheld from the officer
    /// (who is not on the roster): events are applied to it, and `caseFile` made from it again.
    public private(set) var whole: CaseFile?
    /// The codes of the records withheld from the officer, with why (see `CaseFile.withholding`).
    public private(set) var withheld: [String: Restriction] = [:]
    public var width: Int
    public var height: Int
    /// The time at which commands are stamped and overdue is judged.
    public var now: Timestamp
    /// Who is at the keyboard; what is withheld from them is worked out again when it changes.
    public var user: String {
        didSet { if user != oldValue { show(wholeCaseFile) } }
    }
    public var journalPath: String
    /// Why nothing can be saved, when the journal is read-only or writing stopped.
    public var readOnlyReason: String?
    /// The journal's lines read from its snapshot are still being checked (a save waits).
    public var checkingJournal = false
    /// Changes kept on this laptop until the shared journal can take them (shown on the status bar).
    public var notYetShared = 0
    public var pane: Pane = .networks
    /// Each pane's selection (a record's code), filter and sort.
    public var lists: [PaneList] = Pane.allCases.map { _ in PaneList() }
    /// The screens over the pane, the top one last: detail, form, picker, prompt, confirm, help.
    public var stack: [Screen] = []
    /// The last thing the console said; every message also goes to the log `:messages` shows.
    public var message: StatusMessage? {
        didSet {
            guard let message, message != oldValue else { return }
            messageLog.append(LoggedMessage(time: now, message: message))
            if messageLog.count > ConsoleState.messagesKept { messageLog.removeFirst(messageLog.count - ConsoleState.messagesKept) }
        }
    }
    public private(set) var messageLog: [LoggedMessage] = []
    static let messagesKept = 50
    /// A save under way, and whether it is waiting for another console's lock.
    public var saving: Saving?
    /// Block characters cannot be shown (`TERM=vt100`, `LANG=C`): pictures are drawn in ASCII.
    public var plainASCII = false
    /// The Dashboard's table shows each measure day by day instead of by country (`d`).
    public var dashboardByDay = false
    /// What the officer set (config file, environment, flags) that the console uses.
    public var settings = Settings()
    /// The zone the officer types and reads times in (`--tz`, `TZ`, the config file's `time-zone`).
    public var zone: OfficerZone = .utc
    /// The keys, as the bindings table has them with the settings' keys put in (`applySettings`).
    var bindings: [Binding] = Bindings.table
    /// The records the current pane lists (indices into its table), after its
    /// filter, in its sort order. Worked out by `update` after every message.
    public internal(set) var visibleRecords: [Int] = []

    public init(caseFile: CaseFile, width: Int, height: Int, now: Timestamp, user: String, journalPath: String) {
        self.caseFile = caseFile
        self.width = width
        self.height = height
        self.now = now
        self.user = user
        self.journalPath = journalPath
        show(caseFile)
        Selection.refresh(&self, lists: ListCache())
    }

    /// The whole case file, what is withheld from the officer included: what saves are decided against.
    public var wholeCaseFile: CaseFile { whole ?? caseFile }

    /// Puts a case file on screen: all of it, or, for an officer off the roster,
    /// all but the records marked H2, H3 or TLP:RED and victims, as `tandem list` withholds them.
    public mutating func show(_ caseFile: CaseFile) {
        if let withholding = caseFile.withholding(from: user) {
            whole = caseFile
            self.caseFile = withholding.readable
            withheld = withholding.withheld
        } else {
            whole = nil
            self.caseFile = caseFile
            withheld = [:]
        }
    }

    /// Applies events that reached the journal. What is withheld follows: an event about what
    /// the officer may read is applied to that too; one that changes what may be read (a record
    /// marked otherwise, the officer added to the roster) has it worked out again.
    mutating func apply(_ events: [Event]) {
        // Applied where it is held, not to a copy: a copy's first change would copy each table it touches.
        if var all = whole.take() {
            var carried = true
            for event in events {
                all.apply(event)
                if carried { carried = caseFile.carryOver(event, from: all, withheld: &withheld) }
            }
            if carried { whole = all } else { show(all) }
        } else {
            for event in events { caseFile.apply(event) }
            if !caseFile.mayReadRestricted(user) { show(caseFile) }
        }
    }

    /// Why a record is not shown to the officer, when it is withheld.
    public func withheldReason(_ code: String) -> String? {
        guard let why = withheld[code] else { return nil }
        return "\(code) is \(why.description) and withheld: \(user) is not on the roster."
    }

    /// On a journal with no roster, the first opening offers to make the officer its
    /// supervisor, showing what it would write; any other key keeps it a one-person journal.
    public mutating func offerRosterIfNone() {
        guard caseFile.users.count == 0, readOnlyReason == nil else { return }
        let change = Change.userAdded(User(name: user, displayName: user, role: .supervisor))
        stack.append(.confirm(Confirmation(
            title: "Start this journal's roster", lines: [
                "This journal has no roster: whoever opens it may do everything.",
                "Make \(user) its supervisor? It writes one line: user.added \(user) (supervisor).",
                "Then add officers with tandem user add; any other key leaves it a one-person journal.",
            ], then: .commit(Proposal(change)))))
    }

    /// Puts settings in force: their keys into the bindings. A conflict between
    /// two actions is refused (the settings are then checked when read: see `ConfigFile.parse`).
    public mutating func apply(_ settings: Settings) throws(ConfigProblem) {
        bindings = try settings.bindings()
        self.settings = settings
    }

    public var list: PaneList {
        get { lists[pane.rawValue] }
        set { lists[pane.rawValue] = newValue }
    }

    public var filter: String {
        get { list.filter }
        set { list.filter = newValue }
    }

    public var sort: SortOrder? {
        get { list.sort }
        set { list.sort = newValue }
    }

    /// The row of the selected record in the list on screen (nil when it shows none).
    public var selectedRow: Int? {
        guard list.selected != nil, !visibleRecords.isEmpty else { return nil }
        return min(list.row, visibleRecords.count - 1)
    }

    /// The record the selection stands on, as an index into the pane's table.
    public var selectedRecord: Int? { selectedRow.map { visibleRecords[$0] } }

    /// The code of the record the selection stands on, when it is on screen.
    public var selectedCode: String? { selectedRow == nil ? nil : list.selected }

    public var top: Screen? { stack.last }

    /// The screen keys go to.
    public var screenKind: ScreenKind { top?.kind ?? (pane.isList ? .list : .dashboard) }

    // The screens tests and views look for, when they are on top.
    public var form: RecordForm? { if case .form(let f) = top { f } else { nil } }
    public var picker: StatusPicker? { if case .statusPicker(let p) = top { p } else { nil } }
    public var linkPicker: LinkPicker? { if case .linkPicker(let p) = top { p } else { nil } }
    public var prompt: Prompt? { if case .prompt(let p) = top { p } else { nil } }
    public var confirmation: Confirmation? { if case .confirm(let c) = top { c } else { nil } }
    public var noteEditor: NoteEditor? { if case .note(let n) = top { n } else { nil } }
    /// The record shown full-screen, the nearest such screen in the stack.
    public var detail: DetailScreen? {
        for screen in stack.reversed() { if case .detail(let d) = screen { return d } }
        return nil
    }
    public var history: [HistoryEntry] { detail?.history ?? [] }
    public var showsHelp: Bool { if case .help = top { true } else { false } }
}

/// One pane's list: which record is selected (by code, never by position),
/// where it was last seen, the filter and the sort.
public struct PaneList: Equatable, Sendable {
    public var selected: String?
    /// The selected record's row the last time it was on screen: the nearest
    /// record is taken from here when a filter hides it.
    public var row = 0
    public var filter = ""
    public var sort: SortOrder?
}

/// A pane's sort: which column, and which way.
public struct SortOrder: Hashable, Sendable {
    public var column: Int
    public var descending: Bool

    /// Compares cell texts with numbers by value ("9d" before "10d") and words without case.
    static func compare(_ a: String, _ b: String) -> Int {
        func number(_ s: String) -> Int? { Int(s.prefix { $0.isNumber }) }
        if let x = number(a), let y = number(b), x != y { return x < y ? -1 : 1 }
        let (x, y) = (a.lowercased(), b.lowercased())
        return x == y ? 0 : (x < y ? -1 : 1)
    }
}

/// One past change to a record, as the full view's history shows it.
public struct HistoryEntry: Equatable, Sendable {
    public var sequence: Int
    public var time: Timestamp
    public var actor: String
    public var summary: String
    /// The other end, when the change links this record to another.
    public var linkedTo: String? = nil
    /// When it happened, when that was given apart from when it was recorded (`time`).
    public var happened: Timestamp? = nil
}

public struct StatusMessage: Equatable, Sendable {
    public enum Kind: Sendable { case info, error }
    public var text: String
    public var kind: Kind

    public static func info(_ text: String) -> StatusMessage { StatusMessage(text: text, kind: .info) }
    public static func error(_ text: String) -> StatusMessage { StatusMessage(text: text, kind: .error) }
}

public struct LoggedMessage: Equatable, Sendable {
    public var time: Timestamp
    public var message: StatusMessage
}

/// A save sent to the journal and not yet answered.
public struct Saving: Equatable, Sendable {
    public var what: String
    /// Another console holds the journal's lock and this save waits for it.
    public var waitingForLock = false
}

/// What happens to the console: a key, a new terminal size, or the outcome of
/// an effect.
public enum Message: Equatable, Sendable {
    case key(Key)
    case mouse(Mouse)
    case resize(width: Int, height: Int)
    /// Events another console appended to the journal.
    case arrived([Event])
    /// Something the journal wants the user told (a torn line cut, damage found).
    case notice(String)
    case saved([Event])
    /// The command was refused when it was decided again at commit time.
    case refused(Refusal)
    case notSaved(reason: String, stopsWriting: Bool)
    /// The save waits for another console to finish its own.
    case waitingForLock
    /// A record's history, read from the journal.
    case history(code: String, [HistoryEntry])
    /// Whether the journal can be written, as it stands after an effect.
    case journalState(readOnlyReason: String?, checking: Bool)
    /// How many changes are kept on this laptop, not yet shared (a shared journal, offline).
    case notYetShared(Int)
    /// The case file as the shared journal now holds it, in place of what was
    /// shown (changes kept offline were decided again, some perhaps refused).
    case replaced(CaseFile)
}

/// What `update` asks the runtime to do.
public enum Effect: Equatable, Sendable {
    /// Decide these changes again against the journal as it stands (others may
    /// have appended), append them as one commit, then report back with
    /// `.arrived` and `.saved`, `.refused` or `.notSaved`.
    case commit([Proposal])
    /// Stop waiting for another console's lock: the save is not made.
    case stopWaiting
    /// Read this record's events from the journal; report back with `.history`.
    case loadHistory(code: String)
    case quit
}
