import TandemCore

/// Which keys a binding answers to.
enum KeyPattern: Equatable, Sendable {
    case key(Key)
    /// Any printable character (typed text).
    case anyCharacter
    /// Any key the screen's other bindings do not take.
    case anyKey

    func matches(_ key: Key) -> Bool {
        switch self {
        case .key(let k): k == key
        case .anyCharacter: if case .character = key { true } else { false }
        case .anyKey: true
        }
    }
}

/// Everything a key can do. `perform` (Update.swift) has one case for each.
enum Action: String, CaseIterable, Sendable {
    case quit, goToPane, nextPane, previousPane
    case moveDown, moveUp, moveFirst, moveLast, pageDown, pageUp
    case openFilter, clearFilter, sortNext, sortReverse, openRecord, figureDown, figureUp, openFigure, toggleDaily
    case addNote, addLink, changeStatus, newRecord, editRecord, chase, addActionItem, recordOutcome, correctOutcome, extendPeriod, actionItemStatus
    case correctPeriod, reviseActionDue
    case openCommand, openHelp
    case back, previousRecord, nextRecord
    case historyDown, historyUp, historyPageDown, historyPageUp, historyFirst, historyLast, followLink
    case choiceDown, choiceUp, choose, notHere
    case nextField, previousField, enterInForm, save, choiceLeft, choiceRight, space, takeTheirs
    case type, newline, lineUp, lineDown, accept, cancel
    case confirm, decline
    case scrollDown, scrollUp
    case openUnit, addOfficer, changeRole, replaceKey, removeOfficer, addAgency, appointFocalPoint, endAppointment, newOperation, editOperation
}

/// One row of the bindings table: the keys, the screens and panes it works
/// on, what it does, and how help and the footer describe it.
struct Binding: Equatable, Sendable {
    var keys: [KeyPattern]
    /// The keys as help shows them.
    var label: String
    var screens: Set<ScreenKind>
    /// The panes it works on; empty means every pane.
    var panes: [Pane] = []
    var action: Action
    var help: String
    /// The few words the footer shows for it (nil: only in the help).
    var footer: String? = nil
    /// Whether it writes to the journal (hidden, and refused with the reason, when read-only).
    var writes = false

    func applies(to screen: ScreenKind, pane: Pane) -> Bool {
        screens.contains(screen) && (panes.isEmpty || panes.contains(pane))
    }
}

enum Bindings {
    private static func k(_ keys: Key...) -> [KeyPattern] { keys.map(KeyPattern.key) }
    private static let browsing: Set<ScreenKind> = [.list, .dashboard]
    private static let record: Set<ScreenKind> = [.list, .detail]
    private static let lists: [Pane] = [.networks, .investigations, .enquiries, .referrals]
    /// The keys every text field shares (TextInput.edit).
    private static let editing: [KeyPattern] = [.anyCharacter] + k(.backspace, .delete, .home, .end,
                                                                     .control("a"), .control("e"), .control("u"), .control("d"))

