import Foundation
import Synchronization
import Testing
import TandemCore
import TandemJournal
@testable import TandemShared
import TestSupport

/// Consoles cut off from the server: nobody waits on them, an answer lost on
/// the way is settled by commit id, and changes made offline are shared (or
/// refused, saying why) when the server can be reached again.
@Suite(.serialized, .enabled(if: PostgresServer.unavailable == nil, "\(PostgresServer.unavailable ?? "")"))
struct SharedPartitionTests {
    @Test func aSilentLinkBlocksNobodyElseAndALostAnswerIsSettledByCommitID() throws {
        let fixture = try SharedFixture()
        let proxy = try TCPProxy(to: fixture.server.port)
        defer { proxy.stop() }
        var (a, aState) = try fixture.console("s.fernando", through: proxy, patience: 1.5)
        var (b, bState) = try fixture.console("j.santos")
        var decisions = 0

        // a's link goes silent: its save gets no answer and is kept on the laptop; b saves meanwhile, unhindered.
        proxy.set(.pause)
        try a.save(network("NW-26-201"), by: "s.fernando", over: &aState, decisions: &decisions)
        #expect(a.notYetShared == 1)
        try b.save(network("NW-26-202"), by: "j.santos", over: &bState, decisions: &decisions)
        #expect(try fixture.serverHead() == 489)
        proxy.set(.cut)
        proxy.set(.forward)
        _ = try a.newRecords()
        #expect(a.notYetShared == 0)
        #expect(try fixture.serverHead() == 490)

        // Appends now take two seconds on the server, longer than a's patience.
        try fixture.server.psql("""
            CREATE FUNCTION tandem.slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$;
            CREATE TRIGGER slow AFTER INSERT ON tandem.event FOR EACH STATEMENT EXECUTE FUNCTION tandem.slow();
            """, database: fixture.database)
        // No answer in time: the same commit is offered again under its id, and the server knows it.
        let saved = try a.save(network("NW-26-203"), by: "s.fernando", over: &aState, decisions: &decisions)
        #expect(saved.map(\.sequence) == [491])
        #expect(a.notYetShared == 0)

        // The link goes down while the append runs: whether it went in is not known, so it is kept under its id.
        fixture.whenAnAppendRuns(by: "s.fernando") { _ in proxy.set(.cut) }
        let kept = try a.save(network("NW-26-204"), by: "s.fernando", over: &aState, decisions: &decisions)
        #expect(kept.count == 1)
        #expect(a.notYetShared == 1)
        #expect(a.takeNotices().contains { $0.contains("not yet shared") })
        // The link comes back: the change is recognised by its id, not saved twice.
        proxy.set(.forward)
        try fixture.server.psql("DROP TRIGGER slow ON tandem.event", database: fixture.database)
        #expect(try a.newRecords().isEmpty)
        #expect(a.notYetShared == 0)
        #expect(a.takeNotices().contains { $0.contains("reached the shared journal before the connection was lost") })
        #expect(try fixture.serverHead() == 492)
        let rows = try fixture.server.psql("SELECT count(*) FROM tandem.event WHERE entity LIKE 'NW-26-20%'", database: fixture.database)
        #expect(rows.trimmingCharacters(in: .whitespacesAndNewlines) == "4")
        var replayed = CaseFile()
        for record in try a.records(from: 1) { replayed.apply(record.event) }
        #expect(a.takeReplacement() == replayed)
        #expect(a.lastSequence == 492)
    }

