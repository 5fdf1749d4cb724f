import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import TandemCore
import TandemJournal
import TandemShared

/// Where the unit's shared journal is, and this laptop's copy of it.
struct SharedOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The unit's shared journal: postgres://USER@HOST:PORT/DATABASE (default: $TANDEM_SHARED). The password comes from the URL or $PGPASSWORD; a server not on this machine is reached over TLS only. ?sslcert=FILE&sslkey=FILE logs in with a client certificate instead; sslrootcert=FILE names the authority the server's certificate must come from.", valueName: "url"))
    var shared: String?

    /// The address given, or $TANDEM_SHARED; nil when neither is.
    func address() throws -> SharedAddress? {
        guard let text = shared ?? Environment()["TANDEM_SHARED"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        return try Self.address(text)
    }

    /// Reads a shared journal's URL; the password may come from $PGPASSWORD.
    static func address(_ text: String) throws -> SharedAddress {
        let password = Environment()["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        do { return try SharedAddress(url: text, environment: password.map { ["PGPASSWORD": $0] } ?? [:]) } catch {
            throw Failure(message: error.description, code: 2)
        }
    }

    /// The address, required.
    func requiredAddress() throws -> SharedAddress {
        guard let address = try address() else {
            throw Failure(message: "name the shared journal with --shared postgres://USER@HOST:PORT/DATABASE (or set TANDEM_SHARED).", code: 2)
        }
        return address
    }

    /// The laptop's copy: --journal, else a file named for the server in the data folder.
    static func cachePath(_ journalOptions: JournalOptions, for address: SharedAddress) throws -> String {
        if let journal = journalOptions.journal { return journal }
        let folder = String(try journalOptions.path().dropLast("/journal.jsonl".count))
        let name = "\(address.host)-\(address.port)-\(address.database)".map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }
        return folder + "/shared-" + String(name) + ".jsonl"
    }
}

/// Opens the shared journal's copy at `path` (made from the server's header
/// when there is none) and wraps it as the shared store. Offline, an existing
/// copy opens as it is and catches up when the server can be reached.
func prepareSharedCache(at path: String, link: SharedLink) throws {
    let progress = Progress(label: "Copying the shared journal to \(path)")
    defer { progress.finish() }
    do { try SharedCache.prepare(at: path, link: link, now: Clock.now) { progress.show(events: $0, of: $1) } } catch {
        throw Failure(message: "\(error)", code: 1)
    }
}

struct SharedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shared",
        abstract: "Share one journal across a unit on PostgreSQL: set it up, and see where it stands.",
        subcommands: [SharedInit.self, SharedStatus.self, SharedOfficer.self]
    )
}

struct SharedInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make a shared journal from an existing one: its schema, functions and officers' roles, and every line, bytes and chain unchanged.",
        discussion: """
        Connect as a database owner (not as an officer). Each officer on the roster gets a login role of the same name \
        that may only read and append through tandem.append, mapped to that officer: the server refuses lines by anyone \
        else. Give each role a password (ALTER ROLE ... PASSWORD) or a client certificate afterwards.
        """
    )

    @OptionGroup var sharedOptions: SharedOptions
    @Option(help: ArgumentHelp("The journal to share (it is checked first).", valueName: "path")) var from: String

    func run() throws {
        let address = try sharedOptions.requiredAddress()
        var caseFile = CaseFile()
        let journal = try openForReading(from) { caseFile.apply($0.event) }
        defer { journal.close() }
        if let reason = journal.readOnlyReason, journal.isDamaged {
            throw Failure(message: "\(from) is damaged (\(reason)); run `tandem verify` and `tandem repair` before sharing it.", code: 1)
        }
        let officers = caseFile.users.all.map(\.name)
        let link = SharedLink(address: address)
        let progress = Progress(label: "Loading \(from)")
        do {
            try SharedSetup.initialise(link, from: journal, officers: officers) { progress.show(events: $0, of: $1) }
        } catch {
            progress.finish()
            throw Failure(message: "\(error)", code: 1)
        }
        progress.finish()
        printWrapped("\(address): shared journal \(journal.header.id) made with \(NumberText.count(journal.lastSequence, "record", "records")) (last hash \(journal.lastHash.prefix(16))…).")
        if officers.isEmpty {
            printWrapped("The roster is empty: add officers, then give each a role with `tandem shared officer NAME`.")
        } else {
            printWrapped("Officers' roles (each may only read and append as that officer): \(officers.joined(separator: ", ")).")
            printWrapped("Give each a password (ALTER ROLE \"name\" PASSWORD '…') or a client certificate before they connect.")
        }
    }
}

struct SharedOfficer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "officer",
        abstract: "Give an officer on the roster a login role on the shared journal (connect as a database owner)."
    )

    @OptionGroup var sharedOptions: SharedOptions
    @Argument(help: ArgumentHelp("The officer's user name on the roster (also the role's name).", valueName: "name")) var name: String

    func run() throws {
        let address = try sharedOptions.requiredAddress()
        do { try SharedSetup.addOfficer(SharedLink(address: address), role: name, officer: name) } catch {
            throw Failure(message: error.description, code: 1)
        }
        printWrapped("\(address): \(name) may now read and append as \(name).")
    }
}