    /// Looked through in order: the first binding for the screen that takes the key wins.
    static let table: [Binding] = [
        // A record in full.
        Binding(keys: k(.escape), label: "Esc", screens: [.detail], action: .back,
                help: "back (to the record a link came from, or the list)", footer: "back"),
        Binding(keys: k(.character("j"), .down), label: "j ↓", screens: [.detail], action: .historyDown,
                help: "the next entry of the history", footer: "history"),
        Binding(keys: k(.character("k"), .up), label: "k ↑", screens: [.detail], action: .historyUp, help: "the previous entry of the history"),
        Binding(keys: k(.pageDown, .control("d")), label: "PgDn Ctrl-D", screens: [.detail], action: .historyPageDown, help: "the history a page down"),
        Binding(keys: k(.pageUp, .control("u")), label: "PgUp Ctrl-U", screens: [.detail], action: .historyPageUp, help: "the history a page up"),
        Binding(keys: k(.home, .character("g")), label: "Home g", screens: [.detail], action: .historyFirst, help: "the history's first entry (the creation)"),
        Binding(keys: k(.end, .character("G")), label: "End G", screens: [.detail], action: .historyLast, help: "the history's last entry"),
        Binding(keys: k(.character("[")), label: "[", screens: [.detail], action: .previousRecord, help: "the previous record of the list"),
        Binding(keys: k(.character("]")), label: "]", screens: [.detail], action: .nextRecord, help: "the next record of the list", footer: "next"),
        Binding(keys: k(.enter), label: "Enter", screens: [.detail], action: .followLink,
                help: "on a link in the history: open the record at its other end", footer: "follow link"),
        Binding(keys: k(.character("q"), .control("c")), label: "q Ctrl-C", screens: [.detail], action: .quit, help: "quit", footer: "quit"),

        // The list of a pane, and the Dashboard.
        Binding(keys: Pane.allCases.map { .key(.character(Character(String($0.rawValue + 1)))) }, label: "1-\(Pane.allCases.count)",
                screens: browsing, action: .goToPane, help: "go to a pane (\(Pane.allCases.count) is the Dashboard)", footer: "pane"),
        Binding(keys: k(.tab), label: "Tab", screens: browsing, action: .nextPane, help: "the next pane"),
        Binding(keys: k(.backTab), label: "S-Tab", screens: browsing, action: .previousPane, help: "the previous pane"),
        Binding(keys: k(.character("j"), .down), label: "j ↓", screens: [.dashboard], action: .figureDown, help: "the next figure", footer: "choose"),
        Binding(keys: k(.character("k"), .up), label: "k ↑", screens: [.dashboard], action: .figureUp, help: "the previous figure"),
        Binding(keys: k(.enter), label: "Enter", screens: [.dashboard], action: .openFigure,
                help: "the list the figure counts, filtered", footer: "open list"),
        Binding(keys: k(.character("d")), label: "d", screens: [.dashboard], action: .toggleDaily,
                help: "the table day by day (a line of each measure) or by country", footer: "by day"),
        Binding(keys: k(.character("j"), .down), label: "j ↓", screens: [.list], action: .moveDown, help: "the next record", footer: "move"),
        Binding(keys: k(.character("k"), .up), label: "k ↑", screens: [.list], action: .moveUp, help: "the previous record"),
        Binding(keys: k(.character("g"), .home), label: "g Home", screens: [.list], action: .moveFirst, help: "the first record"),
        Binding(keys: k(.character("G"), .end), label: "G End", screens: [.list], action: .moveLast, help: "the last record"),
        Binding(keys: k(.pageDown, .control("f")), label: "PgDn Ctrl-F", screens: [.list], action: .pageDown, help: "a page down"),
        Binding(keys: k(.pageUp, .control("b")), label: "PgUp Ctrl-B", screens: [.list], action: .pageUp, help: "a page up"),
        Binding(keys: k(.character("/")), label: "/", screens: [.list], action: .openFilter,
                help: "filter the list (the filter's words are below)", footer: "filter"),
        Binding(keys: k(.character("o")), label: "o", screens: [.list], action: .sortNext, help: "sort by the next column (then journal order)"),
        Binding(keys: k(.character("O")), label: "O", screens: [.list], action: .sortReverse, help: "the sort the other way round"),
        Binding(keys: k(.enter, .character("h")), label: "Enter h", screens: [.list], panes: lists, action: .openRecord,
                help: "the record in full: its notes, links and history", footer: "open"),
        Binding(keys: k(.character("a")), label: "a", screens: record, panes: lists, action: .addNote,
                help: "add a note to the record", footer: "note", writes: true),
        Binding(keys: k(.character("l")), label: "l", screens: record, panes: lists, action: .addLink,
                help: "link the record to another (searchable picker)", writes: true),
        Binding(keys: k(.character("s")), label: "s", screens: record, panes: lists, action: .changeStatus,
                help: "change status (only the allowed transitions)", footer: "status", writes: true),
        Binding(keys: k(.character("n")), label: "n", screens: [.list], panes: lists, action: .newRecord,
                help: "a new record of the pane's kind", footer: "new", writes: true),
        Binding(keys: k(.character("e")), label: "e", screens: record, panes: lists, action: .editRecord,
                help: "edit the record (its code and dated history stay)", footer: "edit", writes: true),
        Binding(keys: k(.character("c")), label: "c", screens: record, panes: [.enquiries], action: .chase,
                help: "chase the enquiry: by phone, e-mail, I-24/7 message, letter or meeting; when", footer: "chase", writes: true),
        Binding(keys: k(.character("i")), label: "i", screens: record, panes: [.investigations], action: .addActionItem,
                help: "add an action-plan item", footer: "item", writes: true),
        Binding(keys: k(.character("r")), label: "r", screens: record, panes: [.investigations], action: .recordOutcome,
                help: "record an outcome (arrests, warrants, … on a day)", footer: "outcome", writes: true),
        Binding(keys: k(.character("R")), label: "R", screens: record, panes: [.investigations], action: .correctOutcome,
                help: "correct an outcome recorded wrongly (a new count, or 0 to withdraw it; with the reason)", writes: true),
        Binding(keys: k(.character("x")), label: "x", screens: record, panes: [.investigations], action: .extendPeriod,
                help: "extend the period (a new end; whether the partners consented)", writes: true),
        Binding(keys: k(.character("t")), label: "t", screens: record, panes: [.investigations], action: .actionItemStatus,
                help: "an action-plan item done, dropped, or open again", writes: true),
        Binding(keys: k(.character("T")), label: "T", screens: record, panes: [.investigations], action: .reviseActionDue,
                help: "revise an open action-plan item's due date", writes: true),
        Binding(keys: k(.character("P")), label: "P", screens: record, panes: [.investigations], action: .correctPeriod,
                help: "correct a period entered wrongly (a supervisor; with the reason)", writes: true),
        Binding(keys: k(.character(":")), label: ":", screens: browsing.union([.detail]), action: .openCommand,
                help: "a command: " + Commands.summary),
        Binding(keys: k(.character("?")), label: "?", screens: browsing.union([.detail, .statusPicker]), action: .openHelp,
                help: "this help", footer: "help"),
        Binding(keys: k(.escape), label: "Esc", screens: [.list], action: .clearFilter, help: "clear the filter"),
        Binding(keys: k(.character("q"), .control("c")), label: "q Ctrl-C", screens: browsing, action: .quit, help: "quit", footer: "quit"),

        // The status picker and the link picker.
        Binding(keys: k(.character("j"), .down, .tab), label: "j ↓ Tab", screens: [.statusPicker], action: .choiceDown, help: "the next status", footer: "choose"),
        Binding(keys: k(.character("k"), .up, .backTab), label: "k ↑ S-Tab", screens: [.statusPicker], action: .choiceUp, help: "the previous status"),
        Binding(keys: k(.down, .tab), label: "↓ Tab", screens: [.linkPicker], action: .choiceDown, help: "the next record", footer: "choose"),
        Binding(keys: k(.up, .backTab), label: "↑ S-Tab", screens: [.linkPicker], action: .choiceUp, help: "the previous record"),
        Binding(keys: k(.enter), label: "Enter", screens: [.statusPicker], action: .choose,
                help: "take the status (a final one asks first)", footer: "set status"),
        Binding(keys: k(.enter), label: "Enter", screens: [.linkPicker], action: .choose, help: "link to the record", footer: "link"),
        Binding(keys: k(.escape, .character("q")), label: "Esc q", screens: [.statusPicker], action: .cancel, help: "leave the status as it is", footer: "cancel"),
        Binding(keys: k(.escape, .control("c")), label: "Esc", screens: [.linkPicker], action: .cancel, help: "link nothing", footer: "cancel"),
        Binding(keys: [.anyKey], label: "other keys", screens: [.statusPicker], action: .notHere, help: "do nothing here (the status bar says which keys do)"),

        // The records :find found.
        Binding(keys: k(.character("j"), .down), label: "j ↓", screens: [.found], action: .choiceDown, help: "the next record found", footer: "choose"),
        Binding(keys: k(.character("k"), .up), label: "k ↑", screens: [.found], action: .choiceUp, help: "the previous record found"),
        Binding(keys: k(.enter), label: "Enter", screens: [.found], action: .choose, help: "go to the record in its pane", footer: "go to"),
        Binding(keys: k(.escape, .character("q")), label: "Esc q", screens: [.found], action: .back, help: "close", footer: "close"),

        // A form.
        Binding(keys: k(.tab, .down), label: "Tab ↓", screens: [.form], action: .nextField, help: "the next field", footer: "next field"),
        Binding(keys: k(.backTab, .up), label: "S-Tab ↑", screens: [.form], action: .previousField, help: "the previous field", footer: "previous"),
        Binding(keys: k(.enter), label: "Enter", screens: [.form], action: .enterInForm, help: "the next field; on the last field, save"),
        Binding(keys: k(.control("s")), label: "Ctrl-S", screens: [.form, .note], action: .save, help: "save", footer: "save"),
        Binding(keys: k(.left), label: "←", screens: [.form], action: .choiceLeft, help: "the previous choice (or move in the text)"),
        Binding(keys: k(.right), label: "→", screens: [.form], action: .choiceRight, help: "the next choice (or move in the text)", footer: "choose"),
        Binding(keys: k(.character(" ")), label: "Space", screens: [.form], action: .space, help: "the next choice (or a space in the text)"),
        Binding(keys: k(.control("t")), label: "Ctrl-T", screens: [.form], action: .takeTheirs,
                help: "take the other officer's value of this field (when both of you changed it)"),
        Binding(keys: k(.escape, .control("c")), label: "Esc Ctrl-C", screens: [.form, .note], action: .cancel,
                help: "cancel (asks first when something was typed)", footer: "cancel"),

        // The note editor.
        Binding(keys: k(.enter), label: "Enter", screens: [.note], action: .newline, help: "a new line"),
        Binding(keys: k(.up), label: "↑", screens: [.note], action: .lineUp, help: "the line above"),
        Binding(keys: k(.down), label: "↓", screens: [.note], action: .lineDown, help: "the line below"),

        // The filter and command lines.
        Binding(keys: k(.enter), label: "Enter", screens: [.filterPrompt], action: .accept, help: "keep the filter", footer: "keep"),
        Binding(keys: k(.enter), label: "Enter", screens: [.commandPrompt], action: .accept, help: "run the command", footer: "run"),
        Binding(keys: k(.escape, .control("c")), label: "Esc", screens: [.filterPrompt, .commandPrompt], action: .cancel,
                help: "leave it (the filter as it was)", footer: "cancel"),

        // Confirmations.
        Binding(keys: k(.character("y"), .enter), label: "y Enter", screens: [.confirm], action: .confirm, help: "go ahead", footer: "confirm"),
        Binding(keys: [.anyKey], label: "any other key", screens: [.confirm], action: .decline, help: "cancel", footer: "cancel"),
        Binding(keys: k(.enter), label: "Enter", screens: [.confirmWithReason], action: .confirm, help: "go ahead, with the reason typed", footer: "confirm"),
        Binding(keys: k(.escape, .control("c")), label: "Esc", screens: [.confirmWithReason], action: .decline, help: "cancel", footer: "cancel"),

        // Text, wherever it is typed.
        Binding(keys: editing, label: "text keys", screens: [.form, .note, .linkPicker, .filterPrompt, .commandPrompt, .confirmWithReason],
                action: .type, help: "type; Home End move; Backspace, Delete, Ctrl-U clear"),
        // In a form ← and → choose (see above), and move in a text field.
        Binding(keys: k(.left, .right), label: "← →", screens: [.note, .linkPicker, .filterPrompt, .commandPrompt, .confirmWithReason],
                action: .type, help: "move in the text"),

        // The unit: the roster, agencies, focal points and operations.
        Binding(keys: k(.character("U")), label: "U", screens: browsing, action: .openUnit,
                help: "the unit: the roster (roles, keys), agencies, focal points and operations", footer: "unit"),
        Binding(keys: k(.character("a")), label: "a", screens: [.unit], action: .addOfficer, help: "add an officer to the roster", footer: "officer", writes: true),
        Binding(keys: k(.character("r")), label: "r", screens: [.unit], action: .changeRole, help: "change an officer's role", footer: "role", writes: true),
        Binding(keys: k(.character("K")), label: "K", screens: [.unit], action: .replaceKey,
                help: "replace an officer's key (a lost laptop: the old key is refused from now on)", footer: "key", writes: true),
        Binding(keys: k(.character("x")), label: "x", screens: [.unit], action: .removeOfficer,
                help: "take an officer off the roster (their changes stay; they may only read)", writes: true),
        Binding(keys: k(.character("g")), label: "g", screens: [.unit], action: .addAgency, help: "add an agency", footer: "agency", writes: true),
        Binding(keys: k(.character("f")), label: "f", screens: [.unit], action: .appointFocalPoint, help: "appoint a focal point", footer: "appoint", writes: true),
        Binding(keys: k(.character("F")), label: "F", screens: [.unit], action: .endAppointment, help: "end a focal point's appointment", writes: true),
        Binding(keys: k(.character("o")), label: "o", screens: [.unit], action: .newOperation, help: "create an operation", footer: "operation", writes: true),
        Binding(keys: k(.character("O")), label: "O", screens: [.unit], action: .editOperation, help: "edit the latest operation", writes: true),
        Binding(keys: k(.character("j"), .down, .pageDown), label: "j ↓", screens: [.unit], action: .scrollDown, help: "scroll down"),
        Binding(keys: k(.character("k"), .up, .pageUp), label: "k ↑", screens: [.unit], action: .scrollUp, help: "scroll up"),
        Binding(keys: k(.escape, .character("q")), label: "Esc", screens: [.unit], action: .back, help: "close", footer: "close"),

        // Help and messages.
        Binding(keys: k(.character("j"), .down, .pageDown), label: "j ↓", screens: [.help, .messages], action: .scrollDown, help: "scroll down", footer: "scroll"),
        Binding(keys: k(.character("k"), .up, .pageUp), label: "k ↑", screens: [.help, .messages], action: .scrollUp, help: "scroll up"),
        Binding(keys: [.anyKey], label: "Esc", screens: [.help, .messages], action: .back, help: "close", footer: "close"),
    ]

