import TandemCore

/// Everything the console shows, in one value. Only `update` changes it.
public struct ConsoleState: Equatable, Sendable {
    public var caseFile: CaseFile
    public var pane: Pane = .networks
    public var selection: [Int] = Array(repeating: 0, count: Pane.allCases.count)
    public var form: RecordForm?
    public var width: Int
    public var height: Int
    /// The time at which commands are stamped and overdue is judged.
    public var now: Timestamp
    public var user: String
    public var journalPath: String
    /// Why nothing can be saved, when the journal is read-only or writing stopped.
    public var readOnlyReason: String?
    /// The journal's lines read from its snapshot are still being checked (a save waits).
    public var checkingJournal = false
    public var message: StatusMessage?
    /// Each pane's `/` filter, and the filter being typed, if one is.
    public var filters: [String] = Array(repeating: "", count: Pane.allCases.count)
    public var filterInput: TextInput?
    /// The status picker of `s`, and the help of `?`, when open.
    public var picker: StatusPicker?
    public var showsHelp = false
    /// Each pane's sort: a column of its table, and the direction (nil: journal order).
    public var sorts: [SortOrder?] = Array(repeating: nil, count: Pane.allCases.count)
    /// The searchable picker of `l`, when open.
    public var linkPicker: LinkPicker?
    /// The `:` command being typed, if one is.
    public var commandInput: TextInput?
    /// The note being typed with `a`, if one is.
    public var noteInput: TextInput?
    /// The record shown full-screen (Enter), and its history from the journal once read.
    public var detail: String?
    public var history: [HistoryEntry] = []

    public init(caseFile: CaseFile, width: Int, height: Int, now: Timestamp, user: String, journalPath: String) {
        self.caseFile = caseFile
        self.width = width
        self.height = height
        self.now = now
        self.user = user
        self.journalPath = journalPath
    }

    public var selectedIndex: Int {
        get { selection[pane.rawValue] }
        set { selection[pane.rawValue] = newValue }
    }

    public var filter: String {
        get { filters[pane.rawValue] }
        set { filters[pane.rawValue] = newValue }
    }

    public var sort: SortOrder? {
        get { sorts[pane.rawValue] }
        set { sorts[pane.rawValue] = newValue }
    }

    /// The records the current pane lists (indices into its table), after its
    /// filter, in its sort order.
    public var visibleRecords: [Int] {
        listCache.visible(pane: pane, caseFile: caseFile, now: now, filter: filter, sort: sort)
    }

    /// Work kept between frames (search text, sort orders, recent filters); not part of the state's value.
    let listCache = ListCacheBox()

    /// The selection clamped to the rows the pane shows (nil when it shows none).
    public var selectedRow: Int? {
        let count = visibleRecords.count
        return count == 0 ? nil : min(max(0, selectedIndex), count - 1)
    }

    /// The code of the record the selection stands on.
    public var selectedCode: String? {
        guard let index = selectedRecord else { return nil }
        switch pane {
        case .networks: return caseFile.networks.all[index].code
        case .investigations: return caseFile.investigations.all[index].code
        case .enquiries: return caseFile.enquiries.all[index].reference
        case .referrals: return caseFile.referrals.all[index].reference
        case .dashboard: return nil
        }
    }

    /// The record the selection stands on, as an index into the pane's table.
    public var selectedRecord: Int? {
        let visible = visibleRecords
        guard !visible.isEmpty else { return nil }
        return visible[min(max(0, selectedIndex), visible.count - 1)]
    }
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

/// `l`: pick another record to link the selected one to, narrowed as you type.
public struct LinkPicker: Equatable, Sendable {
    public var from: String
    public var query = TextInput()
    public var selected = 0

    /// Records that can be linked: every other coded record not linked already, matching the query.
    public func candidates(in c: CaseFile) -> [(code: String, title: String)] {
        let all: [(String, String)] = c.networks.all.map { ($0.code, "network · \($0.name)") }
            + c.investigations.all.map { ($0.code, "joint investigation · \($0.title)") }
            + c.enquiries.all.map { ($0.reference, "enquiry · \($0.subject)") }
            + c.referrals.all.map { ($0.reference, "\($0.kind.label) · \($0.subject)") }
            + c.suspects.all.map { ($0.reference, "suspect · \($0.role.label)") }
            + c.operations.all.map { ($0.code, "operation · \($0.name)") }
        let linked = Set(c.linked(to: from))
        let words = query.text.lowercased().split(separator: " ")
        return all.filter { code, title in
            code != from && !linked.contains(code)
                && words.allSatisfy { (code.lowercased() + " " + title.lowercased()).contains($0) }
        }
    }
}

/// One past change to a record, as `h` and the full detail show it.
public struct HistoryEntry: Equatable, Sendable {
    public var sequence: Int
    public var time: Timestamp
    public var actor: String
    public var summary: String
}

/// The choices `s` offers: the statuses the selected record may move to.
public struct StatusPicker: Equatable, Sendable {
    public struct Option: Equatable, Sendable {
        public var label: String
        public var change: Change
        /// Why the user may not choose it (their role), if they may not.
        public var unavailable: String?
    }

    public var code: String
    public var current: String
    public var options: [Option]
    public var selected = 0
}

public struct StatusMessage: Equatable, Sendable {
    public enum Kind: Sendable { case info, error }
    public var text: String
    public var kind: Kind

    public static func info(_ text: String) -> StatusMessage { StatusMessage(text: text, kind: .info) }
    public static func error(_ text: String) -> StatusMessage { StatusMessage(text: text, kind: .error) }
}

/// What happens to the console: a key, a new terminal size, or the outcome of
/// writing to the journal.
public enum Message: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// Events another console appended to the journal.
    case arrived([Event])
    /// Something the journal wants the user told (a torn line cut, damage found).
    case notice(String)
    case saved([Event])
    /// The command was refused when it was decided again at commit time.
    case refused(Refusal)
    case notSaved(reason: String, stopsWriting: Bool)
    /// A record's history, read from the journal.
    case history(code: String, [HistoryEntry])
}

/// What `update` asks the runtime to do.
public enum Effect: Equatable, Sendable {
    /// Decide this command again against the journal as it stands (others may
    /// have appended), append the events (write + fsync), then report back with
    /// `.arrived` and `.saved`, `.refused` or `.notSaved`.
    case commit(Change)
    /// Read this record's events from the journal; report back with `.history`.
    case loadHistory(code: String)
    case quit
}
