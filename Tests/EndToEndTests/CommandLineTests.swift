import Foundation
import Testing
import TestSupport
import TandemCore
import TandemJournal

/// The real binary's commands, run as a user or a script would.
@Suite(.timeLimit(.minutes(2)))
struct CommandLineTests {
    /// A private (0600) copy of the sample: a clone's sample-data/ is readable by all, which tandem warns about.
    let scratch = TemporaryDirectory()
    let sample: String

    init() {
        sample = scratch.copyOfSample(named: "jpa-2015.jsonl")
    }
    var sampleEvents: Int { readBytes(sample).filter { $0 == 0x0A }.count - 1 }

    @Test func twoProcessesAppendingAtOnceLoseNothing() throws {
        let dir = TemporaryDirectory()
        let journal = dir.file("shared.jsonl")
        writeBytes(journal, readBytes(sample))
        let tandem = tandemBinary()
        let a = try spawnProcess([testkitBinary(), "append-events", "--journal", journal, "--count", "2000", "--prefix", "A", "--user", "liaison"], outputPath: dir.file("a.out"))
        let b = try spawnProcess([testkitBinary(), "append-events", "--journal", journal, "--count", "2000", "--prefix", "B", "--user", "ncb.officer"], outputPath: dir.file("b.out"))
        #expect(waitForProcess(a) == 0, "\(readText(dir.file("a.out")).suffix(300))")
        #expect(waitForProcess(b) == 0, "\(readText(dir.file("b.out")).suffix(300))")
        let report = try Journal.verify(at: journal)
        #expect(report.isIntact)
        #expect(report.goodRecords == sampleEvents + 4000)
        let opened = try Journal.open(at: journal, create: false, readOnly: true, now: { .init(secondsSinceEpoch: 0) })
        let references = Set(opened.records.map(\.event.change.entity))
        for i in [1, 1000, 2000] {
            #expect(references.contains("A-\(i)") && references.contains("B-\(i)"))
        }
        // Both really ran at the same time: their commits interleave.
        let owners = opened.records.suffix(4000).map { $0.event.actor }
        let switches = zip(owners, owners.dropFirst()).filter { $0 != $1 }.count
        #expect(switches > 1, "the two writers did not overlap")
    }

    @Test func verifyPassesAnIntactJournalAndNamesTheFirstBadRecord() throws {
        let good = try runProcess([tandemBinary(), "verify", "--journal", sample])
        #expect(good.status == 0)
        #expect(good.output.contains("intact: \(sampleEvents) records"))

        let dir = TemporaryDirectory()
        let damaged = dir.file("damaged.jsonl")
        var text = readText(sample)
        text = text.replacingOccurrences(of: "Golden Lotus salons", with: "Golden Lotus salon!")
        writeBytes(damaged, Array(text.utf8))
        let bad = try runProcess([tandemBinary(), "verify", "--journal", damaged])
        #expect(bad.status == 1)
        let lines = readText(sample).components(separatedBy: "\n")
        let record = lines.firstIndex { $0.contains("Golden Lotus salons") }!
        let offset = lines.prefix(record).reduce(0) { $0 + $1.utf8.count + 1 }
        #expect(bad.output.contains("DAMAGED at record \(record) (byte offset \(offset)): the line is damaged (its checksum does not match its content). The \(record - 1) records before it verify."))

        // One record is said as one ("1 records" before).
        let one = dir.file("one.jsonl")
        let first = try runProcess([tandemBinary(), "user", "add", "solo", "--role", "supervisor", "--journal", one, "--create", "--user", "solo"])
        #expect(first.status == 0, "\(first.output)")
        #expect(try runProcess([tandemBinary(), "verify", "--journal", one]).output.contains("intact: 1 record, "))
        writeBytes(one, readBytes(one) + Array("{\"seq\":2".utf8))
        #expect(try runProcess([tandemBinary(), "verify", "--journal", one]).output.contains("The 1 record before it verifies."))

        let notJournal = dir.file("notes.txt")
        writeBytes(notJournal, Array("hello\n".utf8))
        let refused = try runProcess([tandemBinary(), "verify", "--journal", notJournal])
        #expect(refused.status == 1)
        #expect(refused.output == "tandem: This file is not a Tandem journal: the first line is not a Tandem journal header.\n")

        let missing = try runProcess([tandemBinary(), "verify", "--journal", dir.file("missing.jsonl")])
        #expect(missing.status == 1)
        #expect(missing.output.contains("Could not open \(dir.file("missing.jsonl")): No such file or directory."))
    }

    @Test func logPrintsEventsReadablyAndFiltersByEntity() throws {
        let all = try runProcess([tandemBinary(), "log", "--journal", sample, "--user", "k.perera", "--reason", "audit"])
        #expect(all.status == 0)
        #expect(withoutNotices(all.output).split(separator: "\n").count == sampleEvents, "the export of it recorded first, and so in it")
        let one = try runProcess([tandemBinary(), "log", "--journal", sample, "--entity", "aus/phl/15-114", "--tz", "UTC", "--user", "k.perera",
                                  "--reason", "audit"])
        let records = try Journal.open(at: sample, create: false, readOnly: true, now: { .init(secondsSinceEpoch: 0) }).records
        let expected = records.filter { $0.event.change.entity == "AUS/PHL/15-114" }.map { r in
            "#\(r.sequence)  \(OfficerZone.utc.minuteText(r.event.time))  \(r.event.actor)  \(r.event.change.type)  AUS/PHL/15-114  \(r.event.change.summary())\n"
        }
        #expect(expected.count == 4)
        #expect(withoutNotices(one.output) == expected.joined())
        #expect(one.output.contains("  k.perera  enquiry.status  AUS/PHL/15-114  status → sent\n"))
        #expect(one.output.contains("enquiry drafted AUS→PHL by police-to-police, urgent, due 2015-09-30 06:00 UTC: Subscriber details for remittance accounts used by NET-K8RZ; H2\n"))
        // In the officer's zone, labelled.
        let bangkok = try runProcess([tandemBinary(), "log", "--journal", sample, "--entity", "AUS/PHL/15-114", "--tz", "Asia/Bangkok",
                                      "--user", "k.perera", "--reason", "audit"])
        #expect(withoutNotices(bangkok.output).hasPrefix("#57  2015-09-30 05:00 +07  liaison  enquiry.created"))
        #expect(bangkok.output.contains("urgent, due 2015-09-30 13:00 +07: Subscriber details"), "the due time in the zone too: \(bangkok.output)")
        let unknown = try runProcess([tandemBinary(), "log", "--journal", sample, "--tz", "Mars/Olympus"])
        #expect(unknown.status == 2 && unknown.output.contains("--tz: unknown time zone \"Mars/Olympus\""))
        let none = try runProcess([tandemBinary(), "log", "--journal", sample, "--entity", "NOPE"])
        #expect(none.status == 1)
        #expect(none.output.contains("no events about \"NOPE\""))
    }

