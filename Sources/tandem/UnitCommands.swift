import ArgumentParser
import TandemCore
import TandemJournal

/// The acting officer of a command that changes the unit: who they are, the
/// journal, and where their key is. `commit` records one change: decided by the
/// core against the journal as it stands (role-checked), signed, committed, and
/// said. A refusal names the field and the reason (exit 1).
struct ActingOfficer: ParsableArguments {
    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var signing: SigningOptions
    @Option(help: ArgumentHelp("Who you are (default: $TANDEM_USER or $USER).", valueName: "name")) var user: String?
    @OptionGroup var zoneOptions: ZoneOptions

    /// Commits the change; `zone` when the command has already looked it up (the config file is read once).
    func commit(_ change: Change, zone known: OfficerZone? = nil) throws {
        let path = try journalOptions.path()
        try journalOptions.checkExists(path)
        let actor = try resolveUser(user)
        // Before anything is saved: an unknown zone is refused with nothing written.
        let zone = try known ?? zoneOptions.zone()
        let (opened, caseFile) = try openCaseFile(path, create: journalOptions.mayCreate)
        defer { opened.journal.close() }
        let saved = try tandem.commit(change, to: opened.journal, over: caseFile, by: actor, at: Clock.now(), signing: signing, or: "not saved")
        for record in saved { print(outputText("Saved #\(record.sequence): \(record.event.change.type) \(record.event.change.entity): \(record.event.change.summary(in: zone))")) }
    }
}

/// One change committed from the command line: decided again under the journal's
/// lock against what others appended since `caseFile` was read. A refusal or a
/// journal error is one sentence starting with `failure` (exit 1).
@discardableResult
func commit(_ change: Change, to journal: Journal, over caseFile: CaseFile, by actor: String, at time: Timestamp,
            signing: SigningOptions, or failure: String) throws -> [JournalRecord] {
    do {
        // Refused by the rules first (they say more than a missing key), then signed: the first
        // change of a unit adds its supervisor with their key, and is signed with it.
        let events = try caseFile.decide(change, by: actor, at: time)
        try signing.sign(journal, as: actor, events: events, or: failure)
        return try journal.commit { foreign in
            var current = caseFile
            for record in foreign { current.apply(record.event) }
            return try current.decide(change, by: actor, at: time)
        }
    } catch let refusal as Refusal {
        throw Failure(message: "\(failure): \(refusal.field): \(refusal.reason).", code: 1)
    } catch let error as JournalError {
        throw Failure(message: "\(failure): \(error.description)", code: 1)
    } catch let said as Failure {
        throw said  // already begins with `failure` (a key that could not be opened)
    } catch {
        throw Failure(message: "\(failure): \(error)", code: 1)
    }
}

/// An option's value read by the core's field parsers: a refusal is bad usage (exit 2).
func parsed<T>(_ option: String, _ parse: () throws(Refusal) -> T) throws -> T {
    do { return try parse() } catch { throw Failure(message: "\(option): \(error.reason).", code: 2) }
}

extension Role: ExpressibleByArgument {}

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "The roster: add an officer, change a role, remove one, replace a key (supervisors).",
        discussion: "On a journal with no roster the first user added must be you, as supervisor: the unit starts with the officer who starts it.",
        subcommands: [Add.self, SetRole.self, Remove.self, ReplaceKey.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an officer to the roster.")
        @Argument(help: ArgumentHelp("Their user name.", valueName: "name")) var name: String
        @Option(help: "investigator, liaison-officer or supervisor.") var role: Role
        @Option(help: ArgumentHelp("Their public key, as tandem key show prints it (ed25519:…).", valueName: "key")) var key: String?
        @Option(help: ArgumentHelp("The name shown on screen (default: the user name).", valueName: "text")) var displayName: String?
        @OptionGroup var acting: ActingOfficer

        func run() throws {
            try acting.commit(.userAdded(User(name: name, displayName: displayName ?? name, role: role, publicKey: key)))
        }
    }

    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "role", abstract: "Change an officer's role.")
        @Argument(help: ArgumentHelp("Their user name.", valueName: "name")) var name: String
        @Argument(help: "investigator, liaison-officer or supervisor.") var role: Role
        @OptionGroup var acting: ActingOfficer

        func run() throws { try acting.commit(.userRoleChanged(name: name, to: role)) }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take an officer off the roster: their changes stay; from now on they may only read.")
        @Argument(help: ArgumentHelp("Their user name.", valueName: "name")) var name: String
        @OptionGroup var acting: ActingOfficer

        func run() throws { try acting.commit(.userRemoved(name: name)) }
    }

    struct ReplaceKey: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "key", abstract: "Give an officer a new public key (a lost laptop): the old one is no longer theirs.")
        @Argument(help: ArgumentHelp("Their user name.", valueName: "name")) var name: String
        @Argument(help: ArgumentHelp("The new public key (ed25519:…).", valueName: "key")) var key: String
        @OptionGroup var acting: ActingOfficer

        func run() throws { try acting.commit(.userKeyReplaced(name: name, key: key)) }
    }
}

