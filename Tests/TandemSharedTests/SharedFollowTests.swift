import Foundation
import Synchronization
import Testing
import TandemCore
@testable import TandemJournal
@testable import TandemShared
import TestSupport

/// Following the shared journal: notifications are hints, reading is by
/// number, and what the server holds is checked by every console.
@Suite(.serialized, .enabled(if: PostgresServer.unavailable == nil, "\(PostgresServer.unavailable ?? "")"))
struct SharedFollowTests {
    /// Asks `store` for new records until some come (waiting for the notification, at most about ten seconds).
    static func waitForRecords(_ store: SharedJournal, tries: Int = 1000) throws -> [JournalRecord] {
        for _ in 0..<tries {
            let records = try store.newRecords()
            if !records.isEmpty { return records }
            usleep(10_000)
        }
        return []
    }

    @Test func aNotificationBringsAnotherConsolesCommitAndAMissedOneIsCaughtUpByNumber() throws {
        let fixture = try SharedFixture()
        var (a, aState) = try fixture.console("s.fernando")
        let (b, _) = try fixture.console("j.santos", listening: true)
        // Only a notification makes b look: its clock never moves on.
        b.pollInterval = 1_000_000
        for _ in 0..<100 where !(b.isListening) { usleep(50_000) }
        #expect(b.isListening)
        _ = try b.newRecords()
        var decisions = 0
        try a.save(network("NW-26-101"), by: "s.fernando", over: &aState, decisions: &decisions)
        #expect(try Self.waitForRecords(b).map(\.sequence) == [489])

        // The listener's connection is cut; a commit made meanwhile notifies nobody.
        try fixture.server.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'j.santos'", database: fixture.database)
        try a.save(network("NW-26-102"), by: "s.fernando", over: &aState, decisions: &decisions)
        // Listening again, b reads from its last number on: nothing is skipped.
        #expect(try Self.waitForRecords(b).map(\.sequence) == [490])
        #expect(b.lastSequence == 490)
        #expect(readBytes(a.cache.path) == readBytes(b.cache.path))
    }

    @Test func withNotificationsOffAConsoleLooksEveryPollInterval() throws {
        let fixture = try SharedFixture()
        var (a, aState) = try fixture.console("s.fernando")
        let clock = Mutex(0.0)
        let path = fixture.folder.file("cache-quiet.jsonl")
        let link = try fixture.link(as: "j.santos")
        try SharedCache.prepare(at: path, link: link, now: SharedFixture.now)
        let opened = try Journal.open(at: path, create: false, now: SharedFixture.now)
        let b = SharedJournal(cache: opened.journal, link: link, listening: false, pollInterval: 5,
                              seconds: { clock.withLock { $0 } }, now: SharedFixture.now)
        #expect(try b.newRecords().isEmpty, "the copy was filled when it was made")
        var decisions = 0
        try a.save(network("NW-26-103"), by: "s.fernando", over: &aState, decisions: &decisions)
        clock.withLock { $0 = 4.9 }
        #expect(try b.newRecords().isEmpty, "not yet time to look")
        clock.withLock { $0 = 5.0 }
        #expect(try b.newRecords().map(\.sequence) == [489])
    }

    @Test func aRowASuperuserEditsIsFoundByEveryConsoleAndByVerify() throws {
        let fixture = try SharedFixture()
        var (a, aState) = try fixture.console("s.fernando")
        let (b, _) = try fixture.console("j.santos")
        let (c, _) = try fixture.console("liaison")
        var decisions = 0
        try a.save(network("NW-26-104"), by: "s.fernando", over: &aState, decisions: &decisions)
        try rewriteAsSuperuser(fixture, record: 489, replacing: "network NW-26-104", with: "network NW-26-666", isHead: true)
        // b and c read the forged line: it does not hold its signature.
        for store in [b, c] {
            _ = try? store.newRecords()
            #expect(!store.isWritable)
            #expect(store.readOnlyReason?.contains("record 489") == true, "\(store.readOnlyReason ?? "writable")")
            #expect(store.lastSequence == 488, "the forged line is not kept")
        }
        // a holds the genuine line: the server no longer holds what it holds.
        _ = try a.newRecords()
        #expect(!a.isWritable)
        #expect(a.readOnlyReason?.contains("record 489") == true, "\(a.readOnlyReason ?? "writable")")
        #expect(a.takeNotices().contains { $0.contains("record 489") })
        let verified = try runProcess([tandemBinary(), "verify", "--shared", fixture.url(as: "liaison")])
        #expect(verified.status == 1)
        #expect(verified.output.contains("record 489"), "\(verified.output)")
    }

