import TandemCore

/// Everything the console knows of one kind of record, in one place: its
/// list's columns and rows, what its filter can ask, its detail, its forms and
/// its statuses. `Pane.spec` lists them; the views, the filter and `update`
/// ask the spec of the pane on screen.
protocol PaneSpec {
    static var title: String { get }
    /// The title when the tab bar is short of room.
    static var shortTitle: String { get }
    /// Columns with a priority: on a narrow terminal the lowest go first.
    static var columns: [Column] { get }
    static func count(_ c: CaseFile) -> Int
    static func code(_ c: CaseFile, _ index: Int) -> String
    static func index(_ c: CaseFile, _ code: String) -> Int?
    /// One record's row: only the rows on screen are made for a frame.
    static func row(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> TableRow
    /// What the filter matches: fields (key → values) and free text.
    static func facets(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> RecordFilter.Facets
    /// The `key:` fields of the filter and the values each may take (nil: a country code; empty: any).
    static var filterFields: [(name: String, values: [String]?)] { get }
    /// The dates the filter compares (`due:<2015-10-10`), each a day in the officer's zone.
    static var dateFields: [String: @Sendable (CaseFile, Int, OfficerZone) -> Day?] { get }
    /// What `overdue` means for the pane's records (the part of the facets that changes with time).
    static func isOverdue(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> Bool
    static func title(_ c: CaseFile, _ index: Int) -> (String, Handling)
    static func detailLines(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> [DetailView.Line]
    static func newForm() -> RecordForm
    /// The form that edits the record, its times in the officer's `zone`.
    static func editForm(_ c: CaseFile, _ code: String, zone: OfficerZone) -> RecordForm?
    /// The record's status and the changes to each status it may move to.
    static func statusChoices(_ c: CaseFile, _ code: String) -> (current: String, options: [(String, Change)])?
    static func sameRecord(_ a: CaseFile, _ b: CaseFile, _ index: Int) -> Bool
    /// Whether the change creates one of the pane's records (the console then shows it there).
    static func isCreation(_ change: Change) -> Bool
}

extension PaneSpec {
    static var shortTitle: String { title }
    static var dateFields: [String: @Sendable (CaseFile, Int, OfficerZone) -> Day?] { [:] }
    static func isOverdue(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> Bool { false }
}

/// The values of a vocabulary as the filter takes them: stored values and
/// one-word labels, lower case, each once.
func filterTerms<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ label: (T) -> String = { $0.rawValue }) -> [String]
where T.RawValue == String {
    var seen = Set<String>()
    return T.allCases.flatMap { [$0.rawValue.lowercased(), label($0).lowercased()] }
        .filter { !$0.contains(" ") && seen.insert($0).inserted }
}
