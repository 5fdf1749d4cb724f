import ArgumentParser
import TandemConsole
import TandemCore

/// A pane's list on standard output, filtered with the console's query language.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a pane's records, filtered as with / in the console (tab-separated).")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case networks, investigations, enquiries, referrals
        var pane: Pane {
            switch self {
            case .networks: .networks
            case .investigations: .investigations
            case .enquiries: .enquiries
            case .referrals: .referrals
            }
        }
    }

    @Argument(help: "networks, investigations, enquiries or referrals.")
    var kind: Kind

    @Option(help: ArgumentHelp("A filter such as 'status:sent to:THA overdue'.", valueName: "query"))
    var filter = ""

    @OptionGroup var journalOptions: JournalOptions

    @OptionGroup var zoneOptions: ZoneOptions

    func run() throws {
        let zone = try zoneOptions.zone()
        if let problem = ListText.filterProblem(filter, pane: kind.pane) {
            throw Failure(message: "--filter: \(problem).", code: 2)
        }
        let path = try journalOptions.path()
        var caseFile = CaseFile()
        try openForReading(path) { caseFile.apply($0.event) }
        // `mine` is who runs the command.
        let lines = ListText.lines(pane: kind.pane, caseFile: caseFile, now: Clock.now(), zone: zone, filter: filter, user: (try? resolveUser(nil)) ?? "")
        print(lines.map(outputText).joined(separator: "\n"))
    }
}