    @Test func aConnectionTheServerEndsMidSaveIsOnlyALostConnection() throws {
        let fixture = try SharedFixture()
        var (a, aState) = try fixture.console("s.fernando")
        var decisions = 0
        try fixture.server.psql("""
            CREATE FUNCTION tandem.slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(10); RETURN NULL; END $$;
            CREATE TRIGGER slow AFTER INSERT ON tandem.event FOR EACH STATEMENT EXECUTE FUNCTION tandem.slow();
            """, database: fixture.database)
        // While the append runs, the server ends its connection (as it does when going down): the answer is an
        // error about the connection, not a refusal; the save is offered again under its id and goes through.
        // The append is held (ten seconds at most) until its backend is ended, which ends the wait at once.
        let (server, database) = (fixture.server, fixture.database)
        let ended = Atomic<Bool>(false)
        fixture.whenAnAppendRuns(by: "s.fernando") { pid in
            _ = try? server.psql("SELECT pg_terminate_backend(\(pid))", database: database)
            ended.store(true, ordering: .releasing)
        }
        let saved = try a.save(network("NW-26-401"), by: "s.fernando", over: &aState, decisions: &decisions)
        let wasEnded = ended.load(ordering: .acquiring)
        #expect(wasEnded, "the connection was ended mid-save")
        #expect(saved.map(\.sequence) == [489])
        #expect(a.notYetShared == 0)
        #expect(try fixture.serverHead() == 489)
    }

    @Test(arguments: [true, false])
    func twoLaptopsOfflineTakeTheSameCodeAndExactlyOneWins(fernandoFirst: Bool) throws {
        let fixture = try SharedFixture()
        let proxyA = try TCPProxy(to: fixture.server.port)
        let proxyB = try TCPProxy(to: fixture.server.port)
        defer { proxyA.stop(); proxyB.stop() }
        var (a, aState) = try fixture.console("s.fernando", through: proxyA, patience: 2)
        var (b, bState) = try fixture.console("j.santos", through: proxyB, patience: 2)
        proxyA.set(.cut)
        proxyB.set(.cut)
        var decisions = 0
        let note = { (text: String, author: String) in
            Change.noteAdded(entity: "NET-7KQ2", text: text + " by " + author)
        }
        try a.save(network("NW-26-301"), by: "s.fernando", over: &aState, decisions: &decisions)
        try a.save(note("seen at the pier (s.fernando, offline)", "s.fernando"), by: "s.fernando", over: &aState, decisions: &decisions)
        try b.save(network("NW-26-301"), by: "j.santos", over: &bState, decisions: &decisions)
        try b.save(note("seen at the market (j.santos, offline)", "j.santos"), by: "j.santos", over: &bState, decisions: &decisions)
        #expect(a.notYetShared == 2)
        #expect(b.notYetShared == 2)
        #expect(try fixture.serverHead() == 488)

        let (first, second, firstProxy, secondProxy) = fernandoFirst ? (a, b, proxyA, proxyB) : (b, a, proxyB, proxyA)
        let winner = fernandoFirst ? "s.fernando" : "j.santos"
        firstProxy.set(.forward)
        _ = try first.newRecords()
        #expect(first.notYetShared == 0)
        secondProxy.set(.forward)
        _ = try second.newRecords()
        #expect(second.notYetShared == 0)

        // Exactly one took the code, the other was told who did, and both notes are in.
        let takers = try fixture.server.psql(
            "SELECT convert_from(line, 'UTF8')::jsonb->>'actor' FROM tandem.event WHERE type = 'network.created' AND entity = 'NW-26-301'",
            database: fixture.database).split(separator: "\n").map(String.init)
        #expect(takers == [winner])
        let notices = second.takeNotices()
        #expect(notices.contains { $0.contains("NOT SHARED: network.created NW-26-301") && $0.contains("taken by \(winner)") }, "\(notices)")
        #expect(readText(second.cache.path + ".refused").contains("NW-26-301"), "the refused change is kept, not dropped")
        let notes = try fixture.server.psql("SELECT count(*) FROM tandem.event WHERE type = 'note.added' AND seq > 488", database: fixture.database)
        #expect(notes.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        #expect(try fixture.serverHead() == 491)
        // Each console's state is replaced by the shared journal's, as a fresh replay has it.
        _ = try first.newRecords()
        var replayed = CaseFile()
        for record in try second.records(from: 1) { replayed.apply(record.event) }
        #expect(second.takeReplacement() == replayed)
        #expect(replayed.networks["NW-26-301"] != nil)
        let verified = try runProcess([tandemBinary(), "verify", "--shared", fixture.url(as: "liaison")])
        #expect(verified.status == 0, "\(verified.output)")
    }
}
