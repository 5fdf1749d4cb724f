import TandemCore

/// A spreadsheet imported into a journal in one commit. Every row is checked
/// against the case file before anything is written to the journal; each good
/// row's line is made on another core meanwhile and written to a staging file;
/// all are made durable by one fsync. Into a journal that does not exist yet,
/// the whole journal is made beside it and given its name at the end.
public enum SpreadsheetImporter {
    public struct Outcome: Equatable, Sendable {
        /// Events written (each record, and each dated step of a row's history).
        public var saved: Int
        /// Records the rows made.
        public var records: Int
        /// The sequence number of the first event written.
        public var first: Int
        /// A new journal was made.
        public var created: Bool
    }

    /// Imports the rows of `csv` (UTF-8) as `kind` by `actor` (its times without a zone in `zone`), into `journal`
    /// (whose case file is `caseFile`), or into a new journal at `path` when
    /// `journal` is nil. Throws `SpreadsheetImport.Problems` (nothing written)
    /// when any row is bad, and `JournalError.cancelled` (nothing written) when
    /// `cancelled` says so before the lines are durable.
    public static func run(
        csv: UnsafeBufferPointer<UInt8>, kind: SpreadsheetImport.Kind, into journal: Journal?, caseFile: CaseFile, path: String,
        by actor: String, at now: Timestamp, reason: String, zone: OfficerZone, newJournalTime: @escaping () -> Timestamp,
        checking: ((Int, Int) -> Void)? = nil, writing: ((Int, Int) -> Void)? = nil, cancelled: @escaping () -> Bool = { false }
    ) throws -> Outcome {
        let first = (journal?.lastSequence ?? 0) + 1
        let lines = try journal?.beginLines(actor: actor) ?? Journal.beginNew(at: path, now: newJournalTime)
        let maker = LineMaker(lines)
        var records = 0
        let problems = SpreadsheetImport.check(utf8: csv, kind: kind, into: caseFile, by: actor, at: now, reason: reason, zone: zone,
                                               progress: checking) { event in
            if event.change.type.hasSuffix(".created") { records += 1 }
            maker.add(event)
        }
        _ = maker.finish()
        if cancelled() { throw JournalError.cancelled("The import") }
        if let problems { throw problems }
        guard let journal else {
            return Outcome(saved: try Journal.create(with: lines), records: records, first: first, created: true)
        }
        let saved = try journal.append(lines, progress: { writing?($0, lines.count) }, cancelled: cancelled)
        return Outcome(saved: saved, records: records, first: first, created: false)
    }
}
