import TandemCore

/// A pane's records by code and by position in its table.
enum PaneRecords {
    static func code(of index: Int, in pane: Pane, _ c: CaseFile) -> String { pane.spec?.code(c, index) ?? "" }

    static func index(of code: String, in pane: Pane, _ c: CaseFile) -> Int? { pane.spec?.index(c, code) }

    /// The list pane that holds a record with this code, if one does.
    static func pane(of code: String, _ c: CaseFile) -> Pane? {
        Pane.allCases.first { $0.isList && index(of: code, in: $0, c) != nil }
    }

    /// The pane a created record appears in.
    static func pane(createdBy change: Change) -> Pane? {
        Pane.allCases.first { $0.spec?.isCreation(change) == true }
    }

    /// A record's code and what it is, in a line.
    static func title(of code: String, _ c: CaseFile) -> String {
        guard let pane = pane(of: code, c), let index = index(of: code, in: pane, c), let spec = pane.spec else { return code }
        return spec.title(c, index).0
    }
}
