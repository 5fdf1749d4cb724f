import ArgumentParser
import TandemConsole
import TandemCore
import TandemJournal
import TandemSample
import TandemShared
#if canImport(Glibc)
import Glibc
#endif

@main
struct Tandem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "A console for joint operations against people-smuggling and trafficking networks.",
        discussion: """
        Networks, joint investigations, bilateral enquiries and INTERPOL NCB referrals, kept in a \
        hash-chained journal. With no subcommand, opens the console.
        """,
        version: TandemVersion.current,
        subcommands: [OpenConsole.self, Verify.self, Sync.self, SharedCommand.self, Repair.self, Log.self, Report.self, AgendaCommand.self, ConfigCommand.self, KeyCommand.self, CheckpointCommand.self, UserCommand.self, AgencyCommand.self, FocalPointCommand.self, OperationCommand.self, Export.self, Import.self, WriteSampleData.self, List.self, Generate.self],
        defaultSubcommand: OpenConsole.self
    )

    /// Like ArgumentParser's own `main`, but a `Failure` prints its one
    /// sentence (no "Error:" prefix, no usage) and exits with its own code.
    static func main() {
        let commands = configuration.subcommands.map { $0._commandName }
        if let unknown = UnknownCommand.message(for: Array(CommandLine.arguments.dropFirst()), commands: commands) {
            printError("tandem: \(unknown).")
            Glibc.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as Failure {
            printError("tandem: \(failure.message)")
            Glibc.exit(failure.code)
        } catch {
            // Usage errors exit 2, as the conventions say (ArgumentParser would use 64).
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError(fullMessage(for: error))
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// The zone an officer types and reads times in.
struct ZoneOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Your time zone, for times typed and shown (default: $TZ, else the config file's time-zone, else the system's).", valueName: "zone"))
    var tz: String?

    func zone(_ config: Config.Loaded? = nil) throws -> OfficerZone {
        try SystemZones.officerZone(flag: tz, settings: (config ?? Config.load()).settings)
    }
}

/// Options shared by every command that reads a journal.
struct JournalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The journal to open.", valueName: "path"))
    var journal: String?

    @Flag(help: "Make a new journal at --journal's path if there is none (without it, a mistyped path is refused).")
    var create = false

    /// Whether a missing journal may be made: always for the default journal, and for --journal with --create.
    var mayCreate: Bool { journal == nil || create }

    /// Refuses a --journal path where there is no journal, unless --create says to make one.
    func checkExists(_ path: String) throws {
        guard !mayCreate else { return }
        var info = stat()
        if lstat(path, &info) != 0 && errno == ENOENT {
            throw Failure(message: "there is no journal at \(path); check the path, or give --create to make a new journal there.", code: 2)
        }
    }

    /// `--journal`, else `$XDG_DATA_HOME/tandem/journal.jsonl` (default `~/.local/share/tandem/`).
    func path() throws -> String {
        if let journal { return journal }
        let env = Environment()
        if let data = env["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/tandem/journal.jsonl" }
        guard let home = env["HOME"], !home.isEmpty else {
            throw ValidationError("HOME is not set: give the journal's place with --journal PATH.")
        }
        return home + "/.local/share/tandem/journal.jsonl"
    }
}

struct OpenConsole: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open the console (the default).")

    @Flag(help: "Open the console on a scratch copy of the sample data (the 2015 Joint Period of Action).")
    var demo = false

    @OptionGroup var journalOptions: JournalOptions

    @OptionGroup var sharedOptions: SharedOptions

    @Option(help: ArgumentHelp("Who you are: every change is recorded under this name (default: $TANDEM_USER or $USER; with --demo, the sample's supervisor).", valueName: "name"))
    var user: String?

    @Flag(help: "Open the journal read-only: look, change nothing.")
    var readOnly = false

    @OptionGroup var zoneOptions: ZoneOptions

    @OptionGroup var keysOptions: KeysOptions

    @Option(help: ArgumentHelp("A file whose first line is your key's passphrase (default: a terminal asks).", valueName: "file"))
    var passphraseFile: String?

    @Flag(inversion: .prefixedNo, help: "Take clicks and the wheel (--no-mouse leaves them to the terminal, for selecting text; default: the config file's mouse, else yes).")
    var mouse: Bool?

    func validate() throws {
        if demo && sharedOptions.shared != nil {
            throw ValidationError("--demo and --shared cannot be used together: --demo opens a scratch copy of the sample data.")
        }
        if demo && journalOptions.journal != nil {
            throw ValidationError("--demo and --journal cannot be used together: --demo opens a scratch copy of the sample data.")
        }
    }

    func run() throws {
        if let problem = ConsoleRunner.terminalProblem() { throw Failure(message: problem, code: 2) }
        let now = Clock.now()
        // With a shared journal, --journal names this laptop's copy of it (made from the server when there is none).
        let sharedAddress = demo ? nil : try sharedOptions.address()
        let link = sharedAddress.map { SharedLink(address: $0) }
        let path: String
        if let sharedAddress, let link {
            path = try SharedOptions.cachePath(journalOptions, for: sharedAddress)
            try prepareSharedCache(at: path, link: link)
        } else {
            path = demo ? try DemoJournal.prepare(now: now) : try journalOptions.path()
            if !demo { try journalOptions.checkExists(path) }
        }
        // Notices are shown on the status bar, not printed under the console.
        // A shared journal's copy opened read-only still follows the server (it takes the server's lines, and
        // the console saves nothing): the copy is opened to write, the store to look only.
        let opened = try openWithSnapshot(path, create: true, readOnly: readOnly && link == nil)
        // On a shared journal, what this copy lacks is read before the officer's key is opened (the roster
        // that says whose key signs may be in it); offline, the copy opens as it is and catches up later.
        let shared = link.map { SharedJournal(cache: opened.journal, link: $0, now: Clock.now) }
        if readOnly { shared?.viewOnlyReason = "opened with --read-only" }
        defer { shared?.close() }
        var caseFile = opened.caseFile
        if let shared, let arrived = try? shared.catchUp(deferringSignatures: true) { for record in arrived { caseFile.apply(record.event) } }
        // The config file (made, commented, on the first opening), read once for who you are and the settings.
        let config = Config.load(create: true)
        let who = demo && user == nil ? SampleScenario.demoUser : try resolveUser(user, config: config)
        // Once the roster holds keys, an officer writes only with the key it holds for them (asked for
        // before the screen is taken). The demo's officers sign with the sample keys.
        var keyProblem: String?
        if demo, let key = SampleJournal.signers[who] {
            opened.journal.signers = [who: key]
        } else if !readOnly {
            switch KeyGate.open(for: who, roster: opened.journal.roster, folder: try keysOptions.folder(config).folder,
                                passphrase: { try passphraseFile.map(Passphrase.fromFile) ?? Passphrase.ask("Passphrase for \(who)'s key: ") }) {
            case .success(let key): if let key { opened.journal.signers = [who: key] }
            case .failure(let refusal): keyProblem = "read-only: " + refusal.description
            }
        }
        if let keyProblem { opened.journal.stopWriting(keyProblem) }
        var state = ConsoleState(caseFile: caseFile, width: 80, height: 24, now: now, user: who, journalPath: path)
        if !opened.notices.isEmpty { state.message = .info(opened.notices.joined(separator: " ")) }
        state.plainASCII = Environment().wantsPlainASCII
        // A bad config file leaves the defaults in force, and says so.
        var settings = config.settings
        if let mouse {
            settings.mouse = mouse
            settings.sources["mouse"] = .flag
        }
        state.zone = try zoneOptions.zone(config)
        do { try state.apply(settings) } catch {
            state.message = .error("config.toml \(error.description) — default settings in force (tandem config show).")
        }
        if let notice = Config.notice(config) { state.message = .error(notice) }
        if let keyProblem { state.message = .error(keyProblem) }
        state.offerRosterIfNone()
        // A journal behind the newest checkpoint this officer has seen of it is named at once. Not the
        // demo's: each is a fresh copy of the sample, whose id every copy of the sample shares.
        if !demo, let warning = RememberedCheckpoints.warning(for: path, journalID: opened.journal.header.id, zone: state.zone) {
            state.message = .error(warning)
            state.stack.removeAll()
        }
        let session = ConsoleSession(state: state, store: shared ?? opened.journal, clock: Clock.now, inBackground: true)
        let code: Int32
        do { code = try ConsoleRunner.run(session) { opened.journal.startDeferredWork() } } catch {
            throw Failure(message: error.description, code: 2)
        }
        // A snapshot being saved is given a moment to finish; a signal does not wait.
        if code == 0 { opened.journal.finishDeferredWork(waitingAtMost: 5) }
        if demo { print("The demo journal is kept at \(path); the sample officers' keys are beside it in keys/.") }
        if code != 0 { throw ExitCode(code) }
    }
}

struct WriteSampleData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-data",
        abstract: "Write the sample scenario (2015 Joint Period of Action) as a new journal."
    )

    @Option(help: ArgumentHelp("Where to write it; the file must not exist yet.", valueName: "path"))
    var out: String

    @Option(help: ArgumentHelp("Where to write the sample officers' keys (default: a keys folder beside the journal).", valueName: "dir"))
    var keysOut: String?

    func run() throws {
        try SampleJournal.write(to: out)
        let keys = keysOut ?? (out.contains("/") ? String(out[..<out.lastIndex(of: "/")!]) : ".") + "/keys"
        try SampleJournal.writeKeys(into: keys)
        printWrapped("Wrote \(SampleScenario.events().count) events to \(out), each signed by its officer; their keys (for the demo only) are in \(keys).")
    }
}

/// An error that prints one sentence and exits with a given code.
struct Failure: Error, CustomStringConvertible {
    var message: String
    var code: Int32
    var description: String { message }
}
