import Foundation
import ArgumentParser
import TandemCore
import TandemJournal
import TandemShared
import TandemSample
#if canImport(Glibc)
import Glibc
#endif

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every line of the journal, its hash chain, and every signature.",
        discussion: "Each commit's signature is checked against the key the roster held at that point, and each change against its actor's role then. Exits 0 when the journal is intact, 1 naming the first bad record (sequence number and byte offset) otherwise."
    )

    @OptionGroup var journalOptions: JournalOptions

    @Option(help: ArgumentHelp("A checkpoint (tandem checkpoint) the journal must hold: exits 1 when it is shorter, differs at its record, or is another journal.", valueName: "file"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("Verify the unit's shared journal on this server instead (postgres://USER@HOST:PORT/DATABASE): its chain, every signature and role, and that its rows and head agree with its lines.", valueName: "url"))
    var shared: String?

    @OptionGroup var zoneOptions: ZoneOptions

    func run() throws {
        if shared != nil { return try verifyShared() }
        let path = try journalOptions.path()
        let report = try Self.verified(path)
        if let problem = report.firstProblem {
            printWrapped("\(path): DAMAGED at record \(problem.sequence) (byte offset \(problem.offset)): \(problem.reason). "
                  + "The \(NumberText.count(report.goodRecords, "record before it verifies", "records before it verify")).")
        }
        if let problem = report.signatureProblem {
            printWrapped("\(path): NOT TRUSTWORTHY from record \(problem.sequence) (byte offset \(problem.offset)): \(problem.reason).")
        }
        if let pending = report.pending { printWrapped("\(path): NOT WHOLE: \(pending)") }
        if let snapshot = report.snapshotProblem { printWrapped("\(path): NOT WHOLE: \(snapshot).") }
        if !report.isIntact { throw ExitCode(1) }
        let signatures = report.signedCommits == 0 ? "no signatures (the roster holds no keys)"
            : "\(NumberText.count(report.signedCommits, "signature", "signatures")) and every role verified"
        printWrapped("\(path): intact: \(NumberText.count(report.goodRecords, "record", "records")), \(NumberText.count(report.bytes, "byte", "bytes")), chain and \(signatures) (journal \(report.header.id), last hash \(report.lastHash.prefix(16))…).")
        if let checkpoint { try Verify.check(path, against: checkpoint, header: report.header, zone: try zoneOptions.zone()) }
    }

    /// Verifies the journal at `path`, showing progress on a terminal.
    static func verified(_ path: String) throws -> VerifyReport {
        let progress = Progress(label: "verifying")
        defer { progress.finish() }
        do {
            return try Journal.verify(at: path) { done, total in progress.show(done, of: total) }
        } catch {
            throw Failure(message: error.description, code: 1)
        }
    }

    /// Copies the server's journal whole to a private temporary file and verifies that.
    private func verifyShared() throws {
        let address = try SharedOptions.address(shared ?? "")
        var template = Array("/tmp/tandem-verify-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure(message: "could not make a temporary folder: \(String(cString: strerror(errno)))", code: 1) }
        let folder = String(cString: made)
        defer { _ = unlink(folder + "/journal.jsonl"); _ = rmdir(folder) }
        let copyPath = folder + "/journal.jsonl"
        let fetching = Progress(label: "fetching")
        let copied: SharedCopy.Copied
        do {
            copied = try SharedCopy.copy(from: SharedLink(address: address), to: copyPath) { fetching.show(events: $0, of: $1) }
        } catch {
            fetching.finish()
            throw Failure(message: "\(error)", code: 1)
        }
        fetching.finish()
        let report = try Self.verified(copyPath)
        let name = "\(address)"
        if let problem = report.firstProblem {
            printWrapped("\(name): DAMAGED at record \(problem.sequence): \(problem.reason). The \(NumberText.count(report.goodRecords, "record before it verifies", "records before it verify")).")
        }
        if let problem = report.signatureProblem {
            printWrapped("\(name): NOT TRUSTWORTHY from record \(problem.sequence): \(problem.reason).")
        }
        for problem in copied.problems { printWrapped("\(name): NOT WHOLE: \(problem).") }
        if !report.isIntact || !copied.problems.isEmpty { throw ExitCode(1) }
        let signatures = report.signedCommits == 0 ? "no signatures (the roster holds no keys)"
            : "\(NumberText.count(report.signedCommits, "signature", "signatures")) and every role verified"
        printWrapped("\(name): intact: \(NumberText.count(report.goodRecords, "record", "records")), chain and \(signatures), head at record \(copied.head.sequence) (journal \(copied.journalID), last hash \(report.lastHash.prefix(16))…).")
    }
}

struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a damaged journal writable again, setting aside (never deleting) everything after its last good record.",
        discussion: """
        Keeps the bytes after the last good record in a side file (JOURNAL.repaired-<time>), cuts the journal there, and \
        records a journal.repaired event naming the side file and the SHA-256 of what it holds. A supervisor's task \
        (anyone's on a journal with no roster). Asks before it cuts, unless --yes.
        """
    )

    @OptionGroup var journalOptions: JournalOptions
    @Option(help: ArgumentHelp("Who you are (default: $TANDEM_USER or $USER).", valueName: "name")) var user: String?
    @Flag(help: "Repair without asking.") var yes = false
    @OptionGroup var signing: SigningOptions

    func run() throws {
        let actor = try resolveUser(user)
        let path = try journalOptions.path()
        let plan: RepairPlan
        do {
            guard let found = try Journal.repairPlan(at: path) else {
                printWrapped("\(path): nothing to repair: every record verifies and nothing committed is missing.")
                return
            }
            plan = found
        } catch {
            throw Failure(message: error.description, code: 1)
        }
        printWrapped("\(path): \(plan.problem).")
        printWrapped("Repair keeps the \(NumberText.count(plan.keptRecords, "good record", "good records")), sets aside the \(NumberText.count(plan.bytes, "byte", "bytes")) after them in a side file, cuts the journal there and records the repair.")
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw Failure(message: "not repaired: give --yes to repair without being asked.", code: 2)
            }
            print("Repair the journal? Type yes to go ahead: ", terminator: "")
            guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                printWrapped("Not repaired; the journal is unchanged.")
                return
            }
        }
        do {
            // Signed by the supervisor who makes it, with the key the roster holds for them where it is cut.
            let signer = { (roster: KeyRoster) in try signing.key(for: actor, roster: roster, or: "not repaired") }
            guard let repair = try Journal.repair(at: path, actor: actor, signer: signer, now: Clock.now) else {
                printWrapped("\(path): nothing to repair any more.")
                return
            }
            printWrapped("Repaired \(path): \(NumberText.count(repair.bytes, "byte", "bytes")) from record \(repair.fromSequence) on are kept in \(repair.setAside) (SHA-256 \(repair.sha256)); the journal is writable again.")
        } catch let refusal as Refusal {
            throw Failure(message: "not repaired: \(refusal.field): \(refusal.reason).", code: 1)
        } catch let error as JournalError {
            throw Failure(message: "not repaired: \(error.description)", code: 1)
        }
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the journal's events, oldest first.")

    @OptionGroup var journalOptions: JournalOptions

    @Option(help: ArgumentHelp("Only the events about this record (a code or reference).", valueName: "code"))
    var entity: String?

    @OptionGroup var zoneOptions: ZoneOptions

    @OptionGroup var readOut: ReadOutOptions

    func run() throws {
        let path = try journalOptions.path()
        let zone = try zoneOptions.zone()
        let wanted = entity?.uppercased()
        func about(_ e: Event) -> Bool { wanted == nil || e.change.entity.uppercased() == wanted }
        // A first pass finds what the log would hold that is restricted, so that it is
        // recorded as an export (or refused) before a line of it is written.
        var all = CaseFile()
        var entities = Set<String>()
        let opening = try openReplaying(path, create: false, readOnly: !readOut.mayRecordExport) { record in
            all.apply(record.event)
            if about(record.event) { entities.insert(record.event.change.entity) }
        }
        defer { opening.journal.close() }
        let reader = try readOut.reader(all)
        // Whether a record is restricted is its handling now, known once the whole journal is read.
        let restricted = entities.filter(all.isRestricted)
        if reader.mayReadRestricted {
            try readOut.recordIfExported("log", records: restricted.count, includesVictims: restricted.contains(where: all.victims.contains),
                                         restricted: !restricted.isEmpty, journal: opening.journal, caseFile: all, by: reader.name)
        }
        var shown = 0
        let columns = terminalColumns
        // Replayed as it goes, so an edit is described against the record as it then stood.
        var replay = CaseFile()
        try openForReading(path) { record in
            let e = record.event
            defer { replay.apply(e) }
            guard about(e) else { return }
            // What someone off the roster may not read is named, not told.
            let withheld = reader.mayReadRestricted ? nil : all.restriction(of: e.change.entity)
            let summary = withheld.map { "(withheld: \($0.description); \(reader.name) is not on the roster)" } ?? replay.summary(of: e, in: zone)
            // Both times when they differ: when it was recorded, and when it happened.
            let happened = e.at.map { "  (happened \(zone.minuteText($0)))" } ?? ""
            // On a terminal a long entry goes on two columns in, broken between words.
            for line in indentedLines("#\(record.sequence)  \(zone.minuteText(e.time))  \(e.actor)  \(e.change.type)  \(e.change.entity)  \(summary)\(happened)",
                                      columns: columns) {
                print(outputText(line))
            }
            shown += 1
        }
        if let entity, shown == 0 { throw Failure(message: "no events about \"\(entity)\" in \(path).", code: 1) }
    }
}