struct SharedStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Where the shared journal and this laptop's copy stand: the server's head, the copy's, and changes not yet shared."
    )

    @OptionGroup var sharedOptions: SharedOptions
    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var zoneOptions: ZoneOptions

    func run() throws {
        let address = try sharedOptions.requiredAddress()
        let path = try SharedOptions.cachePath(journalOptions, for: address)
        let zone = try zoneOptions.zone()
        let link = SharedLink(address: address, patience: 10)
        var local: (id: String, sequence: Int)?
        var info = stat()
        if lstat(path, &info) == 0 {
            let journal = try openForReading(path) { _ in }
            local = (journal.header.id, journal.lastSequence)
            journal.close()
        }
        printLabelled("shared journal: ", "\(address)")
        switch Self.serverHead(link, journal: local?.id) {
        case .success(let found?):
            printLabelled("server:         ", "journal \(found.id), head at record \(found.head.sequence) (hash \(found.head.hash.prefix(16))…), reached now")
        case .success(nil):
            printLabelled("server:         ", "holds no shared journal (make one with `tandem shared init`)")
        case .failure(let error):
            printLabelled("server:         ", "\(error)")
        }
        if let local {
            printLabelled("this copy:      ", "\(path), \(NumberText.count(local.sequence, "record", "records"))")
        } else {
            printLabelled("this copy:      ", "none yet at \(path) (made when the console or `tandem sync` first opens it)")
        }
        if let contact = LastContact.read(beside: path) {
            printLabelled("last contact:   ", "\(zone.minuteText(contact)) (this laptop's copy with the server, by the console or `tandem sync`)")
        } else {
            printLabelled("last contact:   ", "none kept yet for this copy")
        }
        let pending = PendingChanges(beside: path).changes
        printLabelled("not yet shared: ", "\(pending.count)" + (pending.isEmpty ? "" : " (kept in \(PendingChanges.path(beside: path)); shared when the console or `tandem sync` reaches the server)"))
    }

    /// The server's journal (the one named, else its only one) and its head; nil when it holds none.
    static func serverHead(_ link: SharedLink, journal: String?) -> Result<(id: String, head: SharedHead)?, SharedError> {
        Result { () throws(SharedError) -> (id: String, head: SharedHead)? in
            let id: String?
            if let journal { id = journal } else { id = try link.journalIDs().first }
            guard let id, let found = try link.journal(id) else { return nil }
            return (id, found.head)
        }
    }
}

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring this laptop's copy of the shared journal up to date, and share the changes kept on it while offline.",
        discussion: "Reads every record the server holds past the copy's last, checking each (chain, signatures, roles), and keeps them in the copy. Changes kept on the laptop are then decided again, in order, against the shared journal as it stands, and shared (they are signed with your key); one refused now is kept in COPY.refused and named. Exits 1 when the server cannot be reached or its history does not extend the copy."
    )

    @OptionGroup var sharedOptions: SharedOptions
    @OptionGroup var journalOptions: JournalOptions
    @Option(help: ArgumentHelp("Who you are, to sign the changes kept on this laptop (default: $TANDEM_USER or $USER).", valueName: "name")) var user: String?
    @OptionGroup var signing: SigningOptions

    func run() throws {
        let address = try sharedOptions.requiredAddress()
        let path = try SharedOptions.cachePath(journalOptions, for: address)
        let link = SharedLink(address: address)
        try prepareSharedCache(at: path, link: link)
        let before: Int
        let store: SharedJournal
        do {
            let opened = try Journal.open(at: path, create: false, now: Clock.now)
            before = opened.journal.lastSequence
            store = SharedJournal(cache: opened.journal, link: link, listening: false, now: Clock.now)
        } catch {
            throw Failure(message: "\(error)", code: 1)
        }
        defer { store.close() }
        let progress = Progress(label: "Syncing \(path)")
        let records: [JournalRecord]
        do {
            records = try store.catchUp { progress.show(events: $0, of: $1) }
            if store.notYetShared > 0 {
                let actor = try resolveUser(user)
                try signing.sign(store.cache, as: actor, or: "the changes kept on this laptop were not shared")
                try store.sharePending()
            }
        } catch {
            progress.finish()
            for notice in store.takeNotices() { printError("tandem: \(notice)") }
            throw Failure(message: "\(error)", code: 1)
        }
        progress.finish()
        for notice in store.takeNotices() { printError("tandem: \(notice)") }
        printWrapped("\(path): \(NumberText.count(records.count, "new record", "new records")) from \(address); the copy now holds \(NumberText.count(store.lastSequence)) (it held \(NumberText.count(before))).")
        if store.notYetShared > 0 { print("not yet shared: \(store.notYetShared)") }
    }
}
