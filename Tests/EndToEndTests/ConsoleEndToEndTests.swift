import Foundation
import Testing
import TestSupport

/// Runs the real binary in tmux. `.ci/run` installs tmux; on a machine
/// without it these tests are skipped (and fail under CI, where it must be there).
// Three minutes: under the whole suite the two cores are shared with the PostgreSQL suites' servers and
// consoles, and each look at the screen (a tmux process) can take seconds; alone a test takes a few.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: Tmux.isAvailable || ProcessInfo.processInfo.environment["CI"] != nil, "tmux is not installed"))
struct ConsoleEndToEndTests {
    func lineCount(_ path: String) -> Int { readBytes(path).filter { $0 == 0x0A }.count }

    /// How many enquiries the sample journal holds, as the tab bar counts them.
    var sampleEnquiries: Int {
        readText(sampleJournalPath).components(separatedBy: "\"type\":\"enquiry.created\"").count - 1
    }

    @Test func createAnEnquiryQuitReopenAndFindIt() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let before = lineCount(journal)
        let command = [tandemBinary(), "--journal", journal, "--user", "liaison"]

        let tmux = Tmux()
        try tmux.start(command, width: 100, height: 30)
        // A screen is painted in pieces: wait until every part looked for is there.
        let first = try tmux.waitFor("the console") { $0.contains("NCB referrals") && $0.contains("NET-7KQ2") && $0.contains("liaison") }
        for title in ["Networks", "Joint investigations", "Enquiries", "NCB referrals"] { #expect(first.contains(title)) }
        #expect(first.contains("NET-7KQ2"))
        #expect(first.contains("liaison"))

        try tmux.send("3")
        try tmux.waitFor("the enquiries") { $0.contains("AUS/PHL/15-114") }
        try tmux.send("n")
        try tmux.waitFor("the form") { $0.contains("New enquiry") }
        try tmux.type("NZL/THA/15-301")
        try tmux.send("Tab")
        try tmux.type("NZL")
        try tmux.send("Tab")
        try tmux.type("THX")
        try tmux.send("Tab", "Tab", "Tab")
        try tmux.type("Vessel registration: กรุงเทพ 船")
        try tmux.send("C-s")
        let refused = try tmux.waitFor("the refusal") { $0.contains("✗ requested country: unknown country code") }
        #expect(refused.contains("requested country"))
        #expect(lineCount(journal) == before, "a refused form wrote to the journal")
        try tmux.send("BSpace")
        try tmux.type("A")
        try tmux.send("C-s")
        let saved = try tmux.waitFor("the save") { $0.contains("Saved NZL/THA/15-301") && $0.contains("Vessel registration: กรุงเทพ 船") }
        #expect(saved.contains("Vessel registration: กรุงเทพ 船"))
        #expect(lineCount(journal) == before + 1)

        // Resizing redraws the layout to the new size.
        try tmux.resize(width: 80, height: 24)
        let small = try tmux.waitFor("the 80×24 layout") { screen in
            screen.split(separator: "\n").count <= 24 && screen.contains("4 NCB ref. │") && !screen.contains("(\(sampleEnquiries + 1))")
        }
        for line in small.split(separator: "\n") { #expect(line.count <= 80, "line wider than 80: \(line)") }
        try tmux.resize(width: 50, height: 12)
        try tmux.waitFor("the too-small notice") { $0.contains("Terminal too small") }
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor("the full layout again") { $0.contains("NCB referrals (5)") }

        try tmux.send("q")
        try tmux.waitForExit()

        let again = Tmux()
        try again.start(command, width: 100, height: 30)
        try again.waitFor("the console") { $0.contains("NCB referrals") }
        try again.send("3", "G")
        let listed = try again.waitFor("the saved enquiry") { $0.contains("NZL/THA/15-301") && $0.contains("Enquiries (\(sampleEnquiries + 1))") }
        #expect(listed.contains("Enquiries (\(sampleEnquiries + 1))"))
        try again.send("q")
        try again.waitForExit()
        #expect(lineCount(journal) == before + 1)
    }

    @Test func createSendChaseFilterQuitAndReopen() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let before = lineCount(journal)
        let command = [tandemBinary(), "--journal", journal, "--user", "k.perera"]
        let tmux = Tmux()
        try tmux.start(command, width: 100, height: 30)
        try tmux.waitFor("the console") { $0.contains("5 Dashboard") }
        // A new urgent enquiry, due an hour ago: sent at once, it is overdue.
        try tmux.send("3", "n")
        try tmux.waitFor("the form") { $0.contains("New enquiry") }
        try tmux.type("LKA/MDV/26-001")
        try tmux.send("Tab")
        try tmux.type("LKA")
        try tmux.send("Tab")
        try tmux.type("MDV")
        try tmux.send("Tab", "Tab", "Tab")
        try tmux.type("Placement agency director's travel")
        try tmux.send("Tab", "Tab")   // past coercive measures (none) to the due date
        try tmux.type("+0h")
        try tmux.send("C-s")
        try tmux.waitFor("the save") { $0.contains("Saved LKA/MDV/26-001") }
        try tmux.send("s")
        try tmux.waitFor("the status picker") { $0.contains("Status of LKA/MDV/26-001") }
        try tmux.send("Down", "Enter")   // past "submitted for approval": a supervisor sends it at once
        try tmux.waitFor("sent") { $0.contains("status → sent") }
        try tmux.send("c")
        try tmux.waitFor("the chase form") { $0.contains("Chase LKA/MDV/26-001") }
        try tmux.send("C-s")   // by phone (the first means), now
        try tmux.waitFor("the chase") { $0.contains("LKA/MDV/26-001 to the journal: chased by phone") }
        // (What falls overdue as time passes is tested with an injected clock, not by waiting here.)
        try tmux.send("/")
        try tmux.type("status:sent to:MDV")
        try tmux.send("Enter")
        let filtered = try tmux.waitFor("the filter") { $0.contains("Filter: status:sent to:MDV") && $0.contains("LKA/MDV/26-001") }
        #expect(filtered.contains("LKA/MDV/26-001"))
        try tmux.send("q")
        try tmux.waitForExit()
        #expect(lineCount(journal) == before + 3)   // created, sent, chased

        let again = Tmux()
        try again.start(command, width: 100, height: 30)
        try again.waitFor("the console") { $0.contains("5 Dashboard") }
        try again.send("3", ":")
        try again.type("goto LKA/MDV/26-001")
        try again.send("Enter", "Enter")
        let detail = try again.waitFor("the history") { $0.contains("enquiry.chased") && $0.contains("k.perera  enquiry.status: status → sent") }
        #expect(detail.contains("k.perera  enquiry.status: status → sent"))
        try again.send("q")
        try again.waitForExit()
        let log = try runProcess([tandemBinary(), "log", "--journal", journal, "--entity", "LKA/MDV/26-001"])
        #expect(log.output.split(separator: "\n").count == 3)
    }

