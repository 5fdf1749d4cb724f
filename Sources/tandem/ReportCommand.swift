import ArgumentParser
import TandemCore
import TandemJournal

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The debrief statement of an operation, computed from the journal's dated records.",
        discussion: """
            The figures are as recorded up to a cut-off (--as-of; default now), the rule the Dashboard uses too: \
            outcomes, activities and enquiries dated inside the operation's period (each on its country's calendar) \
            count, and those recorded after the period's last day are also shown on a line of their own.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, json }

    @Option(help: ArgumentHelp("The operation's code, e.g. JPA-2015 (default: the config file's dashboard operation, else the one under way at the cut-off, as the Dashboard shows).", valueName: "code"))
    var operation: String?

    @OptionGroup var journalOptions: JournalOptions

    @Option(help: "markdown (a debrief annex) or json (stable, for scripts).")
    var format: Format = .markdown

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The cut-off: figures as recorded up to then (2015-10-28 is the end of that day, 2015-10-28 18:00 a moment; in your zone). Default: now.", valueName: "date"))
    var asOf: String?

    @OptionGroup var zoneOptions: ZoneOptions

    func run() throws {
        let path = try journalOptions.path()
        let config = Config.load()
        let zone = try zoneOptions.zone(config)
        let now = Clock.now()
        let cutOff: Timestamp
        do { cutOff = try asOf.map { try DateInput.parse($0, now: now, field: "--as-of", zone: zone) } ?? now } catch let refusal as Refusal {
            throw Failure(message: "\(refusal.field): \(refusal.reason).", code: 2)
        }
        // One pass over the kinds of event a statement is made from, none of them kept.
        var recording = Debrief.Recording(asOf: cutOff)
        try openForReading(path, onlyTypes: Debrief.eventTypes) { recording.take($0.event) }
        keepUntilExit(recording)
        let known = recording.caseFile.operations.all.map(\.code)
        // As the Dashboard picks it: the one named, else the settings', else the one under way.
        let named = operation ?? config.settings.dashboardOperation
        guard let code = named ?? recording.caseFile.currentOperation(on: zone.day(of: cutOff))?.code else {
            throw Failure(message: "\(path) holds no operation yet: a supervisor makes one with `tandem operation create`.", code: 1)
        }
        guard let debrief = recording.debrief(operation: code.uppercased(), zones: zone.rules) else {
            let source = operation == nil ? " (the config file's dashboard operation)" : ""
            throw Failure(message: "no operation \"\(code)\"\(source) in \(path)"
                + (known.isEmpty ? "." : "; it has: \(known.joined(separator: ", "))."), code: 1)
        }
        print(format == .markdown ? DebriefText.markdown(debrief, zone: zone) : DebriefText.json(debrief), terminator: "")
    }
}
