import ArgumentParser
import TandemCore
import TandemJournal

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The debrief statement of an operation, computed from the journal's dated records.",
        discussion: "Only outcomes, activities and enquiries dated inside the operation's period count."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, json }

    @Option(help: ArgumentHelp("The operation's code, e.g. JPA-2015.", valueName: "code"))
    var operation: String

    @OptionGroup var journalOptions: JournalOptions

    @Option(help: "markdown (a debrief annex) or json (stable, for scripts).")
    var format: Format = .markdown

    func run() throws {
        let path = try journalOptions.path()
        // One pass: the case file as it stands, and as it stood at the end of
        // the operation's period (a copy taken when the first event after it arrives).
        let code = operation.uppercased()
        var all = CaseFile()
        var atEnd: CaseFile?
        // Kept apart from `atEnd`: asking an optional case file whether it is
        // nil, once an event, copied it each time.
        var tookAtEnd = false
        var periodEnd: Timestamp?
        var needsSecondPass = false
        try openForReading(path, onlyTypes: Debrief.eventTypes) { record in
            if let end = periodEnd {
                if !tookAtEnd, record.event.time > end {
                    atEnd = all
                    tookAtEnd = true
                }
                // An event dated inside the period after one dated past it: the copy missed it.
                else if tookAtEnd, record.event.time <= end { needsSecondPass = true }
            }
            all.apply(record.event)
            if periodEnd == nil, let operation = all.operations[code] {
                periodEnd = Timestamp(operation.end, hour: 23, minute: 59, second: 59)
                // Recorded after its own period ended: the events before it need a second look.
                if record.event.time > periodEnd! { needsSecondPass = true }
            }
        }
        if needsSecondPass, let end = periodEnd {
            var replay = CaseFile()
            try openForReading(path, onlyTypes: Debrief.eventTypes) { if $0.event.time <= end { replay.apply($0.event) } }
            atEnd = replay
        }
        guard let operationRecord = all.operations[code] else {
            let known = all.operations.all.map(\.code)
            throw Failure(message: "no operation \"\(operation)\" in \(path)"
                + (known.isEmpty ? "." : "; it has: \(known.joined(separator: ", "))."), code: 1)
        }
        let debrief = Debrief(operation: operationRecord, atEnd: atEnd ?? all, now: all)
        print(format == .markdown ? DebriefText.markdown(debrief) : DebriefText.json(debrief), terminator: "")
    }
}
