import ArgumentParser
import TandemConsole
import TandemCore

/// A pane's list on standard output, filtered with the console's query language.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a pane's records, filtered as with / in the console (tab-separated; lined up on a terminal).")

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

    @OptionGroup var readOut: ReadOutOptions

    func run() throws {
        let zone = try zoneOptions.zone()
        if let problem = ListText.filterProblem(filter, pane: kind.pane) {
            throw Failure(message: "--filter: \(problem).", code: 2)
        }
        let path = try journalOptions.path()
        var caseFile = CaseFile()
        let opening = try openReplaying(path, create: false, readOnly: !readOut.mayRecordExport) { caseFile.apply($0.event) }
        defer { opening.journal.close() }
        keepUntilExit(caseFile)
        // `mine` is who runs the command; what they may not read is withheld.
        let reader = try readOut.reader(caseFile)
        let listing = ListText.listing(pane: kind.pane, caseFile: caseFile, now: Clock.now(), zone: zone, filter: filter, user: reader.name,
                                       withholding: { !reader.mayReadRestricted && caseFile.isRestricted($0) })
        try readOut.recordIfExported("list", records: listing.codes.count, includesVictims: false,
                                     restricted: listing.codes.contains(where: caseFile.isRestricted), journal: opening.journal,
                                     caseFile: caseFile, by: reader.name)
        // Line by line (standard output buffers them), not one string of every line. On a terminal
        // the columns are lined up and fitted to its width, as the pane's list (a tab was shown as "␉"); piped, tab-separated and whole.
        let lines = standardOutputIsTerminal ? ListText.onTerminal(listing.lines, pane: kind.pane, width: terminalColumns) : listing.lines
        for line in lines { print(outputText(line)) }
        if listing.withheld > 0 {
            printError("tandem: \(NumberText.count(listing.withheld, "record", "records")) marked H2, H3 or TLP:RED withheld: \(reader.name) is not on the roster.")
        }
    }
}
