import ArgumentParser
import TandemCore
import TandemJournal
#if canImport(Glibc)
import Glibc
#endif

/// Who reads restricted records out of the journal, and why: `list` and `log`
/// (and `agenda`) show H2, H3 and TLP:RED records and victims only to officers on the roster
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
    /// `journal` and `caseFile` are what the command read: when it opened the
    /// journal for writing (see `mayRecordExport`), the record is made through
    /// it; otherwise the journal is opened again to make it.
    func recordIfExported(_ what: String, records: Int, includesVictims: Bool, restricted: Bool, journal: Journal, caseFile: CaseFile,
                          by actor: String) throws {
        guard restricted || includesVictims, !standardOutputIsTerminal else { return }
        guard let reason, !reason.trimmingWhitespace.isEmpty else {
            throw Failure(message: "the \(what) holds records marked H2, H3 or TLP:RED or victims' details and is not going to a terminal: "
                          + "give --reason (it is recorded as an export), or read it on a terminal.", code: 2)
        }
        var opened: (journal: Journal, caseFile: CaseFile) = (journal, caseFile)
        if !journal.isWritable {
            let (again, replayed) = try openCaseFile(journal.path, create: false)
            opened = (again.journal, replayed)
        }
        defer { if opened.journal !== journal { opened.journal.close() } }
        let now = Clock.now()
        let record = ExportRecord(
            id: "EXP-" + now.iso8601.filter { $0.isNumber || $0 == "T" } + "-\(opened.journal.lastSequence + 1)", format: what,
            destination: "standard output", tables: [what], records: records, includesVictims: includesVictims, restricted: restricted,
            recipient: recipient ?? "", reason: reason)
        try commit(.exportMade(record), to: opened.journal, over: opened.caseFile, by: actor, at: now, signing: signing, or: "not written")
        printError("tandem: recorded as export \(record.id).")
    }

    /// Whether what the command writes may have to be recorded as an export: a
    /// reason is given and it goes to no terminal. The command then opens the
    /// journal for writing from the start, and reads it once rather than twice
    /// (a journal of a million events takes seconds and hundreds of MB to read).
    var mayRecordExport: Bool { !(reason?.trimmingWhitespace.isEmpty ?? true) && !standardOutputIsTerminal }
}
