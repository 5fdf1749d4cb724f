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
        let opened = try openForReading(path)
        guard let debrief = Debrief(operation: operation.uppercased(), events: opened.records.map(\.event)) else {
            let known = CaseFile(replaying: opened.records.map(\.event)).operations.all.map(\.code)
            throw Failure(message: "no operation \"\(operation)\" in \(path)"
                + (known.isEmpty ? "." : "; it has: \(known.joined(separator: ", "))."), code: 1)
        }
        print(format == .markdown ? DebriefText.markdown(debrief) : DebriefText.json(debrief), terminator: "")
    }
}
