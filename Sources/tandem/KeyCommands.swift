import ArgumentParser
import TandemConsole
import TandemCore
import TandemJournal
#if canImport(Glibc)
import Glibc
#endif

/// Where officers' keys are kept: `--keys`, else `$TANDEM_KEYS`, else the config
/// file's `keys`, else `$XDG_CONFIG_HOME/tandem/keys` (`~/.config/tandem/keys`).
struct KeysOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The folder of officers' keys (default: $TANDEM_KEYS, else the config file's keys-folder, else ~/.config/tandem/keys).", valueName: "dir"))
    var keys: String?

    func folder(_ config: Config.Loaded? = nil) throws -> (folder: KeyFolder, source: String) {
        let env = Environment()
        if let keys { return (KeyFolder(path: keys), "flag") }
        if let keys = env["TANDEM_KEYS"], !keys.isEmpty { return (KeyFolder(path: keys), "environment ($TANDEM_KEYS)") }
        if let keys = (config ?? Config.load()).settings.keysFolder { return (KeyFolder(path: keys), "file") }
        guard let configFile = ConfigFile.path(environment: { env[$0] }) else {
            throw Failure(message: "no folder for keys: set HOME or XDG_CONFIG_HOME, or give --keys DIR.", code: 2)
        }
        return (KeyFolder(path: String(configFile.dropLast("/config.toml".count)) + "/keys"), "default")
    }
}

/// How a command that writes finds the acting officer's key: the keys folder, and the passphrase.
struct SigningOptions: ParsableArguments {
    @OptionGroup var keysOptions: KeysOptions
    @Option(help: ArgumentHelp("A file whose first line is your key's passphrase (default: a terminal asks).", valueName: "file"))
    var passphraseFile: String?

    /// The acting officer's key, opened, where the journal requires their
    /// signature for a commit of `events` (nil where it does not sign yet).
    /// Refused, naming why, when they do not hold it.
    func key(for actor: String, roster: KeyRoster, events: [Event] = [], or failure: String) throws -> OfficerKey? {
        let opened = KeyGate.open(for: actor, roster: roster, events: events, folder: try keysOptions.folder().folder) {
            try passphraseFile.map(Passphrase.fromFile) ?? Passphrase.ask("Passphrase for \(actor)'s key: ")
        }
        switch opened {
        case .success(let key): return key
        case .failure(let refusal): throw Failure(message: "\(failure): \(refusal.description)", code: 1)
        }
    }

    /// Gives the journal the acting officer's key where it requires their signature.
    func sign(_ journal: Journal, as actor: String, events: [Event] = [], or failure: String) throws {
        if let key = try key(for: actor, roster: journal.roster, events: events, or: failure) { journal.signers[actor] = key }
    }
}

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "An officer's signing key (Ed25519): make one, or show its public half to add to the roster.",
        subcommands: [New.self, Show.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new key pair in the keys folder (KEYS/NAME.key, 0600), sealed with a passphrase unless --no-passphrase.",
            discussion: "A terminal asks for the passphrase twice; otherwise give --passphrase-file. The passphrase is stretched with scrypt and seals the private key with AES-256-GCM. A key file is never replaced.")

        @Option(help: ArgumentHelp("Whose key: a user name as on the roster.", valueName: "name")) var user: String
        @OptionGroup var keysOptions: KeysOptions
        @Option(help: ArgumentHelp("A file whose first line is the passphrase.", valueName: "file")) var passphraseFile: String?
        @Flag(help: "Keep the private key unsealed (only on a machine nobody else uses).") var noPassphrase = false

        func run() throws {
            do { try UserName.check(user) } catch { throw Failure(message: "--user: \(error.reason).", code: 2) }
            let passphrase: String?
            if noPassphrase {
                passphrase = nil
            } else if let passphraseFile {
                passphrase = try Passphrase.fromFile(passphraseFile)
            } else if isatty(STDIN_FILENO) == 1 {
                let first = try Passphrase.ask("Passphrase for \(user)'s key: ")
                guard try Passphrase.ask("The same again: ") == first else { throw Failure(message: "the two passphrases differ; no key was made.", code: 1) }
                passphrase = first.isEmpty ? nil : first
            } else {
                throw Failure(message: "no passphrase: give --passphrase-file FILE, or --no-passphrase to keep the key unsealed.", code: 2)
            }
            let key = OfficerKey(user: user)
            let folder = try keysOptions.folder().folder
            let file: String
            do { file = try folder.save(key, passphrase: passphrase) } catch let error as KeyError {
                throw Failure(message: error.description, code: 1)
            }
            printWrapped("Made \(file)\(passphrase == nil ? " (not sealed: anyone who can read it can sign as \(user))" : ", sealed with your passphrase").")
            print(key.publicText)
            print("fingerprint \(key.fingerprint)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a key's public half as ed25519:BASE64 on a line of its own, and a fingerprint to read out over the phone.")

        @Option(help: ArgumentHelp("Whose key.", valueName: "name")) var user: String
        @OptionGroup var keysOptions: KeysOptions

        func run() throws {
            do { try UserName.check(user) } catch { throw Failure(message: "--user: \(error.reason).", code: 2) }
            let folder = try keysOptions.folder().folder
            do {
                let text = try folder.read(for: user)
                let raw = try OfficerKey.publicKey(inFile: text, path: folder.file(for: user))
                print(OfficerKey.publicText(raw))
                print("fingerprint \(OfficerKey.fingerprint(raw))")
            } catch {
                throw Failure(message: error.description, code: 1)
            }
        }
    }
}

/// A passphrase read without showing it, or from a file.
enum Passphrase {
    static func fromFile(_ path: String) throws -> String {
        guard let text = Config.readText(path) else { throw Failure(message: "--passphrase-file: cannot read \(path).", code: 2) }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if line.isEmpty { throw Failure(message: "--passphrase-file: \(path) starts with an empty line.", code: 2) }
        return line
    }

    /// Asks on the terminal with echo off, and puts the terminal back whatever happens.
    static func ask(_ prompt: String) throws -> String {
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            printError("")
        }
        _ = prompt.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        guard let line = readLine(strippingNewline: true) else { throw Failure(message: "no passphrase was typed.", code: 1) }
        return line
    }
}