/// A progress line on standard error, shown only when it is a terminal.
/// Shown from one thread at a time (a command waits for the work it follows, on the shared journal's too).
final class Progress: @unchecked Sendable {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private var lastPercent = -1
    private var shown = false

    init(label: String) { self.label = label }

    /// Progress in bytes, shown for more than 16 MiB.
    func show(_ done: Int, of total: Int) {
        guard total > 1 << 24 else { return }
        show(percent: done * 100 / total, "\(done >> 20) of \(total >> 20) MiB")
    }

    /// Progress counted in events, shown for 50,000 or more.
    func show(events done: Int, of total: Int) {
        guard total >= 50_000 else { return }
        show(percent: done * 100 / total, "\(done) of \(total) events")
    }

    /// Progress counted in lines of a file, shown for 50,000 or more.
    func show(lines done: Int, of total: Int) {
        guard total >= 50_000 else { return }
        show(percent: done * 100 / total, "line \(done) of \(total)")
    }

    private func show(percent: Int, _ amount: String) {
        guard enabled, percent != lastPercent else { return }
        lastPercent = percent
        shown = true
        let line = "\r\(label): \(percent)% (\(amount))"
        _ = Array(line.utf8).withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    func finish() {
        guard shown else { return }
        shown = false
        let clear = "\r\u{1B}[K"
        _ = Array(clear.utf8).withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}

/// Writes a made-up journal of realistic casework, for benchmarks and trials:
/// the same seed and size give the same bytes.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic journal of realistic casework (for benchmarks; never real data).")

    @Option(help: "How many events to write.")
    var events: Int

    @Option(help: "The seed: the same seed and size give the same journal, byte for byte.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Where to write it (a new file).", valueName: "path"))
    var out: String