    @Test func aConsoleShowsWhatAnotherProcessAppends() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let tmux = Tmux()
        try tmux.start([tandemBinary(), "--journal", journal, "--user", "liaison"], width: 100, height: 30)
        try tmux.waitFor("the console") { $0.contains("Enquiries (\(sampleEnquiries))") }
        let writer = try runProcess([testkitBinary(), "append-events", "--journal", journal, "--count", "1", "--prefix", "OTHER", "--user", "liaison"])
        #expect(writer.status == 0)
        // The tab bar and the status bar are painted one after the other: wait for both.
        let screen = try tmux.waitFor("the other process's enquiry") {
            $0.contains("Enquiries (\(sampleEnquiries + 1))") && $0.contains("1 change arrived from another console.")
        }
        // Consoles look four times a second; how soon is not asserted (a loaded machine is slower), only that it comes.
        #expect(screen.contains("Enquiries (\(sampleEnquiries + 1))"))
        try tmux.send("q")
        try tmux.waitForExit()
    }

    /// An officer off the roster reads what `tandem list` shows them; once a supervisor adds them
    /// from another process, the console shows the records it withheld.
    @Test func whatIsWithheldFromSomeoneOffTheRosterAppearsOnceTheyAreOnIt() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let tmux = Tmux()
        try tmux.start([tandemBinary(), "--journal", journal, "--user", "visitor"], width: 100, height: 30)
        let before = try tmux.waitFor("the console") { $0.contains("withheld │ visitor (not on the roster: read only)") && $0.contains("NET-3HXB") }
        #expect(!before.contains("NET-K8RZ"), "TLP:RED is withheld")
        #expect(before.contains("Networks (2)"))
        let added = try runProcess([tandemBinary(), "user", "add", "visitor", "--role", "investigator", "--journal", journal, "--user", "k.perera"])
        #expect(added.status == 0, "\(added.output)")
        let after = try tmux.waitFor("the withheld records") { $0.contains("NET-K8RZ") && $0.contains("visitor (investigator)") }
        #expect(after.contains("Networks (6)") && !after.contains("withheld"))
        try tmux.send("q")
        try tmux.waitForExit()
    }

    @Test func theFirstOpeningMakesACommentedConfigFileAndABadOneIsSaid() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let folder = dir.path + "/config"
        let command = ["env", "XDG_CONFIG_HOME=\(folder)", tandemBinary(), "--journal", journal, "--user", "liaison"]
        let tmux = Tmux()
        try tmux.start(command, width: 100, height: 30)
        try tmux.waitFor("the console") { $0.contains("5 Dashboard") }
        try tmux.send("q")
        try tmux.waitForExit()
        let made = try String(contentsOfFile: folder + "/tandem/config.toml", encoding: .utf8)
        #expect(made.contains("# theme = \"standard\""))
        #expect(fileMode(folder + "/tandem/config.toml") == 0o600)
        // Never written again: what the officer wrote stays, and a mistake in it is said on the status bar.
        try "[keys]\nnew-record = \"s\"\n".write(toFile: folder + "/tandem/config.toml", atomically: false, encoding: .utf8)
        let again = Tmux()
        try again.start(command, width: 100, height: 30)
        // (in full once the status bar no longer says the signatures are being checked)
        let screen = try again.waitFor("the problem") { $0.contains("config.toml line 1, keys: s would do both") && !$0.contains("checking signatures") }
        #expect(screen.contains("settings in force (tandem config show)"))
        try again.send("q")
        try again.waitForExit()
        #expect(try String(contentsOfFile: folder + "/tandem/config.toml", encoding: .utf8) == "[keys]\nnew-record = \"s\"\n")
    }

    /// A journal behind the newest checkpoint its officer has seen of it is named at
    /// once, the checkpoint's time in the officer's zone; the demo, a fresh copy of the
    /// sample each time (every copy shares the sample's id), is not compared.
    @Test func aJournalBehindItsCheckpointIsNamedButTheDemoIsNot() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let folder = dir.path + "/config"
        let id = try #require(readText(journal).split(separator: "\n").first.flatMap { line in
            line.range(of: "\"id\":\"").map { line[$0.upperBound...].prefix { $0 != "\"" } }
        })
        try FileManager.default.createDirectory(atPath: folder + "/tandem/checkpoints", withIntermediateDirectories: true)
        try "9999 \(String(repeating: "ab", count: 32)) 2015-10-20T09:00:00Z\n".write(toFile: folder + "/tandem/checkpoints/\(id)", atomically: false, encoding: .utf8)
        let environment = ["TERM=screen-256color", "XDG_CONFIG_HOME=\(folder)", "TZ=Asia/Bangkok"]
        let behind = Tmux()
        try behind.start([tandemBinary(), "--journal", journal, "--user", "liaison"], width: 100, height: 30, environment: environment)
        let screen = try behind.waitFor("the warning") { $0.contains("before the checkpoint of") }
        #expect(screen.contains("before the checkpoint of 2015-10-20 16:00 +07 at record 9999"), "\(screen)")
        try behind.send("q")
        try behind.waitForExit()
        let demo = Tmux()
        try demo.start([tandemBinary(), "--demo"], width: 100, height: 30, environment: environment)
        let demoScreen = try demo.waitFor("the demo") { $0.contains("5 Dashboard") && $0.contains("NET-7KQ2") && !$0.contains("checking signatures") }
        #expect(!demoScreen.contains("checkpoint"), "\(demoScreen)")
        try demo.send("q")
        try demo.waitForExit()
    }

    @Test func sigtermRestoresTheTerminalAndExits() throws {
        let dir = TemporaryDirectory()
        let journal = dir.file("journal.jsonl")
        let tmux = Tmux()
        // Keep the pane after tandem exits so the restored screen can be read.
        try tmux.start(["sh", "-c", "\(tandemBinary()) --journal \(journal) --create --user t < /dev/tty & echo $! > \(dir.file("pid")); wait $!; echo exited:$?; sleep 30"], width: 80, height: 24)
        try tmux.waitFor("the console") { $0.contains("5 Dashboard") }
        let pid = Int32(String(decoding: readBytes(dir.file("pid")), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))!
        kill(pid, SIGTERM)
        let after = try tmux.waitFor("the exit") { $0.contains("exited:") }
        #expect(after.contains("exited:143"))
        #expect(!after.contains("5 Dashboard"), "the console was left on screen: \(after)")
    }

    /// A large journal leaves a snapshot beside it (0600) after the console's
    /// first opening; the next opening starts from it, a change made at once
    /// waits for the check of the lines it stood for, and the journal verifies.
    @Test func aLargeJournalOpensFromItsSnapshotAndStaysWhole() throws {
        let dir = TemporaryDirectory()
        let journal = dir.file("journal.jsonl")
        let made = try runProcess([tandemBinary(), "generate", "--events", "12000", "--seed", "3", "--out", journal])
        #expect(made.status == 0, "\(made.output)")
        let snapshot = journal + ".snapshot"
        let command = [tandemBinary(), "--journal", journal, "--user", "sup1", "--keys", journal + ".keys"]

        let first = Tmux()
        try first.start(command, width: 100, height: 30)
        try first.waitFor("the console") { $0.contains("NCB referrals") && $0.contains("sup1") }
        // The snapshot is saved once every signature it stands for has been checked.
        try first.waitFor("the signatures checked") { !$0.contains("checking signatures") }
        try first.send("q")
        try first.waitForExit()
        #expect(FileManager.default.fileExists(atPath: snapshot), "no snapshot after opening 12,000 events")
        #expect(fileMode(snapshot) == 0o600)
        // A snapshot is written under another name and renamed: a new one is a new file.
        func fileNumber() -> Int? { try? FileManager.default.attributesOfItem(atPath: snapshot)[.systemFileNumber] as? Int }
        let madeFirst = fileNumber()
        #expect(madeFirst != nil)

        let second = Tmux()
        try second.start(command, width: 100, height: 30)
        try second.waitFor("the console") { $0.contains("NCB referrals") && $0.contains("sup1") }
        try second.send("a")
        try second.waitFor("the note editor") { $0.contains("Ctrl-S saves") }
        try second.type("read from the snapshot")
        try second.send("C-s")
        try second.waitFor("the save") { $0.contains("Saved") && $0.contains("read from the snapshot") }
        try second.send("q")
        try second.waitForExit()
        // Read from the snapshot, the second opening replayed nothing, so it had no cause to make another.
        #expect(fileNumber() == madeFirst, "the second opening replayed the journal instead of reading its snapshot")

        let verified = try runProcess([tandemBinary(), "verify", "--journal", journal])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(readText(journal).contains("read from the snapshot"))
    }

    /// On a terminal, `tandem agenda` and `tandem log` break a long line between
    /// words, its further lines indented (the terminal cut it anywhere: "du" at the
    /// end of one line, "e 2015-10-10" at the start of the next), and `tandem list`
    /// lines its columns up within the terminal's width; piped, each stays one line.
    @Test func theCommandLineOnATerminalFitsItsWidth() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        chmod(journal, 0o600)
        /// The lines on an 80-column terminal put back together (a line that starts with
        /// `indent` spaces goes on the one before), and the lines piped.
        func onATerminal(_ arguments: [String], indent: (_ firstPiped: String) -> Int) throws -> (joined: [String], piped: [String]) {
            let tmux = Tmux()
            try tmux.start(["sh", "-c", ([tandemBinary()] + arguments).map { "\"\($0)\"" }.joined(separator: " ") + "; echo END; sleep 60"],
                           width: 80, height: 150)  // tall enough that nothing scrolls off
            let screen = try tmux.waitFor("the output") { $0.contains("END") }
            let lines = screen.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("tandem:") && $0 != "END" }
            #expect(lines.allSatisfy { $0.count <= 80 }, "\(screen)")
            let piped = try runProcess([tandemBinary()] + arguments + ["--reason", "test"]).output
                .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("tandem:") }
            #expect(piped.count >= 10 && piped.contains { $0.count > 80 }, "\(piped)")
            let width = indent(piped.first ?? "")
            var joined: [String] = []
            for line in lines {
                if line.hasPrefix(String(repeating: " ", count: width)), let last = joined.popLast() {
                    joined.append(last + " " + line.dropFirst(width))
                } else {
                    joined.append(line)
                }
            }
            // Compared word for word: two spaces between words where a line was broken are not kept (as in the console).
            func words(_ line: String) -> String { line.split(separator: " ").joined(separator: " ") }
            return (joined.map(words), piped.map(words))
        }
        // The agenda: each item's further lines under its text.
        let agenda = try onATerminal(["agenda", "--journal", journal, "--user", "k.perera", "--tz", "UTC", "--at", "2015-10-20 09:00"]) { first in
            first.distance(from: first.startIndex, to: first.range(of: "enquiry ")?.lowerBound ?? first.startIndex)
        }
        #expect(agenda.joined == agenda.piped)
        // The log: each entry's further lines two columns in, as in the console's history.
        let log = try onATerminal(["log", "--journal", journal, "--user", "k.perera", "--tz", "UTC", "--entity", "JIT-TRAWLER"]) { _ in 2 }
        #expect(log.joined == log.piped)
        // The list: lined up and fitted to the terminal; a tab was shown as "␉".
        let list = Tmux()
        try list.start(["sh", "-c", "\"\(tandemBinary())\" list networks --journal \"\(journal)\" --user k.perera; echo END; sleep 60"], width: 80, height: 30)
        let listed = try list.waitFor("the list") { $0.contains("END") }
        #expect(!listed.contains("␉") && listed.contains("NET-7KQ2  Andaman trawler crews") && listed.contains("Code      Name"), "\(listed)")
        #expect(listed.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(listed)")
        // A refusal on standard error, a terminal while the output goes to a pipe: broken between words too.
        let tmux = Tmux()
        try tmux.start(["sh", "-c", "\"\(tandemBinary())\" agenda --journal \"\(journal)\" --user k.perera | cat; echo END; sleep 60"], width: 80, height: 30)
        let screen = try tmux.waitFor("the refusal") { $0.contains("END") }
        let refusal = screen.split(separator: "\n").prefix { $0 != "END" }.map(String.init)
        #expect(refusal.count > 1 && refusal.allSatisfy { $0.count <= 80 } && refusal.dropFirst().allSatisfy { $0.hasPrefix("  ") }, "\(screen)")
        #expect(refusal.joined(separator: " ").split(separator: " ").joined(separator: " ")
                .contains("is not going to a terminal: give --reason (it is recorded as an export), or read it on a terminal."), "\(screen)")
    }

}
