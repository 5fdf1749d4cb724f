import TandemCore

/// A screen over the pane's list. The stack holds them, the top one last;
/// `Esc` pops the top one. Each has its own bindings and its own drawing.
public enum Screen: Equatable, Sendable {
    case detail(DetailScreen)
    case form(RecordForm)
    case statusPicker(StatusPicker)
    case linkPicker(LinkPicker)
    case prompt(Prompt)
    case note(NoteEditor)
    case confirm(Confirmation)
    case help(HelpScreen)
    case messages(MessagesScreen)
    case found(FoundScreen)
    case unit(UnitScreen)

    public var kind: ScreenKind {
        switch self {
        case .detail: .detail
        case .form: .form
        case .statusPicker: .statusPicker
        case .linkPicker: .linkPicker
        case .prompt(let p): p.kind == .filter ? .filterPrompt : .commandPrompt
        case .note: .note
        case .confirm(let c): c.reason == nil ? .confirm : .confirmWithReason
        case .help: .help
        case .messages: .messages
        case .found: .found
        case .unit: .unit
        }
    }

    /// Whether popping it would lose something typed.
    var holdsTyping: Bool {
        switch self {
        case .form(let f): f.isChanged
        case .note(let n): !n.text.text.trimmingWhitespace.isEmpty
        case .confirm(let c): !(c.reason?.text.isEmpty ?? true)
        default: false
        }
    }
}

/// The kinds of screen, as the bindings name them.
public enum ScreenKind: String, CaseIterable, Sendable {
    case list, dashboard, detail, form, statusPicker, linkPicker, filterPrompt, commandPrompt, note
    case confirm, confirmWithReason, help, messages, found, unit

    /// Screens where characters are typed as text.
    var takesText: Bool {
        switch self {
        case .form, .linkPicker, .filterPrompt, .commandPrompt, .note, .confirmWithReason: true
        default: false
        }
    }

    var title: String {
        switch self {
        case .list: "the list"
        case .dashboard: "the Dashboard"
        case .detail: "a record in full"
        case .form: "a form"
        case .statusPicker: "the status picker"
        case .linkPicker: "the link picker"
        case .filterPrompt: "the filter line"
        case .commandPrompt: "the command line"
        case .note: "the note editor"
        case .confirm, .confirmWithReason: "a confirmation"
        case .help: "the help"
        case .messages: "the messages"
        case .found: "the records found"
        case .unit: "the unit"
        }
    }
}

/// A record full-screen: its details, notes, links and history. It stays on
/// its record whatever the list behind it does.
public struct DetailScreen: Equatable, Sendable {
    public var pane: Pane
    public var code: String
    /// Its history from the journal, from its creation on; nil until read.
    public var history: [HistoryEntry]?
    /// The history entry the cursor stands on, and the first one shown.
    public var cursor = 0
    public var top = 0
}

/// A line typed at the foot of the screen: `/` filter or `:` command.
public struct Prompt: Equatable, Sendable {
    public enum Kind: Sendable { case filter, command }
    public var kind: Kind
    public var input: TextInput
    /// What is wrong with what is typed (an unknown filter field, say).
    public var error: String?
    /// The selected record when the filter was opened: taken again whenever it
    /// is back in the list as the query changes.
    var selectionBefore: String?
    /// The filter when it was opened: Esc leaves it as it was.
    var filterBefore = ""
}

/// `a`: a note, typed over several lines, saved with Ctrl-S.
public struct NoteEditor: Equatable, Sendable {
    public var code: String
    public var text = TextInput()
    /// The first wrapped line shown.
    public var top = 0
}

/// A question before something that cannot be taken back: a final status, a
/// send with a warning, or throwing away what was typed.
public struct Confirmation: Equatable, Sendable {
    public enum Then: Equatable, Sendable {
        case commit(Proposal)
        /// Throw away the screen under this one (what was typed in it).
        case discard
        case quit
    }

    public var title: String
    public var lines: [String]
    public var then: Then
    /// The reason the lifecycle asks for, typed here; nil when none is asked.
    public var reason: TextInput?
    /// The status the reason is for, as the journalled note names it.
    public var reasonFor: String?
    public var problem: String?
}

/// `?`: the keys of the screen it was opened from.
public struct HelpScreen: Equatable, Sendable {
    public var about: ScreenKind
    public var top = 0
}

/// `:messages`: the last messages, with their times.
public struct MessagesScreen: Equatable, Sendable {
    public var top = 0
}

/// `s`: the choices of the statuses the record may move to.
public struct StatusPicker: Equatable, Sendable {
    public struct Option: Equatable, Sendable {
        public var label: String
        public var change: Change
        /// Why the user may not choose it (their role), if they may not.
        public var unavailable: String?
    }

    public var code: String
    public var current: String
    /// The record's version when the picker opened: the status is chosen against it.
    public var basedOn: Int
    public var options: [Option]
    public var selected = 0
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

/// `:find TEXT`: the records of every pane the words are found in.
public struct FoundScreen: Equatable, Sendable {
    public struct Match: Equatable, Sendable {
        public var pane: Pane
        public var code: String
        public var title: String
    }

    public var query: String
    public var matches: [Match]
    public var selected = 0
}