    /// Finding 12 of "Saved means kept": `tandem export` then `tandem import` of the same
    /// CSVs into a new journal gives the same records, and exporting that journal gives the same CSVs.
    @Test func anExportImportedIntoANewJournalGivesTheSameRecords() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let out = dir.file("out"), again = dir.file("again"), copy = dir.file("copy.jsonl")
        let exported = try runProcess([tandemBinary(), "export", "--journal", journal, "--out", out, "--reason", "round trip", "--user", "k.perera"])
        #expect(exported.status == 0, "\(exported.output)")
        for kind in ["networks", "referrals", "enquiries"] {
            let imported = try runProcess([tandemBinary(), "import", "--csv", out + "/\(kind).csv", "--kind", kind, "--journal", copy,
                                           "--create", "--user", "k.perera"])
            #expect(imported.status == 0, "\(imported.output)")
        }
        let verified = try runProcess([tandemBinary(), "verify", "--journal", copy])
        #expect(verified.status == 0, "\(verified.output)")
        _ = try runProcess([tandemBinary(), "export", "--journal", copy, "--out", again, "--reason", "round trip", "--user", "k.perera"])
        for kind in ["networks", "referrals", "enquiries"] {
            #expect(readText(out + "/\(kind).csv") == readText(again + "/\(kind).csv"), "\(kind)")
        }
        #expect(readText(again + "/enquiries.csv").contains(",answered-full,"), "statuses came across")
    }

    /// `tandem key new` and `key show`, in the keys folder --keys, $TANDEM_KEYS or the config file names.
    @Test func keysAreMadeInTheKeysFolderAndShownForTheRoster() throws {
        let dir = TemporaryDirectory()
        let keys = dir.file("keys")
        let passphrase = dir.file("passphrase")
        writeBytes(passphrase, Array("a long passphrase\n".utf8))
        let made = try runProcess([tandemBinary(), "key", "new", "--user", "k.perera", "--keys", keys, "--passphrase-file", passphrase])
        #expect(made.status == 0, "\(made.output)")
        #expect(made.output.contains("Made \(keys)/k.perera.key, sealed with your passphrase."))
        #expect(fileMode(keys + "/k.perera.key") == 0o600)
        let shown = try runProcess([tandemBinary(), "key", "show", "--user", "k.perera"], extraEnvironment: ["TANDEM_KEYS": keys])
        #expect(shown.status == 0, "\(shown.output)")
        let lines = shown.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0].hasPrefix("ed25519:") && lines[1].hasPrefix("fingerprint "))
        #expect(made.output.contains(lines[0]), "the same public key as when it was made")
        // Never replaced; without a terminal a passphrase must be given or declined.
        let again = try runProcess([tandemBinary(), "key", "new", "--user", "k.perera", "--keys", keys, "--no-passphrase"])
        #expect(again.status == 1 && again.output.contains("already exists; a key is never replaced"))
        let unasked = try runProcess([tandemBinary(), "key", "new", "--user", "liaison", "--keys", keys])
        #expect(unasked.status == 2 && unasked.output.contains("give --passphrase-file FILE, or --no-passphrase"))
        let missing = try runProcess([tandemBinary(), "key", "show", "--user", "liaison", "--keys", keys])
        #expect(missing.status == 1 && missing.output.contains("no key for liaison"))
    }

    /// Finding 2 of "Every change is signed": a new unit starts from the command line: a key,
    /// its supervisor, its officers, an agency, a focal point, an operation, and its report.
    @Test func aSupervisorStartsAUnitFromAFreshInstall() throws {
        let dir = TemporaryDirectory()
        let journal = dir.file("unit.jsonl")
        func tandem(_ arguments: [String], as user: String = "a.chief") throws -> (status: Int32, output: String) {
            try runProcess([tandemBinary()] + arguments + ["--journal", journal, "--user", user], extraEnvironment: ["TANDEM_KEYS": dir.file("keys")])
        }
        let key = try runProcess([tandemBinary(), "key", "new", "--user", "a.chief", "--no-passphrase", "--keys", dir.file("keys")])
        let publicKey = try #require(key.output.split(separator: "\n").first { $0.hasPrefix("ed25519:") }.map(String.init))
        // The roster starts with the officer who starts it, as supervisor.
        let someoneElse = try tandem(["user", "add", "bob", "--role", "investigator", "--create"])
        #expect(someoneElse.status == 1 && someoneElse.output.contains("add yourself (a.chief) as supervisor first"), "\(someoneElse.output)")
        let chief = try tandem(["user", "add", "a.chief", "--role", "supervisor", "--key", publicKey, "--display-name", "Anan Chief", "--create"])
        #expect(chief.status == 0 && chief.output.contains("Saved #1: user.added a.chief"), "\(chief.output)")
        #expect(try tandem(["user", "add", "p.new", "--role", "liaison-officer"]).status == 0)
        let notAllowed = try tandem(["user", "add", "x", "--role", "investigator"], as: "p.new")
        #expect(notAllowed.status == 1 && notAllowed.output.contains("only a supervisor may add a user to the roster; p.new is a liaison officer"))
        #expect(try tandem(["agency", "add", "AG-THA-X", "--name", "Anti-Trafficking Division", "--country", "THA", "--kind", "police"]).status == 0)
        #expect(try tandem(["focal-point", "appoint", "FP-THA-9", "--name", "Pol. Capt. S.", "--agency", "AG-THA-X", "--country", "THA",
                            "--role", "jit-leader", "--since", "2026-11-01"]).status == 0)
        // A day left out (a focal point's --since) is today where the officer is, and one counted from now
        // (an operation's --start +1d) is counted from there: a day apart in two zones a day apart, whatever the hour.
        func dayApart(_ arguments: (String) -> [String], _ day: String) throws {
            var days: [Day] = []
            for (zone, code) in [("Pacific/Kiritimati", "E"), ("Pacific/Honolulu", "W")] {
                let saved = try tandem(arguments(code) + ["--tz", zone])
                #expect(saved.status == 0, "\(saved.output)")
                let found = saved.output.range(of: day, options: .regularExpression).map { String(saved.output[$0]) }
                days += [try #require(found.flatMap { Day(iso8601: String($0.drop { !$0.isNumber }.prefix(10))) }, "\(saved.output)")]
            }
            #expect(days[0].daysSinceEpoch - days[1].daysSinceEpoch == 1, "UTC+14 and UTC-10: \(days.map(\.iso8601))")
        }
        try dayApart({ ["focal-point", "appoint", "FP-THA-1\($0)", "--name", "Insp. \($0)", "--agency", "AG-THA-X", "--country", "THA",
                        "--role", "liaison-officer"] }, #"from \d{4}-\d{2}-\d{2}"#)
        try dayApart({ ["operation", "create", "OP-\($0)", "--name", "Operation \($0)", "--start", "+1d", "--end", "+30d", "--countries", "THA IDN"] },
                     #"\d{4}-\d{2}-\d{2} to"#)
        // A zone it does not know is refused before anything is saved.
        let before = readBytes(journal)
        let unknownZone = try tandem(["user", "add", "z.new", "--role", "investigator", "--tz", "Mars/Base"])
        #expect(unknownZone.status == 2 && unknownZone.output.contains("--tz: unknown time zone \"Mars/Base\""), "\(unknownZone.output)")
        #expect(readBytes(journal) == before, "nothing saved")
        let operation = try tandem(["operation", "create", "JPA-2026", "--name", "Joint Period of Action 2026", "--start", "2026-11-01",
                                    "--end", "+30d", "--countries", "THA IDN MYS"])
        #expect(operation.status == 0 && operation.output.contains("2026-11-01 to 2026-12-01, 3 countries"), "\(operation.output)")
        #expect(try tandem(["operation", "edit", "JPA-2026", "--co-chairs", "THA"]).status == 0)
        let lastSupervisor = try tandem(["user", "role", "a.chief", "investigator"])
        #expect(lastSupervisor.status == 1 && lastSupervisor.output.contains("the roster's last supervisor"))
        #expect(try tandem(["user", "remove", "p.new"]).status == 0)
        let removed = try tandem(["agency", "add", "AG-IDN-X", "--name", "X", "--country", "IDN", "--kind", "police"], as: "p.new")
        #expect(removed.status == 1 && removed.output.contains("p.new is not on the roster and may only read"), "\(removed.output)")
        // An officer whose key is sealed with a passphrase signs with it; a wrong passphrase is said plainly.
        writeBytes(dir.file("pass"), Array("correct horse\n".utf8))
        writeBytes(dir.file("wrong"), Array("battery staple\n".utf8))
        let sealed = try runProcess([tandemBinary(), "key", "new", "--user", "j.inv", "--passphrase-file", dir.file("pass"), "--keys", dir.file("keys")])
        let sealedKey = try #require(sealed.output.split(separator: "\n").first { $0.hasPrefix("ed25519:") }.map(String.init))
        #expect(try tandem(["user", "add", "j.inv", "--role", "investigator", "--key", sealedKey]).status == 0)
        let wrong = try tandem(["export", "--out", dir.file("out"), "--passphrase-file", dir.file("wrong")], as: "j.inv")
        #expect(wrong.status == 1 && wrong.output.contains("the passphrase does not open"), "\(wrong.output)")
        let signed = try tandem(["export", "--out", dir.file("out"), "--passphrase-file", dir.file("pass")], as: "j.inv")
        #expect(signed.status == 0, "\(signed.output)")
        // Without a key on the roster, an officer of a signing unit may only read.
        #expect(try tandem(["user", "add", "k.nokey", "--role", "investigator"]).status == 0)
        let keyless = try tandem(["export", "--out", dir.file("out2")], as: "k.nokey")
        #expect(keyless.status == 1 && keyless.output.contains("the roster holds no key for k.nokey"), "\(keyless.output)")
        let report = try runProcess([tandemBinary(), "report", "--operation", "JPA-2026", "--journal", journal])
        #expect(report.status == 0 && report.output.hasPrefix("# Joint Period of Action 2026: debrief statement"), "\(report.output)")
        #expect(try runProcess([tandemBinary(), "verify", "--journal", journal]).status == 0)
        let records = try Journal.open(at: journal, create: false, readOnly: true, now: { .init(secondsSinceEpoch: 0) }).records
        #expect(records.compactMap { if case .userAdded(let u) = $0.event.change { u.publicKey } else { nil } } == [publicKey, sealedKey])
        #expect(try runProcess([tandemBinary(), "verify", "--journal", journal]).output.contains("signatures and every role verified"))

        // Then the console, in tmux: the supervisor opens the unit screen and adds an agency there.
        let tmux = Tmux()
        try tmux.start([tandemBinary(), "--journal", journal, "--user", "a.chief", "--keys", dir.file("keys")], width: 100, height: 30)
        try tmux.waitFor("the console") { $0.contains("5 Dashboard") && $0.contains("a.chief (supervisor)") }
        try tmux.send("U")
        try tmux.waitFor("the unit screen") { $0.contains("Roster: 3 officers") && $0.contains("FP-THA-9") }
        try tmux.send("g")
        try tmux.type("AG-IDN-BARESKRIM")
        try tmux.send("Tab")
        try tmux.type("Bareskrim Polri")
        try tmux.send("Tab")
        try tmux.type("IDN")
        try tmux.send("C-s")
        try tmux.waitFor("the saved agency") { $0.contains("Saved AG-IDN-BARESKRIM") }
        try tmux.send("Escape")
        try tmux.send("q")
        try tmux.waitForExit()
        let verified = try runProcess([tandemBinary(), "verify", "--journal", journal])
        #expect(verified.status == 0 && verified.output.contains("signatures and every role verified"), "\(verified.output)")
    }

    /// Finding 3 of "Every change is signed": a cut-back and an older copy are caught against
    /// a signed checkpoint kept elsewhere, and so is a checkpoint someone else signed.
    @Test func aCheckpointCatchesACutBackAnOlderCopyAndAForgery() throws {
        let dir = TemporaryDirectory()
        let journal = dir.file("unit.jsonl")
        let keys = dir.file("keys")
        let made = try runProcess([tandemBinary(), "key", "new", "--user", "a.chief", "--no-passphrase", "--keys", keys])
        let publicKey = try #require(made.output.split(separator: "\n").first { $0.hasPrefix("ed25519:") }.map(String.init))
        func tandem(_ arguments: [String]) throws -> (status: Int32, output: String) {
            try runProcess([tandemBinary()] + arguments + ["--journal", journal], extraEnvironment: ["TANDEM_KEYS": keys, "TANDEM_USER": "a.chief"])
        }
        #expect(try tandem(["user", "add", "a.chief", "--role", "supervisor", "--key", publicKey, "--create"]).status == 0)
        #expect(try tandem(["agency", "add", "AG-THA-X", "--name", "X", "--country", "THA", "--kind", "police"]).status == 0)
        let older = readBytes(journal)
        #expect(try tandem(["agency", "add", "AG-IDN-X", "--name", "Y", "--country", "IDN", "--kind", "police"]).status == 0)
        let checkpoint = dir.file("checkpoint.txt")
        let written = try tandem(["checkpoint", "--out", checkpoint])
        #expect(written.status == 0 && written.output.contains("at record 3 to \(checkpoint), signed by a.chief"), "\(written.output)")
        #expect(readText(checkpoint).hasPrefix("tandem/") && readText(checkpoint).contains("\n\n— a.chief "))
        let holds = try tandem(["verify", "--checkpoint", checkpoint])
        #expect(holds.status == 0 && holds.output.contains("holds the checkpoint of"), "\(holds.output)")
        let inBangkok = try tandem(["verify", "--checkpoint", checkpoint, "--tz", "Asia/Bangkok"])
        #expect(inBangkok.output.range(of: #"holds the checkpoint of \d{4}-\d{2}-\d{2} \d{2}:\d{2} \+07 signed by a.chief"#,
                                       options: .regularExpression) != nil, "its time in the officer's zone: \(inBangkok.output)")
        // Later records are fine; an older copy, or the journal cut back at a line boundary, is not.
        #expect(try tandem(["agency", "add", "AG-MYS-X", "--name", "Z", "--country", "MYS", "--kind", "police"]).status == 0)
        #expect(try tandem(["verify", "--checkpoint", checkpoint]).status == 0)
        let newest = readBytes(journal)
        // An older copy put back whole (its commit log gone with the rest): the chain holds, the checkpoint does not.
        writeBytes(journal, older)
        unlink(journal + ".commits")
        #expect(try runProcess([tandemBinary(), "verify", "--journal", journal]).status == 0, "no chain can see it from inside")
        let copy = try tandem(["verify", "--checkpoint", checkpoint])
        #expect(copy.status == 1 && copy.output.contains("before the checkpoint's record 3") && copy.output.contains("cut back, or is an older copy"),
                "\(copy.output)")
        writeBytes(journal, newest)
        // A checkpoint changed after it was signed does not vouch.
        let forged = readText(checkpoint).replacingOccurrences(of: "\n3\n", with: "\n2\n")
        writeBytes(dir.file("forged.txt"), Array(forged.utf8))
        let refused = try tandem(["verify", "--checkpoint", dir.file("forged.txt")])
        #expect(refused.status == 1 && refused.output.contains("its signature is not a.chief's"), "\(refused.output)")
    }

    @Test func agendaListsWhatWaitsAndIsQuietWhenNothingDoes() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        chmod(journal, 0o600)
        let at = ["--at", "2015-10-20 09:00"]
        // Its items are about records marked H2 or TLP:RED: going anywhere but a terminal (here a pipe,
        // as to cron's mail), the agenda needs a reason and is recorded as an export, as `list` is.
        let refused = try runProcess([tandemBinary(), "agenda", "--journal", journal, "--user", "p.srisuk"] + at)
        #expect(refused.status == 2 && refused.output.hasPrefix("tandem: the agenda holds records marked H2, H3 or TLP:RED"), "\(refused.output)")
        let reason = ["--reason", "morning mail"]
        let text = try runProcess([tandemBinary(), "agenda", "--journal", journal, "--user", "p.srisuk"] + at + reason)
        #expect(text.status == 0)
        #expect(text.output.contains("LATE ITEM    JIT-TRAWLER  action 1 for IDN, due 2015-10-16"), "\(text.output)")
        #expect(text.output.contains("tandem: recorded as export EXP-"), "\(text.output)")
        let id = try #require(text.output.split(separator: "\n").first { $0.hasPrefix("tandem: recorded as export ") }?
            .dropFirst("tandem: recorded as export ".count).dropLast())
        let export = try runProcess([tandemBinary(), "log", "--journal", journal, "--user", "p.srisuk", "--entity", String(id), "--reason", "audit"])
        #expect(export.output.contains("p.srisuk  export.made  \(id)") && export.output.contains("agenda"), "\(export.output)")
        let json = try runProcess([tandemBinary(), "agenda", "--journal", journal, "--user", "p.srisuk", "--format", "json"] + at + reason)
        #expect(json.output.contains("\"items\":[{\"kind\":\"late-action\",\"code\":\"JIT-TRAWLER\",\"due\":\"2015-10-16T00:00:00Z\""), "\(json.output)")
        // Times in the officer's zone, --at typed in it too: 16:00 in Bangkok is 09:00 UTC, the same agenda.
        let inUTC = try runProcess([tandemBinary(), "agenda", "--journal", journal, "--user", "k.perera", "--tz", "UTC"] + at + reason)
        let inBangkok = try runProcess([tandemBinary(), "agenda", "--journal", journal, "--user", "k.perera", "--tz", "Asia/Bangkok",
                                        "--at", "2015-10-20 16:00"] + reason)
        let items = { (output: String) in output.split(separator: "\n").filter { !$0.hasPrefix("tandem:") } }
        #expect(items(inUTC.output).contains { $0.contains(" UTC (") } && !inUTC.output.contains("+07"), "\(inUTC.output)")
        #expect(items(inBangkok.output).contains { $0.contains(" +07 (") } && !items(inBangkok.output).contains { $0.contains(" UTC") },
                "\(inBangkok.output)")
        #expect(items(inBangkok.output).map { $0.prefix(30) } == items(inUTC.output).map { $0.prefix(30) })
        // At --at, as it stood then: a chase made the next day is not yet made.
        let before = try runProcess([tandemBinary(), "agenda", "--journal", journal, "--user", "liaison", "--tz", "UTC", "--at", "2015-10-06 09:00"] + reason)
        let vessel = try #require(items(before.output).first { $0.contains("IDN/AUS/15-206") }, "\(before.output)")
        #expect(vessel.contains("never chased") && !vessel.contains("last chased"), "\(vessel)")
        let after = try runProcess([tandemBinary(), "agenda", "--journal", journal, "--user", "liaison", "--tz", "UTC", "--at", "2015-10-08 09:00"] + reason)
        #expect(items(after.output).contains { $0.contains("IDN/AUS/15-206") && $0.contains("last chased 2015-10-07 04:33 UTC") }, "\(after.output)")
        // Nothing due: no output at all, and exit 0, for a login script.
        let quiet = try runProcess([tandemBinary(), "agenda", "--journal", journal, "--user", "nobody.here"] + at)
        #expect(quiet.status == 0 && quiet.output.isEmpty, "\(quiet.output)")
        let bad = try runProcess([tandemBinary(), "agenda", "--journal", journal, "--within", "soon"])
        #expect(bad.status == 2 && bad.output.contains("--within: \"soon\" is not a length of time"))
        // A key that cannot be opened is said once (it was "not written: not written: …").
        let keyless = try runProcess([tandemBinary(), "agenda", "--journal", journal, "--user", "p.srisuk"] + at + reason,
                                     extraEnvironment: ["TANDEM_KEYS": dir.file("no-keys")])
        #expect(keyless.status == 1 && keyless.output.hasPrefix("tandem: not written: p.srisuk must hold their key")
                && !keyless.output.contains("not written: not written"), "\(keyless.output)")
    }

    /// docs/tandem.1 is made by swift-argument-parser's plugin from the command
    /// definitions; it must name every command and option the binary has:
    ///     swift package --disable-sandbox plugin generate-manual && cp .build/plugins/GenerateManual/outputs/tandem/tandem.1 docs/
    @Test func theManualPageNamesEveryCommandAndOption() throws {
        let manual = try String(contentsOfFile: packageRoot() + "/docs/tandem.1", encoding: .utf8)
        let dump = try runProcess([tandemBinary(), "--experimental-dump-help"])
        #expect(dump.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.output.utf8)) as? [String: Any])
        var missing: [String] = []
        func look(_ command: [String: Any], isRoot: Bool) {
            if !isRoot, let name = command["commandName"] as? String, !manual.contains(".It Em \(name)") { missing.append(name) }
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool ?? true {
                for case let name as [String: Any] in argument["names"] as? [Any] ?? [] where name["kind"] as? String == "long" {
                    let option = name["name"] as! String
                    if !manual.contains("Fl -\(option)") { missing.append("--\(option)") }
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { look(sub, isRoot: false) }
        }
        look(try #require(root["command"] as? [String: Any]), isRoot: true)
        #expect(missing.isEmpty, "docs/tandem.1 lacks \(missing): make it again (see above)")
    }

    @Test func configShowSaysWhereEachSettingCameFrom() throws {
        let dir = TemporaryDirectory()
        let folder = dir.path + "/config"
        let show = [tandemBinary(), "config", "show"]
        let none = try runProcess(show, extraEnvironment: ["XDG_CONFIG_HOME": folder, "TANDEM_USER": "", "NO_COLOR": ""])
        #expect(none.status == 0 && none.output.contains("theme") && none.output.contains("standard"), "\(none.output)")
        mkdir(folder, 0o700)
        mkdir(folder + "/tandem", 0o700)
        writeBytes(folder + "/tandem/config.toml", Array("user = \"k.perera\"\ntheme = \"monochrome\"\n[keys]\nnew-record = \"N\"\n".utf8))
        func row(_ output: String, _ name: String) -> [String] {
            output.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map { $0.split(separator: " ").map(String.init) } ?? []
        }
        let fromFile = try runProcess(show, extraEnvironment: ["XDG_CONFIG_HOME": folder, "TANDEM_USER": "", "NO_COLOR": ""])
        #expect(row(fromFile.output, "user") == ["user", "k.perera", "file"], "\(fromFile.output)")
        #expect(row(fromFile.output, "theme") == ["theme", "monochrome", "file"])
        #expect(row(fromFile.output, "keys.new-record") == ["keys.new-record", "N", "file"])
        // `tandem config` alone shows them too (it printed its help).
        let bare = try runProcess([tandemBinary(), "config"], extraEnvironment: ["XDG_CONFIG_HOME": folder, "TANDEM_USER": "", "NO_COLOR": ""])
        #expect(bare.status == 0 && row(bare.output, "theme") == ["theme", "monochrome", "file"], "\(bare.output)")
        // The environment over the file, a flag over both.
        let fromEnvironment = try runProcess(show, extraEnvironment: ["XDG_CONFIG_HOME": folder, "TANDEM_USER": "liaison", "NO_COLOR": ""])
        #expect(row(fromEnvironment.output, "user") == ["user", "liaison", "environment"])
        let fromFlag = try runProcess(show + ["--user", "p.srisuk", "--no-mouse"], extraEnvironment: ["XDG_CONFIG_HOME": folder, "TANDEM_USER": "liaison", "NO_COLOR": ""])
        #expect(row(fromFlag.output, "user") == ["user", "p.srisuk", "flag"])
        #expect(row(fromFlag.output, "mouse") == ["mouse", "false", "flag"])
        // Who you are comes from the file for every command.
        let agenda = try runProcess([tandemBinary(), "agenda", "--journal", dir.copyOfSample(), "--at", "2015-10-20 09:00", "--format", "json",
                                     "--reason", "config test"],
                                    extraEnvironment: ["XDG_CONFIG_HOME": folder, "TANDEM_USER": "", "NO_COLOR": ""])
        #expect(agenda.output.contains("\"user\":\"k.perera\""), "\(agenda.output)")
        // A bad file is named, line and key, and the defaults stay in force.
        writeBytes(folder + "/tandem/config.toml", Array("theme = \"neon\"\n".utf8))
        let bad = try runProcess(show, extraEnvironment: ["XDG_CONFIG_HOME": folder, "NO_COLOR": ""])
        #expect(bad.output.contains("problem: line 1, theme: is one of"), "\(bad.output)")
        #expect(row(bad.output, "theme") == ["theme", "standard", "default"])
        // A zone the system does not know is shown here, where an officer looks for it (this command
        // refused it before, like the rest); the commands that take or show times refuse it, naming the file.
        writeBytes(folder + "/tandem/config.toml", Array("time-zone = \"Asia/Nowhere\"\n".utf8))
        let zoneless = ["XDG_CONFIG_HOME": folder, "NO_COLOR": "", "TZ": ""]
        let unknown = try runProcess(show, extraEnvironment: zoneless)
        #expect(unknown.status == 0 && unknown.output.contains("problem: config.toml time-zone: unknown time zone \"Asia/Nowhere\""),
                "\(unknown.output)")
        #expect(row(unknown.output, "time-zone") == ["time-zone", "Asia/Nowhere", "(unknown)", "file"])
        let log = try runProcess([tandemBinary(), "log", "--journal", dir.copyOfSample()], extraEnvironment: zoneless)
        #expect(log.status == 2 && log.output.contains("config.toml time-zone: unknown time zone"), "\(log.output)")
    }

    @Test func versionAndAMistypedCommand() throws {
        let version = try runProcess([tandemBinary(), "--version"])
        #expect(version.status == 0)
        #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(version.output)")
        let typo = try runProcess([tandemBinary(), "verfy"])
        #expect(typo.status == 2)
        #expect(typo.output.contains("tandem: unknown command \"verfy\"; did you mean \"verify\"?"), "\(typo.output)")
        let bogus = try runProcess([tandemBinary(), "bogus"])
        #expect(bogus.status == 2)
        #expect(bogus.output.contains("unknown command \"bogus\""), "\(bogus.output)")
        #expect(!bogus.output.contains("USAGE"), "not the usage of the default command")
        // An option first is still the default command's.
        let help = try runProcess([tandemBinary(), "--help"])
        #expect(help.status == 0)
    }

    @Test func listRefusesAnUnknownFilterTermAsTheConsoleDoes() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        for (filter, message) in [("foo:bar", "--filter: Enquiries have no field \"foo\""),
                                  ("status:answered", "--filter: status: \"answered\" is not one of: draft, submitted, sent")] {
            let run = try runProcess([tandemBinary(), "list", "enquiries", "--journal", journal, "--filter", filter])
            #expect(run.status == 2, "\(filter): \(run.output)")
            #expect(run.output.contains(message), "\(run.output)")
            #expect(!run.output.contains("Reference"), "no header is printed")
        }
    }

    /// Standard output alone: runs here capture standard error with it, where notices go.
    func withoutNotices(_ output: String) -> String {
        output.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("tandem: ") }.joined(separator: "\n")
    }

    /// Finding 4 of "Every change is signed": restricted records are not read out to anyone.
    /// Off the roster they are withheld; on it, sent anywhere but a terminal, they are an
    /// export: refused without a reason, and recorded before a line is written.
    @Test func restrictedRecordsAreWithheldOffTheRosterAndRecordedWhenPiped() throws {
        let outsider = try runProcess([tandemBinary(), "list", "networks", "--journal", sample, "--user", "someone.else"])
        #expect(outsider.status == 0)
        #expect(!outsider.output.contains("NET-K8RZ"), "TLP:RED withheld")
        #expect(outsider.output.contains("NET-W2TD"), "TLP:AMBER is listed")
        #expect(outsider.output.contains("records marked H2, H3 or TLP:RED withheld: someone.else is not on the roster"))
        let outsiderLog = try runProcess([tandemBinary(), "log", "--journal", sample, "--entity", "V-7QM2XA", "--user", "someone.else"])
        #expect(outsiderLog.output.contains("(withheld: a victim's record; someone.else is not on the roster)"), "\(outsiderLog.output)")
        let networkLog = try runProcess([tandemBinary(), "log", "--journal", sample, "--entity", "NET-K8RZ", "--user", "someone.else"])
        #expect(networkLog.output.contains("(withheld: marked TLP:RED; someone.else is not on the roster)"), "\(networkLog.output)")
        #expect(!outsiderLog.output.contains("MMR"))
        let before = sampleEvents
        let unasked = try runProcess([tandemBinary(), "list", "networks", "--journal", sample, "--user", "liaison"])
        #expect(unasked.status == 2 && unasked.output.contains("give --reason (it is recorded as an export)"))
        #expect(!unasked.output.contains("NET-K8RZ") && sampleEvents == before, "nothing written out, nothing recorded")
        let asked = try runProcess([tandemBinary(), "list", "networks", "--journal", sample, "--user", "liaison", "--reason", "briefing IDN",
                                    "--for", "IDN liaison officer"])
        #expect(asked.status == 0 && asked.output.contains("NET-K8RZ"))
        let records = try Journal.open(at: sample, create: false, readOnly: true, now: { .init(secondsSinceEpoch: 0) }).records
        guard case .exportMade(let export)? = records.last?.event.change else { Issue.record("not recorded"); return }
        #expect(export.format == "list" && export.destination == "standard output" && export.restricted && export.reason == "briefing IDN"
                && export.recipient == "IDN liaison officer" && records.last?.event.actor == "liaison")
    }

    @Test func listPrintsAPaneFilteredAsInTheConsole() throws {
        let listed = try runProcess([tandemBinary(), "list", "enquiries", "--journal", sample, "--filter", "to:THA", "--user", "k.perera",
                                     "--reason", "weekly review"])
        #expect(listed.status == 0)
        let lines = withoutNotices(listed.output).split(separator: "\n")
        #expect(lines.first?.hasPrefix("Reference\tFrom→To\tChannel") == true)
        #expect(lines.count > 3 && lines.dropFirst().allSatisfy { $0.contains("→THA") })
        let bad = try runProcess([tandemBinary(), "list", "suspects", "--journal", sample])
        #expect(bad.status == 2)
    }

    @Test func generateWritesTheSameJournalForTheSameSeed() throws {
        let dir = TemporaryDirectory()
        let a = try runProcess([tandemBinary(), "generate", "--events", "3000", "--seed", "5", "--out", dir.file("a.jsonl")])
        let b = try runProcess([tandemBinary(), "generate", "--events", "3000", "--seed", "5", "--out", dir.file("b.jsonl")])
        #expect(a.status == 0 && b.status == 0)
        #expect(a.output == "Wrote 3,000 events to \(dir.file("a.jsonl")), each commit signed; the made-up officers' keys are in \(dir.file("a.jsonl")).keys.\n",
                "quiet when piped: no progress")
        #expect(readBytes(dir.file("a.jsonl")) == readBytes(dir.file("b.jsonl")))
        let verified = try runProcess([tandemBinary(), "verify", "--journal", dir.file("a.jsonl")])
        #expect(verified.status == 0 && verified.output.contains("intact: 3,000 records") && verified.output.contains("3,000 signatures"))
        let again = try runProcess([tandemBinary(), "generate", "--events", "10", "--out", dir.file("a.jsonl")])
        #expect(again.status == 1, "an existing file is never overwritten")
    }

    @Test func reportGivesTheDebriefStatement() throws {
        let markdown = try runProcess([tandemBinary(), "report", "--operation", "JPA-2015", "--journal", sample])
        #expect(markdown.status == 0)
        #expect(markdown.output.contains("- trafficked persons assisted: **59**"))
        #expect(markdown.output.contains("- officers trained: **485**"))
        let json = try runProcess([tandemBinary(), "report", "--operation", "jpa-2015", "--journal", sample, "--format", "json"])
        #expect(json.status == 0)
        #expect(json.output.hasPrefix("{\"operation\":\"JPA-2015\""))
        #expect(json.output.contains("\"arrests\":32"))
        let unknown = try runProcess([tandemBinary(), "report", "--operation", "JPA-2099", "--journal", sample])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("no operation \"JPA-2099\" in \(sample); it has: JPA-2015."))
        let badFormat = try runProcess([tandemBinary(), "report", "--operation", "JPA-2015", "--journal", sample, "--format", "pdf"])
        #expect(badFormat.status == 2)
        let badCutOff = try runProcess([tandemBinary(), "report", "--journal", sample, "--as-of", "garbage"])
        #expect(badCutOff.status == 2 && badCutOff.output.contains("--as-of: \"garbage\" is not a date (use 2015-10-05")
                && badCutOff.output.hasSuffix(".\n"), "\(badCutOff.output)")
        // Without --operation, the one the Dashboard shows: the config file's, else the one under way at the cut-off.
        let defaulted = try runProcess([tandemBinary(), "report", "--journal", sample, "--as-of", "2015-10-20"])
        let named = try runProcess([tandemBinary(), "report", "--operation", "JPA-2015", "--journal", sample, "--as-of", "2015-10-20"])
        #expect(defaulted.status == 0 && defaulted.output == named.output)
        let settings = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: settings.file("tandem"), withIntermediateDirectories: true)
        writeBytes(settings.file("tandem/config.toml"), Array("[dashboard]\noperation = \"JPA-2099\"\n".utf8))
        let configured = try runProcess([tandemBinary(), "report", "--journal", sample], extraEnvironment: ["XDG_CONFIG_HOME": settings.path])
        #expect(configured.status == 1
                && configured.output.contains("no operation \"JPA-2099\" (the config file's dashboard operation) in \(sample); it has: JPA-2015."),
                "\(configured.output)")
        // A correction in a copy changes the report: one arrest less, counted as corrected.
        let dir = TemporaryDirectory()
        let copy = dir.copyOfSample()
        let when = Timestamp(iso8601: "2015-10-20T09:00:00Z")!
        let opened = try Journal.open(at: copy, create: false, now: { when })
        opened.journal.signers = sampleSigners
        let caseFile = CaseFile(replaying: opened.records.map(\.event))
        let operation = try #require(caseFile.operations["JPA-2015"])
        let period = operation.start...operation.end
        let candidates = caseFile.numberedOutcomes(of: "JIT-TRAWLER").filter { (entry: (number: Int, outcome: Outcome)) in
            entry.outcome.kind == .arrests && entry.outcome.count >= 2 && period.contains(entry.outcome.day)
        }
        let (number, outcome) = try #require(candidates.first)
        _ = try opened.journal.commit { _ in
            try caseFile.decide(.outcomeCorrected(OutcomeCorrection(entity: "JIT-TRAWLER", number: number, count: outcome.count - 1,
                                                                    reason: "one arrest counted twice")), by: "p.srisuk", at: when)
        }
        opened.journal.close()
        let corrected = try runProcess([tandemBinary(), "report", "--operation", "JPA-2015", "--journal", copy, "--format", "json"])
        #expect(corrected.output.contains("\"arrests\":31"), "\(corrected.output)")
        // With a second operation (recorded in 2016), the one under way at the cut-off is reported, else the last one ended.
        let later = Timestamp(iso8601: "2016-09-01T09:00:00Z")!
        let reopened = try Journal.open(at: copy, create: false, now: { later })
        reopened.journal.signers = sampleSigners
        let next = Operation(code: "JPA-2016", name: "Joint Period of Action 2016", start: Day(iso8601: "2016-09-26")!,
                             end: Day(iso8601: "2016-10-26")!, countries: [CountryCode("THA")!, CountryCode("IDN")!])
        _ = try reopened.journal.commit { _ in
            try CaseFile(replaying: reopened.records.map(\.event)).decide(.operationCreated(next), by: "k.perera", at: later)
        }
        reopened.journal.close()
        func reported(asOf day: String) throws -> String {
            try runProcess([tandemBinary(), "report", "--journal", copy, "--format", "json", "--as-of", day]).output
        }
        #expect(try reported(asOf: "2015-10-20").hasPrefix("{\"operation\":\"JPA-2015\""))
        #expect(try reported(asOf: "2016-06-01").hasPrefix("{\"operation\":\"JPA-2015\""), "the last one ended")
        let underWay = try reported(asOf: "2016-10-01")
        #expect(underWay.hasPrefix("{\"operation\":\"JPA-2016\""), "the one under way: \(underWay.prefix(300))")
    }

    @Test func exportIsRecordedAndRestrictedRecordsNeedAReason() throws {
        let dir = TemporaryDirectory()
        let journal = dir.file("journal.jsonl")
        writeBytes(journal, readBytes(sample))
        let before = readBytes(journal)
        let refused = try runProcess([tandemBinary(), "export", "--journal", journal, "--out", dir.file("out"), "--user", "liaison"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("not exported: reason: the export includes records marked H2, H3 or TLP:RED; state why they are exported."))
        #expect(readBytes(journal) == before)
        #expect(!FileManager.default.fileExists(atPath: dir.file("out")))

        let done = try runProcess([tandemBinary(), "export", "--journal", journal, "--out", dir.file("out"), "--user", "liaison",
                                   "--reason", "partners' meeting", "--for", "IDN liaison officer"])
        #expect(done.status == 0, "\(done.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.file("out")).sorted()
        #expect(files == ["enquiries.csv", "investigations.csv", "networks.csv", "referrals.csv", "suspects.csv", "victim-counts.csv"])
        #expect(fileMode(dir.file("out/enquiries.csv")) == 0o600)
        #expect(readText(dir.file("out/networks.csv")).hasPrefix("code,name,aliases,crime types,sectors,route,modus operandi,reliability,accuracy,status,handling,handling downgraded\r\n"))
        let records = try Journal.open(at: journal, create: false, readOnly: true, now: { .init(secondsSinceEpoch: 0) }).records
        guard case .exportMade(let export)? = records.last?.event.change else { Issue.record("the export was not journalled"); return }
        #expect(records.last?.event.actor == "liaison")
        #expect(export.reason == "partners' meeting" && export.recipient == "IDN liaison officer")
        #expect(!export.includesVictims && export.restricted)
        #expect(export.destination == dir.file("out"))

        let victims = try runProcess([tandemBinary(), "export", "--journal", journal, "--out", dir.file("json"), "--user", "liaison",
                                      "--format", "json", "--include-victims", "--reason", "victim support referral"])
        #expect(victims.status == 0)
        let json = try JSONParser.parse(readText(dir.file("json/tandem-export.json")).trimmingCharacters(in: .newlines))
        guard case .array(let rows)? = json["tables"]?["victims"], case .array(let counts)? = json["tables"]?["victim-counts"] else {
            Issue.record("no victims tables"); return
        }
        // Of the sample's five victims only those who consented to sharing leave one by one; the others only as counts.
        #expect(!rows.isEmpty && rows.allSatisfy { $0["consent to share"] == .string("yes") })
        let counted = counts.reduce(0) { total, row in
            if case .string(let n)? = row["victims"] { total + (Int(n) ?? 0) } else { total }
        }
        #expect(rows.count + counted == 5)
        #expect(counts.allSatisfy { $0["handling"] == .string("TLP:RED") })
        #expect(try Journal.verify(at: journal).isIntact)
    }

    @Test func importAppliesEverythingOrNothing() throws {
        let dir = TemporaryDirectory()
        let journal = dir.file("journal.jsonl")
        writeBytes(journal, readBytes(sample))
        let before = readBytes(journal)
        let bad = dir.file("bad.csv")
        writeBytes(bad, Array("reference,requesting,requested,channel,subject,handling\nX-1,AUS,THA,police-to-police,Fine,H2\nX-2,AUS,QQQ,police-to-police,Bad,H2\n".utf8))
        let refused = try runProcess([tandemBinary(), "import", "--journal", journal, "--csv", bad, "--kind", "enquiries", "--user", "liaison"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("\(bad): line 3, column requested: unknown country code \"QQQ\""))
        #expect(refused.output.contains("nothing imported: 1 problem in \(bad)."))
        #expect(readBytes(journal) == before)
        let good = dir.file("good.csv")
        writeBytes(good, Array("reference,requesting,requested,channel,subject,handling\nX-1,AUS,THA,police-to-police,One,H2\nX-2,AUS,NZL,mla,Two,H1\n".utf8))
        let done = try runProcess([tandemBinary(), "import", "--journal", journal, "--csv", good, "--kind", "enquiries", "--user", "liaison"])
        #expect(done.status == 0)
        let n = readText(journal).split(separator: "\n").count - 1
        #expect(done.output == "Imported 2 enquiries from \(good) in one commit (journal records #\(n - 1)–#\(n)).\n")
        let investigator = try runProcess([tandemBinary(), "import", "--journal", journal, "--csv", good, "--kind", "enquiries", "--user", "p.srisuk"])
        #expect(investigator.output.contains("column role: only a liaison officer or supervisor may create an enquiry; p.srisuk is an investigator"))
    }

    @Test func anImportIntoANewJournalMakesItWholeOrNotAtAll() throws {
        let dir = TemporaryDirectory()
        let journal = dir.file("unit/journal.jsonl")
        let bad = dir.file("bad.csv")
        writeBytes(bad, Array("reference,requesting,requested,channel,subject,handling\nX-1,AUS,THA,police-to-police,Fine,H2\nX-2,AUS,QQQ,police-to-police,Bad,H2\n".utf8))
        // A --journal path with no journal is taken for a mistake unless --create says otherwise.
        let mistyped = try runProcess([tandemBinary(), "import", "--journal", journal, "--csv", bad, "--kind", "enquiries"])
        #expect(mistyped.status == 2)
        #expect(mistyped.output.contains("there is no journal at \(journal); check the path, or give --create to make a new journal there."))
        let refused = try runProcess([tandemBinary(), "import", "--journal", journal, "--create", "--csv", bad, "--kind", "enquiries"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("nothing imported: 1 problem in \(bad)."))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.file("unit"))) == [])
        let good = dir.file("good.csv")
        writeBytes(good, Array("reference,requesting,requested,channel,subject,handling\nX-1,AUS,THA,police-to-police,One,H2\nX-2,AUS,NZL,mla,Two,H1\n".utf8))
        let done = try runProcess([tandemBinary(), "import", "--journal", journal, "--create", "--csv", good, "--kind", "enquiries"])
        #expect(done.status == 0)
        #expect(done.output.contains("tandem: Created a new journal at \(journal)."))
        #expect(done.output.contains("Imported 2 enquiries from \(good) in one commit (journal records #1–#2)."))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.file("unit"))) == ["journal.jsonl"])
        #expect(try Journal.verify(at: journal).isIntact)
        let listed = try runProcess([tandemBinary(), "list", "enquiries", "--journal", journal, "--reason", "check the import"])
        #expect(listed.output.contains("X-1") && listed.output.contains("X-2"))
        // One row is one enquiry, its history's one step one step (it said "1 enquiries" and "1 dated steps").
        let one = dir.file("one.csv")
        writeBytes(one, Array("reference,requesting,requested,channel,subject,handling,status\nX-9,AUS,THA,police-to-police,Nine,H2,submitted\n".utf8))
        let single = try runProcess([tandemBinary(), "import", "--journal", journal, "--csv", one, "--kind", "enquiries"])
        #expect(single.output.contains("Imported 1 enquiry, with 1 dated step of its history from \(one) in one commit (journal records #4–#5)."),
                "\(single.output)")
        // One row and no history: one journal record, said so (it said "journal records #6–#6").
        let lone = dir.file("lone.csv")
        writeBytes(lone, Array("reference,requesting,requested,channel,subject,handling\nX-10,AUS,THA,police-to-police,Ten,H2\n".utf8))
        let alone = try runProcess([tandemBinary(), "import", "--journal", journal, "--csv", lone, "--kind", "enquiries"])
        #expect(alone.output.contains("Imported 1 enquiry from \(lone) in one commit (journal record #6)."), "\(alone.output)")
        // A spreadsheet saved in another encoding is refused, naming where, before any row is read.
        let latin = dir.file("latin.csv")
        writeBytes(latin, Array("reference,requesting,requested,channel,subject,handling\nX-3,AUS,THA,mla,Caf".utf8) + [0xE9] + Array(",H2\n".utf8))
        let before = readBytes(journal)
        let notText = try runProcess([tandemBinary(), "import", "--journal", journal, "--csv", latin, "--kind", "enquiries"])
        #expect(notText.status == 1)
        #expect(notText.output.contains("\(latin) is not UTF-8 text (line 2, byte offset 75); save the spreadsheet as CSV UTF-8."))
        #expect(readBytes(journal) == before)
    }

    @Test func randomCommandLinesAreRefusedWithAMessageNeverACrash() throws {
        let words = ["verify", "log", "report", "export", "import", "open", "--journal", "--entity", "--operation", "--format",
                     "--csv", "--kind", "--out", "--user", "--bogus", "-x", "", "json", "csv", "pdf", "enquiries", "nope",
                     "\u{1B}[2J", "ไทย", "--include-victims", "--reason", "--demo", "--read-only", scratch.file("missing")]
        var rng = SystemRandomNumberGenerator()
        var runs = 0
        for _ in 0..<120 {
            let arguments = (0..<Int.random(in: 1...5, using: &rng)).map { _ in words.randomElement(using: &rng)! }
            // In a scratch folder, with a scratch data home: nothing a fuzzed command writes lands anywhere real.
            let result = try runProcess([tandemBinary()] + arguments, directory: scratch.path,
                                        extraEnvironment: ["XDG_DATA_HOME": scratch.path, "HOME": scratch.path])
            runs += 1
            // 0 (it worked), 1 (a check failed) or 2 (bad usage): never a signal, never a stack trace.
            #expect([0, 1, 2].contains(result.status), "\(arguments) exited \(result.status): \(result.output)")
            #expect(!result.output.contains("Fatal error") && !result.output.contains("Stack dump"), "\(arguments): \(result.output)")
        }
        print("command-line fuzz: \(runs) runs")
    }

    @Test func badUsageExitsTwo() throws {
        let result = try runProcess([tandemBinary(), "verify", "--bogus"])
        #expect(result.status == 2)
        #expect(result.output.contains("Unknown option '--bogus'"))
    }
}