    /// The binding a key dispatches to on a screen, if any.
    static func binding(for key: Key, screen: ScreenKind, pane: Pane, in table: [Binding] = Bindings.table) -> Binding? {
        table.first { $0.applies(to: screen, pane: pane) && $0.keys.contains { $0.matches(key) } }
    }

    /// The bindings help lists for a screen: without the keys that write when nothing can be written.
    static func shown(on screen: ScreenKind, pane: Pane, readOnly: Bool, in table: [Binding] = Bindings.table) -> [Binding] {
        table.filter { $0.applies(to: screen, pane: pane) && !(readOnly && $0.writes) }
    }

    /// The footer's hints for a screen: its first key and its few words.
    static func footer(on screen: ScreenKind, pane: Pane, readOnly: Bool, in table: [Binding] = Bindings.table) -> [(key: String, words: String)] {
        // The screen's own keys first, then those it shares with others (help, quit).
        let shown = shown(on: screen, pane: pane, readOnly: readOnly, in: table)
        return (shown.filter { $0.screens.count == 1 } + shown.filter { $0.screens.count > 1 }).compactMap { binding in
            binding.footer.map { (binding.keys == [.anyKey] ? binding.label : String(binding.label.split(separator: " ").first ?? ""), $0) }
        }
    }

    /// The footer's hints in a line, as the boxes and messages of a screen show them.
    /// Within `width` columns, whole hints are left out from the right, not one cut
    /// in the middle; the last (how to leave: Esc) is kept.
    static func hints(on screen: ScreenKind, pane: Pane = .networks, readOnly: Bool = false, in table: [Binding] = Bindings.table,
                      fitting width: Int? = nil) -> String {
        var hints = footer(on: screen, pane: pane, readOnly: readOnly, in: table).map { "\($0.key) \($0.words)" }
        while let width, hints.count > 1, TextWidth.columns(hints.joined(separator: " · ")) > width { hints.remove(at: hints.count - 2) }
        return hints.joined(separator: " · ")
    }
}
