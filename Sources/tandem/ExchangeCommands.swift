import ArgumentParser
import Foundation
import TandemCore
import TandemJournal
import Synchronization

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the records out for a spreadsheet: one CSV per pane, or one JSON document.",
        discussion: """
        Every record carries its handling code. Victims are exported only as counts unless --include-victims \
        is given. An export that includes victims or records marked H2, H3 or TLP:RED needs --reason. \
        Every export (who, when, what, where, for whom, why) is recorded in the journal.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Option(help: "csv (one file per pane) or json (one document).") var format: Format = .csv
    @Option(help: ArgumentHelp("The folder to write into (created if missing).", valueName: "dir")) var out: String
    @Flag(help: "Export victims one by one (pseudonymised), not only as counts.") var includeVictims = false
    @Option(help: ArgumentHelp("Why the records are exported (required for victims and H2/H3/TLP:RED records).", valueName: "text"))
    var reason = ""
    @Option(name: .customLong("for"), help: ArgumentHelp("Who the export is for.", valueName: "recipient")) var recipient = ""
    @OptionGroup var journalOptions: JournalOptions
    @Option(help: ArgumentHelp("Who you are (default: $TANDEM_USER or $USER).", valueName: "name")) var user: String?
    @OptionGroup var signing: SigningOptions

    func run() throws {
        let path = try journalOptions.path()
        let now = Clock.now()
        let (opened, caseFile) = try openCaseFile(path, create: false)
        let actor = try resolveUser(user)
        let tables = caseFile.exportTables(includeVictims: includeVictims)
        let destination = URL(fileURLWithPath: out).standardizedFileURL.path
        let record = ExportRecord(
            id: "EXP-" + now.iso8601.filter { $0.isNumber || $0 == "T" } + "-\(opened.journal.lastSequence + 1)", format: format.rawValue, destination: destination,
            tables: tables.map(\.name), records: tables.reduce(0) { $0 + $1.rows.count }, includesVictims: includeVictims,
            restricted: tables.contains { $0.handlings.contains(where: \.isRestricted) }, recipient: recipient, reason: reason)
        // The export is recorded first, so no export leaves without a trace.
        try commit(.exportMade(record), to: opened.journal, over: caseFile, by: actor, at: now, signing: signing, or: "not exported")
        do {
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            switch format {
            case .csv:
                for table in tables {
                    let text = ([CSV.line(table.header)] + table.rows.map(CSV.line)).joined()
                    try write(text, to: destination + "/\(table.name).csv")
                }
            case .json:
                try write(json(tables, journal: opened.journal.header.id, by: actor, at: now), to: destination + "/tandem-export.json")
            }
        } catch {
            throw Failure(message: "the export was recorded in the journal (\(record.id)) but writing it failed: \(error.localizedDescription)", code: 1)
        }
        printWrapped("Exported \(NumberText.count(record.records, "record", "records")) (\(record.tables.joined(separator: ", "))) to \(destination); recorded as \(record.id).")
    }

    private func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Failure(message: "could not write \(path)", code: 1)
        }
    }

    private func json(_ tables: [ExportTable], journal: String, by actor: String, at now: Timestamp) -> String {
        let value = JSONValue.object([
            JSONField("journal", .string(journal)), JSONField("exported", .string(now.iso8601)), JSONField("by", .string(actor)),
            JSONField("tables", .object(tables.map { table in
                JSONField(table.name, .array(table.rows.map { row in
                    .object(zip(table.header, row).map { JSONField($0.0, .string($0.1)) })
                }))
            })),
        ])
        return value.text + "\n"
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add records from a spreadsheet (CSV with a header row) in one commit.",
        discussion: """
            On any bad row, every problem is listed as 'line N, column X: reason' and nothing is imported. \
            A row past its first status (the export's status, sent, acknowledged, answered, answer, revised due, \
            chases and last chased columns) is imported with its history: each step an event, dated as the row gives it. \
            A date or time written without a zone (2015-10-05, 2015-10-05 14:00) is read where you are (--tz); \
            an export's times carry theirs (2015-10-05T07:00:00Z).
            """
    )

    @Option(help: ArgumentHelp("The CSV file.", valueName: "file")) var csv: String
    @Option(help: ArgumentHelp("What the rows are: \(SpreadsheetImport.Kind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var kind: SpreadsheetImport.Kind
    @OptionGroup var journalOptions: JournalOptions
    @Option(help: ArgumentHelp("Who you are (default: $TANDEM_USER or $USER).", valueName: "name")) var user: String?
    @Option(help: ArgumentHelp("Why the rows' history is entered now: kept with each step dated more than 30 days back, which a supervisor enters (default: \"imported from FILE\").", valueName: "text"))
    var reason: String?
    @OptionGroup var signing: SigningOptions
    @OptionGroup var zoneOptions: ZoneOptions

    func run() throws {
        // An unknown zone is refused before anything is read or written.
        let zone = try zoneOptions.zone()
        let file = try MappedFile(path: csv)
        if let bad = UTF8Text.firstInvalid(in: file.bytes) {
            throw Failure(message: "\(csv) is not UTF-8 text (line \(bad.line), byte offset \(bad.offset)); save the spreadsheet as CSV UTF-8.", code: 1)
        }
        let path = try journalOptions.path()
        try journalOptions.checkExists(path)
        // Into a journal that does not exist yet, the import makes the whole
        // journal beside it and gives it its name at the end; otherwise it is
        // appended in one commit.
        let opened = FileManager.default.fileExists(atPath: path) ? try openCaseFile(path, create: false) : nil
        let actor = try resolveUser(user)
        if let journal = opened?.0.journal { try signing.sign(journal, as: actor, or: "not imported") }
        let now = Clock.now()
        let outcome: SpreadsheetImporter.Outcome
        do {
            // Ctrl-C (or SIGTERM) is noted rather than ending the process: while the rows are
            // checked it stops the import before anything is written; while the lines are
            // copied in it takes them back instead of leaving half of them.
            let interrupt = Interrupt.catching()
            defer { interrupt.release() }
            let checking = Progress(label: "Checking \(csv)")
            let importing = Progress(label: "Importing \(csv)")
            outcome = try SpreadsheetImporter.run(
                    csv: file.bytes, kind: kind, into: opened?.0.journal, caseFile: opened?.1 ?? CaseFile(), path: path, by: actor, at: now,
                    reason: reason ?? "imported from \((csv as NSString).lastPathComponent)", zone: zone, newJournalTime: Clock.now,
                    checking: { checking.show(lines: $0, of: $1) },
                    writing: { checking.finish(); importing.show(events: $0, of: $1) }, cancelled: { interrupt.happened })
            checking.finish()
            importing.finish()
            if outcome.created { printError("tandem: Created a new journal at \(path).") }
        } catch let problems as SpreadsheetImport.Problems {
            for problem in problems.all { printError("\(csv): \(problem)") }
            throw Failure(message: "nothing imported: \(NumberText.count(problems.all.count, "problem", "problems")) in \(csv).", code: 1)
        } catch let error as JournalError {
            throw Failure(message: error.description, code: 1)
        }
        let (saved, first, records) = (outcome.saved, outcome.first, outcome.records)
        let range = saved == 0 ? "" : saved == 1 ? " (journal record #\(first))" : " (journal records #\(first)–#\(first + saved - 1))"
        let steps = saved - records
        let history = steps > 0 ? ", with \(NumberText.count(steps, "dated step", "dated steps")) of \(records == 1 ? "its" : "their") history" : ""
        print("Imported \(NumberText.count(records, kind.oneRecord, kind.rawValue))\(history) from \(csv) in one commit\(range).")
    }
}

extension SpreadsheetImport.Kind: ExpressibleByArgument {}

/// SIGINT and SIGTERM noted instead of ending the process, while a step that
/// must not stop half-way runs; the step asks and stops cleanly.
final class Interrupt: Sendable {
    private static let noted = Atomic<Bool>(false)

    static func catching() -> Interrupt {
        noted.store(false, ordering: .relaxed)
        signal(SIGINT) { _ in Interrupt.noted.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in Interrupt.noted.store(true, ordering: .relaxed) }
        return Interrupt()
    }

    var happened: Bool { Interrupt.noted.load(ordering: .relaxed) }

    func release() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