    @Test func aConsoleOpenedReadOnlyFollowsTheSharedJournalAndSavesNothing() throws {
        let fixture = try SharedFixture()
        var (a, aState) = try fixture.console("s.fernando")
        var (b, bState) = try fixture.console("j.santos")
        b.viewOnlyReason = "opened with --read-only"
        var decisions = 0
        try a.save(network("NW-26-110"), by: "s.fernando", over: &aState, decisions: &decisions)
        #expect(try b.newRecords().map(\.sequence) == [489], "it follows")
        #expect(!b.isWritable && b.readOnlyReason == "opened with --read-only")
        #expect(throws: JournalError.readOnly("opened with --read-only")) {
            try b.save(network("NW-26-111"), by: "j.santos", over: &bState, decisions: &decisions)
        }
        #expect(try fixture.serverHead() == 489)
    }

    @Test func anOlderRowASuperuserEditsIsFoundByTheAuditOfEveryConsoleThatHoldsIt() throws {
        let fixture = try SharedFixture()
        let stores = try ["s.fernando", "j.santos", "liaison"].map { try fixture.console($0).store }
        for store in stores {
            store.auditInterval = 0
            store.auditLines = 50
        }
        // Record 100 is in every copy already: no console reads it from the server again.
        try rewriteAsSuperuser(fixture, record: 100, replacing: "\"actor\":\"", with: "\"actor\":\"x", isHead: false)
        for store in stores {
            // Fifty records a step: record 100 is reached within ten steps, wherever the audit stood. A look asks
            // for a step's digest, and the next look takes the server's answer.
            for _ in 0..<10 {
                _ = try store.newRecords()
                store.waitForAuditAnswer(seconds: 10)
                _ = try store.newRecords()
                if !store.isWritable { break }
            }
            #expect(!store.isWritable)
            #expect(store.readOnlyReason?.contains("record 100 on the server") == true, "\(store.readOnlyReason ?? "writable")")
            #expect(store.takeNotices().contains { $0.contains("record 100") })
        }
    }

    @Test func theAuditGoesRoundTheWholeCopyWithoutAFalseAlarmWhileOthersSave() throws {
        let fixture = try SharedFixture()
        var (a, aState) = try fixture.console("s.fernando")
        let (b, _) = try fixture.console("j.santos")
        b.auditInterval = 0
        b.auditLines = 37
        var decisions = 0
        for index in 0..<30 {
            try a.save(network("NW-26-\(200 + index)"), by: "s.fernando", over: &aState, decisions: &decisions)
            _ = try b.newRecords()
            b.waitForAuditAnswer(seconds: 10)
            _ = try b.newRecords()
        }
        // 30 steps of 37 records: twice round 518 records.
        #expect(b.isWritable, "\(b.readOnlyReason ?? "")")
        #expect(b.lastSequence == 518)
    }

    @Test func anAuditStepIsNeverWaitedForAndOneWhoseCallFailsIsOver() throws {
        let fixture = try SharedFixture()
        let proxy = try TCPProxy(to: fixture.server.port)
        defer { proxy.stop() }
        let (b, _) = try fixture.console("j.santos", through: proxy, patience: 5)
        b.auditLines = 50
        // Opening's look asked for the first step; its answer is taken.
        b.waitForAuditAnswer(seconds: 10)
        _ = try b.newRecords()
        #expect(!b.isAuditing)

        // The link goes silent: the next step is asked for, and the console goes on without its answer.
        proxy.set(.pause)
        try b.audit()
        #expect(b.isAuditing)
        try b.audit()
        #expect(b.isAuditing, "still no answer, and nothing waited for it")

        // The link is cut: the step's call fails, said once and in words, and the step is over.
        proxy.set(.cut)
        b.waitForAuditAnswer(seconds: 10)
        do {
            try b.audit()
            Issue.record("the step's failure was not said")
        } catch {
            #expect(error is SharedError)
            #expect(!"\(error)".contains("PSQLError"), "said in words, not as the library's generic text: \(error)")
        }
        #expect(!b.isAuditing, "the failed step is over, not asked about again at every look")

        // Back: the next step is asked afresh, and answered.
        proxy.set(.forward)
        try b.audit()
        #expect(b.isAuditing)
        b.waitForAuditAnswer(seconds: 10)
        try b.audit()
        #expect(!b.isAuditing && b.isWritable, "\(b.readOnlyReason ?? "")")
    }

    /// A superuser turns the trigger off and rewrites a record, its checksum made anew (only its signature can tell);
    /// the head's hash follows when it is the last record.
    private func rewriteAsSuperuser(_ fixture: SharedFixture, record sequence: Int, replacing old: String, with new: String, isHead: Bool) throws {
        let original = try fixture.server.psql("SELECT convert_from(line, 'UTF8') FROM tandem.event WHERE seq = \(sequence)", database: fixture.database)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let forged = resealed(original.replacingOccurrences(of: old, with: new))
        #expect(forged != original)
        let bytes = "convert_to('\(forged.replacingOccurrences(of: "'", with: "''"))', 'UTF8')"
        try fixture.server.psql("""
            ALTER TABLE tandem.event DISABLE TRIGGER event_append_only;
            UPDATE tandem.event SET line = \(bytes), hash = encode(sha256(\(bytes)), 'hex') WHERE seq = \(sequence);
            \(isHead ? "UPDATE tandem.journal SET head_hash = encode(sha256(\(bytes)), 'hex');" : "")
            ALTER TABLE tandem.event ENABLE TRIGGER event_append_only;
            """, database: fixture.database)
    }

    /// A copy made now, before others save (it lacks what they save).
    private func copyMadeNow(_ fixture: SharedFixture) throws -> String {
        let path = fixture.folder.file("cache-opening.jsonl")
        try SharedCache.prepare(at: path, link: try fixture.link(as: "j.santos"), now: SharedFixture.now)
        return path
    }

    /// A console opening its copy, then reading what the copy lacks (as `tandem --shared` does before its first frame).
    private func openingConsole(_ fixture: SharedFixture, copy path: String, as user: String) throws -> (store: SharedJournal, journal: Journal, records: [JournalRecord]) {
        let opened = try Journal.openCaseFile(at: path, create: false, now: SharedFixture.now)
        opened.journal.signers[user] = sampleSigners[user]
        let store = SharedJournal(cache: opened.journal, link: try fixture.link(as: user), listening: false, now: SharedFixture.now)
        return (store, opened.journal, try store.catchUp(deferringSignatures: true))
    }

    @Test func aConsoleOpeningLeavesTheNewLinesSignaturesToItsBackgroundCheckAndSavesOnlyOnceItPassed() throws {
        let fixture = try SharedFixture()
        let path = try copyMadeNow(fixture)
        var (a, aState) = try fixture.console("s.fernando")
        var decisions = 0
        for index in 0..<3 { try a.save(network("NW-26-30\(index)"), by: "s.fernando", over: &aState, decisions: &decisions) }

        let (b, journal, records) = try openingConsole(fixture, copy: path, as: "j.santos")
        #expect(records.map(\.sequence) == [489, 490, 491])
        #expect(b.isChecking, "the signatures are checked in the background, with what opening read")
        journal.startDeferredWork()
        #expect(journal.waitForCheck())
        var bState = CaseFile()
        for record in try b.records(from: 1) { bState.apply(record.event) }
        try b.save(network("NW-26-310"), by: "j.santos", over: &bState, decisions: &decisions)
        #expect(b.lastSequence == 492 && b.isWritable)
        _ = try a.newRecords()
        #expect(readBytes(path) == readBytes(a.cache.path), "both copies are the server's journal")
    }

    @Test func aForgedLineReadWhileOpeningIsFoundByTheBackgroundCheckBeforeAnythingIsSaved() throws {
        let fixture = try SharedFixture()
        let path = try copyMadeNow(fixture)
        var (a, aState) = try fixture.console("s.fernando")
        var decisions = 0
        try a.save(network("NW-26-320"), by: "s.fernando", over: &aState, decisions: &decisions)
        try a.save(network("NW-26-321"), by: "s.fernando", over: &aState, decisions: &decisions)
        try rewriteAsSuperuser(fixture, record: 490, replacing: "NW-26-321", with: "NW-26-666", isHead: true)

        let (b, journal, records) = try openingConsole(fixture, copy: path, as: "j.santos")
        #expect(records.map(\.sequence) == [489, 490])
        journal.startDeferredWork()
        #expect(!journal.waitForCheck())
        #expect(!b.isWritable)
        #expect(b.readOnlyReason?.contains("record 490") == true, "\(b.readOnlyReason ?? "writable")")
        #expect(b.takeNotices().contains { $0.contains("record 490") })
        var bState = CaseFile()
        #expect(throws: JournalError.self) { try b.save(network("NW-26-322"), by: "j.santos", over: &bState, decisions: &decisions) }
        #expect(try fixture.server.psql("SELECT head_seq FROM tandem.journal", database: fixture.database).contains("490"), "nothing was offered")
    }
}

/// A journal line with its checksum made anew (as a forger who knows the format would).
func resealed(_ line: String) -> String {
    guard let crc = line.range(of: ",\"crc\":\"", options: .backwards) else { return line }
    var bytes = Array(line[..<crc.lowerBound].utf8)
    Checksum.seal(&bytes, from: 0)
    return String(decoding: bytes, as: UTF8.self)
}
