import Foundation
import Testing
import TestSupport

/// Two officers' consoles on one shared journal, in tmux, as officers run them.
@Suite(.serialized, .timeLimit(.minutes(2)),
       .enabled(if: (Tmux.isAvailable && PostgresServer.unavailable == nil) || ProcessInfo.processInfo.environment["CI"] != nil,
                "tmux or PostgreSQL 15 is not installed"))
struct SharedConsoleEndToEndTests {
    @Test func aNoteSavedInOneConsoleArrivesInTheOtherAndTheServerVerifies() throws {
        let server = try PostgresServer.shared()
        let database = try server.newDatabase()
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let made = try runProcess([tandemBinary(), "shared", "init", "--shared", server.url(database: database), "--from", journal])
        #expect(made.status == 0, "\(made.output)")
        #expect(made.output.contains("made with 488 records"), "\(made.output)")

        let environment = ["TERM=screen-256color", "TANDEM_KEYS=\(sampleKeysFolder)"]
        let fernando = Tmux()
        try fernando.start([tandemBinary(), "--shared", server.url(user: "s.fernando", database: database), "--journal", dir.file("a.jsonl"), "--user", "s.fernando"],
                           width: 100, height: 30, environment: environment)
        try fernando.waitFor("the console") { $0.contains("NET-7KQ2") && $0.contains("s.fernando (investigator)") }
        let santos = Tmux()
        try santos.start([tandemBinary(), "--shared", server.url(user: "j.santos", database: database), "--journal", dir.file("b.jsonl"), "--user", "j.santos"],
                         width: 100, height: 30, environment: environment)
        try santos.waitFor("the console") { $0.contains("NET-7KQ2") && $0.contains("j.santos (investigator)") }

        try fernando.send("a")
        try fernando.waitFor("the note editor") { $0.contains("Ctrl-S save") }
        try fernando.type("Crew transferred at sea, shared with the unit")
        try fernando.send("C-s")
        try fernando.waitFor("the save") { $0.contains("Saved NET-7KQ2") }
        try santos.waitFor("the arrival") { $0.contains("1 change arrived from another console") }
        try santos.send("Enter")
        try santos.waitFor("the note in the detail") { $0.contains("Crew transferred at sea, shared with the unit") }

        let status = try runProcess([tandemBinary(), "shared", "status", "--shared", server.url(user: "j.santos", database: database), "--journal", dir.file("b.jsonl"),
                                     "--tz", "Asia/Bangkok"])
        #expect(status.output.contains("head at record 489"), "\(status.output)")
        #expect(status.output.contains("489 records"), "\(status.output)")
        #expect(status.output.contains("not yet shared: 0"), "\(status.output)")
        #expect(status.output.contains("last contact:   20"), "the console keeps when it last heard from the server: \(status.output)")
        #expect(status.output.contains("+07 (this laptop's copy with the server"), "in the officer's zone, as every time shown: \(status.output)")
        let verified = try runProcess([tandemBinary(), "verify", "--shared", server.url(user: "j.santos", database: database)])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("intact: 489 records"), "\(verified.output)")
        // Each laptop's copy verifies on its own, without the server.
        let copy = try runProcess([tandemBinary(), "verify", "--journal", dir.file("a.jsonl")])
        #expect(copy.status == 0, "\(copy.output)")

        try fernando.send("Escape", "q")
        try santos.send("Escape", "Escape", "q")
        try fernando.waitForExit()
        try santos.waitForExit()
    }
}
