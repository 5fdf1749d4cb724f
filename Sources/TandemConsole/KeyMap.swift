/// The console's keys, as data: the footer shows the main ones for the pane,
/// and the help screen (`?`) lists them all.
enum KeyMap {
    struct Binding {
        var keys: String
        var action: String
        /// The panes it works on; empty means everywhere.
        var panes: [Pane] = []
        /// The few words the footer shows for it (nil: only in the help).
        var footer: String? = nil
    }

    static let bindings: [Binding] = [
        Binding(keys: "1-5 Tab S-Tab", action: "go to a pane (5 is the Dashboard); the next / previous pane", footer: "pane"),
        Binding(keys: "j k ↑ ↓", action: "move in the list", footer: "move"),
        Binding(keys: "g G PgUp PgDn", action: "first / last record; a page up / down"),
        Binding(keys: "/", action: "filter: status:sent to:THA overdue, or words", panes: [.networks, .investigations, .enquiries, .referrals], footer: "filter"),
        Binding(keys: "o  O", action: "sort by the next column / the other way round", panes: [.networks, .investigations, .enquiries, .referrals]),
        Binding(keys: "Enter  h", action: "the record in full, with its notes, links and history", panes: [.networks, .investigations, .enquiries, .referrals]),
        Binding(keys: "a", action: "add a note to the record", panes: [.networks, .investigations, .enquiries, .referrals]),
        Binding(keys: "l", action: "link the record to another (searchable picker)", panes: [.networks, .investigations, .enquiries, .referrals]),
        Binding(keys: "Esc", action: "back; clear the filter; close a form or picker"),
        Binding(keys: "s", action: "change status (only allowed transitions)", panes: [.networks, .investigations, .enquiries, .referrals], footer: "status"),
        Binding(keys: "n", action: "new record of the pane's kind", panes: [.networks, .investigations, .enquiries, .referrals], footer: "new"),
        Binding(keys: "e", action: "edit the record (its code and dated history stay)", panes: [.networks, .investigations, .enquiries, .referrals], footer: "edit"),
        Binding(keys: "c", action: "chase the enquiry (a dated event)", panes: [.enquiries], footer: "chase"),
        Binding(keys: "i", action: "add an action-plan item to the investigation", panes: [.investigations], footer: "item"),
        Binding(keys: "r", action: "record an outcome (arrests, warrants, … on a day)", panes: [.investigations], footer: "outcome"),
        Binding(keys: ":", action: "command: goto CODE, filter QUERY, quit"),
        Binding(keys: "?", action: "this help", footer: "help"),
        Binding(keys: "q  Ctrl-C", action: "quit", footer: "quit"),
    ]

    /// The bindings that work on a pane, for its help screen.
    static func bindings(for pane: Pane) -> [Binding] {
        bindings.filter { $0.panes.isEmpty || $0.panes.contains(pane) }
    }

    static func footer(for pane: Pane) -> [(String, String)] {
        bindings.compactMap { binding in
            guard let words = binding.footer, binding.panes.isEmpty || binding.panes.contains(pane) else { return nil }
            return (String(binding.keys.split(separator: " ").first ?? ""), words)
        }
    }
}