struct AgencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agency", abstract: "A country's agency taking part (supervisors).", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an agency: police, immigration, prosecution, an NCB, …")
        @Argument(help: ArgumentHelp("Its code, e.g. AG-THA-ATHD.", valueName: "code")) var code: String
        @Option(help: ArgumentHelp("Its name.", valueName: "text")) var name: String
        @Option(help: ArgumentHelp("Its country (ISO alpha-3).", valueName: "code")) var country: String
        @Option(help: ArgumentHelp("police, immigration, prosecution, ncb, customs, labour or other.", valueName: "kind")) var kind: String
        @OptionGroup var acting: ActingOfficer

        func run() throws {
            let (countryText, kindText) = (country, kind)
            let nation = try parsed("--country") { () throws(Refusal) in try CountryCode.parse(countryText, field: "country") }
            let agencyKind = try parsed("--kind") { () throws(Refusal) in try parseTerm(kindText, as: AgencyKind.self, field: "kind") { $0.label } }
            try acting.commit(.agencyAdded(Agency(code: code, name: name, country: nation, kind: agencyKind)))
        }
    }
}

struct FocalPointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "focal-point", abstract: "Who holds a focal-point role for an agency, and since when (supervisors).",
        subcommands: [Appoint.self, End.self])

    struct Appoint: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Appoint a focal point.")
        @Argument(help: ArgumentHelp("The appointment's code, e.g. FP-THA-03.", valueName: "code")) var code: String
        @Option(help: ArgumentHelp("The person's name.", valueName: "text")) var name: String
        @Option(help: ArgumentHelp("Their agency's code.", valueName: "code")) var agency: String
        @Option(help: ArgumentHelp("The agency's country.", valueName: "code")) var country: String
        @Option(help: ArgumentHelp("ncb-officer, liaison-officer, jit-leader or operation-focal-point.", valueName: "role")) var role: String
        @Option(help: ArgumentHelp("From when (default: today).", valueName: "date")) var since: String?
        @Option(help: ArgumentHelp("Their time zone (default: the country's).", valueName: "zone")) var timeZone: String?
        @OptionGroup var acting: ActingOfficer

        func run() throws {
            let now = Clock.now()
            let zone = try acting.zoneOptions.zone()
            let today = zone.day(of: now)
            let (countryText, roleText, sinceText) = (country, role, since)
            let nation = try parsed("--country") { () throws(Refusal) in try CountryCode.parse(countryText, field: "country") }
            let focalRole = try parsed("--role") { () throws(Refusal) in try parseTerm(roleText, as: FocalRole.self, field: "role") { $0.label } }
            let day = try parsed("--since") { () throws(Refusal) in
                guard let sinceText else { return today }
                return try RecordFields.day(sinceText, now: now, field: "since", zone: zone)
            }
            try acting.commit(.focalPointAppointed(FocalPoint(
                code: code, name: name, agency: agency, country: nation, role: focalRole, timeZone: timeZone ?? nation.defaultTimeZone, since: day)), zone: zone)
        }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End an appointment (its history stays).")
        @Argument(help: ArgumentHelp("The appointment's code.", valueName: "code")) var code: String
        @Option(help: ArgumentHelp("Its last day (default: today).", valueName: "date")) var on: String?
        @OptionGroup var acting: ActingOfficer

        func run() throws {
            let now = Clock.now()
            let zone = try acting.zoneOptions.zone()
            let today = zone.day(of: now)
            let onText = on
            let day = try parsed("--on") { () throws(Refusal) in
                guard let onText else { return today }
                return try RecordFields.day(onText, now: now, field: "until", zone: zone)
            }
            try acting.commit(.focalPointEnded(code: code, on: day), zone: zone)
        }
    }
}