    @Flag(help: "Leave the commits unsigned (a roster without keys, as journals made before keys were).")
    var unsigned = false

    func validate() throws {
        guard events >= 1 else { throw ValidationError("--events must be at least 1.") }
    }

    func run() throws {
        let progress = Progress(label: "Writing \(out)")
        // Each made-up officer signs their commits with a key derived from the seed, kept in OUT.keys/.
        let seed = seed
        let keys = unsigned ? [:] : Dictionary(uniqueKeysWithValues: SyntheticCasework.officers.map { name in
            (name, OfficerKey(user: name, privateKey: SampleKeys.privateKey(for: "synthetic-\(seed)-\(name)")))
        })
        do {
            let created = Timestamp(Day(iso8601: "2015-01-05")!)
            let opened = try Journal.create(at: out, id: "synthetic-\(seed)-\(events)", now: { created })
            let roster = keys.mapValues(\.publicText)
            var casework = SyntheticCasework(seed: seed) { roster[$0] }
            opened.journal.signers = keys
            let stream = (0..<events).lazy.map { _ in casework.next()! }
            try opened.journal.appendMany(stream) { progress.show(events: $0, of: events) }
            progress.finish()
            if !keys.isEmpty {
                let folder = KeyFolder(path: out + ".keys")
                for key in keys.values { _ = try folder.save(key, passphrase: nil) }
            }
        } catch {
            progress.finish()
            throw Failure(message: "\(error)", code: 1)
        }
        printWrapped("Wrote \(NumberText.count(events, "event", "events")) to \(out)\(keys.isEmpty ? "" : ", each commit signed; the made-up officers' keys are in \(out).keys").")
    }
}
