import TandemCore

/// Everything the console shows, in one value. Only `update` changes it.
public struct ConsoleState: Equatable, Sendable {
    public var caseFile: CaseFile
    public var pane: Pane = .networks
    public var selection: [Int] = Array(repeating: 0, count: Pane.allCases.count)
    public var form: EnquiryForm?
    public var width: Int
    public var height: Int
    /// The time at which commands are stamped and overdue is judged.
    public var now: Timestamp
    public var user: String
    public var journalPath: String
    /// Why nothing can be saved, when the journal is read-only or writing stopped.
    public var readOnlyReason: String?
    public var message: StatusMessage?

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

    /// The selection clamped to the records the pane has (nil when it has none).
    public var selectedRow: Int? {
        let count = pane.recordCount(in: caseFile)
        return count == 0 ? nil : min(max(0, selectedIndex), count - 1)
    }
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
}

/// What `update` asks the runtime to do.
public enum Effect: Equatable, Sendable {
    /// Decide this command again against the journal as it stands (others may
    /// have appended), append the events (write + fsync), then report back with
    /// `.arrived` and `.saved`, `.refused` or `.notSaved`.
    case commit(Change)
    case quit
}