struct OperationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operation", abstract: "An operation or period of action, whose debrief tandem report computes (supervisors).",
        subcommands: [Create.self, Edit.self])

    /// The fields both `create` and `edit` take.
    struct Fields: ParsableArguments {
        @Option(help: ArgumentHelp("Its name.", valueName: "text")) var name: String?
        @Option(help: ArgumentHelp("Its first day.", valueName: "date")) var start: String?
        @Option(help: ArgumentHelp("Its last day, or a length from the start (+30d).", valueName: "date")) var end: String?
        @Option(help: ArgumentHelp("The participating countries: \"THA IDN MYS\".", valueName: "codes")) var countries: String?
        @Option(help: ArgumentHelp("Organisations taking part, separated by ;.", valueName: "list")) var organisations: String?
        @Option(help: ArgumentHelp("The co-chairing countries.", valueName: "codes")) var coChairs: String?

        /// `operation` with the fields given; a day counted from now (`+7d`) counted from today in `zone`.
        func laidOver(_ operation: Operation, now: Timestamp, zone: OfficerZone) throws -> Operation {
            var o = operation
            if let name { o.name = name }
            if let start { o.start = try parsed("--start") { () throws(Refusal) in try RecordFields.day(start, now: now, field: "start", zone: zone) } }
            if let end {
                let from = o.start
                o.end = try parsed("--end") { () throws(Refusal) in
                    end.hasPrefix("+") ? try RecordFields.relativeDay(end, from: from, field: "end") : try RecordFields.day(end, now: now, field: "end", zone: zone)
                }
            }
            if let countries { o.countries = try parsed("--countries") { () throws(Refusal) in try RecordFields.countries(countries, field: "countries") } }
            if let organisations { o.organisations = RecordFields.list(organisations) }
            if let coChairs { o.coChairs = try parsed("--co-chairs") { () throws(Refusal) in try RecordFields.countries(coChairs, field: "co-chairs") } }
            return o
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an operation: its name, period and countries.")
        @Argument(help: ArgumentHelp("Its code, e.g. JPA-2026.", valueName: "code")) var code: String
        @OptionGroup var fields: Fields
        @OptionGroup var acting: ActingOfficer

        func validate() throws {
            for (value, option) in [(fields.name, "--name"), (fields.start, "--start"), (fields.end, "--end"), (fields.countries, "--countries")]
            where value == nil {
                throw ValidationError("\(option) is required to create an operation.")
            }
        }

        func run() throws {
            let now = Clock.now()
            let blank = Operation(code: code.uppercased(), name: "", start: now.day, end: now.day, countries: [])
            let zone = try acting.zoneOptions.zone()
            try acting.commit(.operationCreated(try fields.laidOver(blank, now: now, zone: zone)), zone: zone)
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an operation's name, period, countries, organisations or co-chairs.")
        @Argument(help: ArgumentHelp("Its code.", valueName: "code")) var code: String
        @OptionGroup var fields: Fields
        @OptionGroup var acting: ActingOfficer

        func run() throws {
            let path = try acting.journalOptions.path()
            try acting.journalOptions.checkExists(path)
            var current = CaseFile()
            try openForReading(path) { current.apply($0.event) }
            guard let operation = current.operations[code.uppercased()] else {
                throw Failure(message: "not saved: code: no operation \"\(outputText(code))\" in \(path).", code: 1)
            }
            let zone = try acting.zoneOptions.zone()
            try acting.commit(.operationRevised(try fields.laidOver(operation, now: Clock.now(), zone: zone)), zone: zone)
        }
    }
}
