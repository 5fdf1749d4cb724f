import TandemCore

/// The columns and rows of each pane's list, from its spec.
enum PaneTables {
    static func columns(_ pane: Pane) -> [Column] { pane.spec?.columns ?? [] }

    static func rows(_ pane: Pane, _ caseFile: CaseFile, now: Timestamp, zone: OfficerZone = .utc) -> [TableRow] {
        (0..<pane.recordCount(in: caseFile)).map { row(pane, caseFile, $0, now: now, zone: zone) }
    }

    /// One record's row: only the rows on screen are made for a frame.
    static func row(_ pane: Pane, _ caseFile: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone = .utc) -> TableRow {
        pane.spec?.row(caseFile, index, now: now, zone: zone) ?? TableRow(cells: [])
    }
}
