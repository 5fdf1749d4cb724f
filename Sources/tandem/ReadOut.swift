import ArgumentParser
import TandemCore
import TandemJournal
#if canImport(Glibc)
import Glibc
#endif

/// Who reads restricted records out of the journal, and why: `list` and `log`
/// show H2, H3 and TLP:RED records and victims only to officers on the roster
/// (on a journal with one); sent anywhere but a terminal, such output is an
/// export: it needs a reason and is recorded as `export.made` before it is written.
struct ReadOutOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Who you are (default: $TANDEM_USER or $USER).", valueName: "name")) var user: String?
    @Option(help: ArgumentHelp("Why records marked H2, H3 or TLP:RED, or victims, are written out anywhere but a terminal (recorded as an export).", valueName: "text"))
    var reason: String?
    @Option(name: .customLong("for"), help: ArgumentHelp("Who the output is for, when it is recorded as an export.", valueName: "who"))
    var recipient: String?
    @OptionGroup var signing: SigningOptions

    /// The officer reading, and whether they may see restricted records.
    func reader(_ caseFile: CaseFile) throws -> (name: String, mayReadRestricted: Bool) {
        let name = try resolveUser(user)
        return (name, caseFile.mayReadRestricted(name))
    }

    /// Before restricted output leaves for a file or a pipe: refused without a reason,
    /// else recorded in the journal as an export (who, when, what, where, for whom, why).
    func recordIfExported(_ what: String, records: Int, includesVictims: Bool, restricted: Bool, journalPath: String,
                          by actor: String) throws {
        guard restricted || includesVictims, isatty(STDOUT_FILENO) != 1 else { return }
        guard let reason, !reason.trimmingWhitespace.isEmpty else {
            throw Failure(message: "the \(what) holds records marked H2, H3 or TLP:RED or victims' details and is not going to a terminal: "
                          + "give --reason (it is recorded as an export), or read it on a terminal.", code: 2)
        }
        let (opened, caseFile) = try openCaseFile(journalPath, create: false)
        defer { opened.journal.close() }
        let now = Clock.now()
        let record = ExportRecord(
            id: "EXP-" + now.iso8601.filter { $0.isNumber || $0 == "T" } + "-\(opened.journal.lastSequence + 1)", format: what,
            destination: "standard output", tables: [what], records: records, includesVictims: includesVictims, restricted: restricted,
            recipient: recipient ?? "", reason: reason)
        try commit(.exportMade(record), to: opened.journal, over: caseFile, by: actor, at: now, signing: signing, or: "not written")
        printError("tandem: recorded as export \(record.id).")
    }
}
