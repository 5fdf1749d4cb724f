import ArgumentParser
import TandemCore
import TandemJournal

/// What waits for an officer today, for a login script or cron: quiet (and
/// exit 0) when nothing is due.
struct AgendaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "What waits for you: enquiries overdue, due soon or to approve, late action items, referrals awaiting a hit report.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: ArgumentHelp("How far ahead to look for what falls due: 48h, 7d, 2w.", valueName: "time"))
    var within = "48h"

    @Option(help: ArgumentHelp("The agenda as it stood at this time (2015-10-20 09:00 in your zone, or ISO 8601); default now.", valueName: "time"))
    var at: String?

    @Option(help: "text (one line an item, wrapped to the width of a terminal) or json (for scripts).")
    var format: Format = .text

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var zoneOptions: ZoneOptions
    /// Whose agenda, and, when it names restricted records and goes anywhere but a terminal, why (see `ReadOutOptions`).
    @OptionGroup var readOut: ReadOutOptions

    func run() throws {
        guard let seconds = DateInput.duration(within) else {
            throw Failure(message: "--within: \"\(outputText(within))\" is not a length of time such as 48h, 7d or 2w.", code: 2)
        }
        let zone = try zoneOptions.zone()
        let now: Timestamp
        if let at {
            do { now = try DateInput.parse(at, now: Clock.now(), field: "--at", zone: zone) } catch {
                throw Failure(message: "\(error.field): \(error.reason).", code: 2)
            }
        } else {
            now = Clock.now()
        }
        let path = try journalOptions.path()
        var caseFile = CaseFile()
        // At --at, the agenda as it stood then: the events recorded by then (a chase made the next day is not
        // yet made). Who may read it, and what is restricted, are as they stand now, in the whole case file.
        // The two are one case file up to the first event after --at, then share what the later events leave alone.
        var asItStood: CaseFile?
        let opening = try openReplaying(path, create: false, readOnly: !readOut.mayRecordExport) { record in
            if at != nil, asItStood == nil, record.event.time > now { asItStood = caseFile }
            caseFile.apply(record.event)
            if record.event.time <= now { asItStood?.apply(record.event) }
        }
        defer { opening.journal.close() }
        keepUntilExit(caseFile)
        keepUntilExit(asItStood)
        // The subjects of H2, H3 and TLP:RED records are read out as `list` reads them: only to officers on
        // the roster, and to anywhere but a terminal (cron's mail) only with a reason, recorded as an export.
        let reader = try readOut.reader(caseFile)
        let name = reader.name
        var items = Agenda.items(asItStood ?? caseFile, user: name, now: now, within: seconds, zone: zone)
        let withheld = reader.mayReadRestricted ? 0 : items.count { caseFile.isRestricted($0.code) }
        if withheld > 0 { items.removeAll { caseFile.isRestricted($0.code) } }
        try readOut.recordIfExported("agenda", records: Set(items.map(\.code)).count, includesVictims: false,
                                     restricted: items.contains { caseFile.isRestricted($0.code) }, journal: opening.journal,
                                     caseFile: caseFile, by: name)
        defer {
            if withheld > 0 { printError("tandem: \(NumberText.count(withheld, "item", "items")) about records marked H2, H3 or TLP:RED withheld: \(name) is not on the roster.") }
        }
        switch format {
        case .text:
            let width = items.map { $0.code.count }.max() ?? 0
            for item in items {
                // On a terminal, an item longer than a line goes on under its text, not under its kind.
                printLabelled("\(item.kind.label.padding(toLength: 12)) \(item.code.padding(toLength: width))  ", item.text)
            }
        case .json:
            let list = JSONValue.array(items.map { item in
                .object([
                    JSONField("kind", .string(item.kind.rawValue)), JSONField("code", .string(item.code)),
                    JSONField("due", item.due.map { .string($0.iso8601) } ?? .null), JSONField("text", .string(item.text)),
                ])
            })
            print(JSONValue.object([JSONField("user", .string(name)), JSONField("at", .string(now.iso8601)),
                                    JSONField("items", list)]).text)
        }
    }
}

extension String {
    /// The text followed by spaces up to `length` characters.
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
