import Foundation
import Synchronization
import Testing
import TandemCore
import TandemJournal
@testable import TandemShared
import TestSupport

/// One shared journal, two consoles, in this process: commits, following,
/// deciding again when another console got in first, and what the server refuses.
@Suite(.serialized, .enabled(if: PostgresServer.unavailable == nil, "\(PostgresServer.unavailable ?? "")"))
struct SharedJournalTests {
    @Test func aCommitInOneConsoleReachesAnotherByteForByte() throws {
        let fixture = try SharedFixture()
        var (a, aState) = try fixture.console("s.fernando")
        var (b, bState) = try fixture.console("j.santos")
        #expect(try a.newRecords().isEmpty, "the console caught up when it opened")
        var decisions = 0
        let saved = try a.save(network("NW-26-001"), by: "s.fernando", over: &aState, decisions: &decisions)
        #expect(saved.count == 1)
        #expect(saved[0].sequence == 489)
        let arrived = try b.newRecords()
        #expect(arrived.map(\.sequence) == [489])
        for record in arrived { bState.apply(record.event) }
        #expect(aState == bState)
        #expect(try fixture.serverHead() == 489)
        let server = try fixture.serverLines()
        let aFile = readBytes(a.cache.path)
        let bFile = readBytes(b.cache.path)
        #expect(aFile == bFile)
        #expect(Array(aFile.drop { $0 != 0x0A }.dropFirst()) == server)
    }

    @Test func whenTheServerLastAnsweredIsKeptBesideTheCopyForStatus() throws {
        let fixture = try SharedFixture()
        let (a, _) = try fixture.console("s.fernando")
        #expect(LastContact.read(beside: a.cache.path) == SharedFixture.now(), "kept at the first answer")
        try FileManager.default.removeItem(atPath: LastContact.path(beside: a.cache.path))
        _ = try a.newRecords()
        #expect(LastContact.read(beside: a.cache.path) == nil, "not written again within the minute")
        a.close()
        #expect(LastContact.read(beside: a.cache.path) == SharedFixture.now(), "kept on closing")
    }

    @Test func aConsoleThatWasBehindDecidesAgainWithWhatArrived() throws {
        let fixture = try SharedFixture()
        var (a, aState) = try fixture.console("s.fernando")
        var (b, bState) = try fixture.console("j.santos")
        var decisions = 0
        try a.save(network("NW-26-002"), by: "s.fernando", over: &aState, decisions: &decisions)
        #expect(decisions == 1)
        // b has not looked: its first decision is against an old head; the server says behind, with a's line.
        decisions = 0
        let saved = try b.save(network("NW-26-003"), by: "j.santos", over: &bState, decisions: &decisions)
        #expect(saved.map(\.sequence) == [490])
        #expect(decisions == 2, "b decides against its copy, is answered behind with what it lacked, and decides again")
        // Both take the same reference: the second is refused, naming the field.
        _ = try a.newRecords().map { aState.apply($0.event) }
        try a.save(network("NW-26-004"), by: "s.fernando", over: &aState, decisions: &decisions)
        #expect(throws: Refusal.self) {
            try b.save(network("NW-26-004"), by: "j.santos", over: &bState, decisions: &decisions)
        }
        #expect(try fixture.serverHead() == 491)
    }

    @Test func anOfferAgainstAnOldHeadIsAnsweredBehindAndWritesNothing() throws {
        let fixture = try SharedFixture()
        var (a, aState) = try fixture.console("s.fernando")
        var (b, _) = try fixture.console("j.santos")
        // b makes its lines against the head it knows, then a saves first.
        let event = Event(time: SharedFixture.now(), actor: "j.santos", change: network("NW-26-010"))
        let made = try b.cache.makeLines(for: [event])
        var decisions = 0
        try a.save(network("NW-26-011"), by: "s.fernando", over: &aState, decisions: &decisions)
        let answer = try b.link.append(journal: fixture.journalID, commit: UUID(), device: "test", expected: made.after, lines: made.lines)
        guard case .behind(489, false, let missing, 0) = answer else { Issue.record("not behind: \(answer)"); return }
        // The answer brings the line the offer was decided without.
        #expect(missing.map { $0 + [0x0A] }.flatMap { $0 } == (try fixture.serverLines()).suffix(from: 0).split(separator: 0x0A).suffix(1).flatMap { Array($0) + [0x0A] })
        #expect(try fixture.serverHead() == 489)
        _ = b
    }

    @Test func whileACommitWaitsInTheQueueOthersAreToldHowManyWaitAndWaitTheirTurnWithoutJoiningIt() throws {
        let fixture = try SharedFixture()
        let (a, _) = try fixture.console("s.fernando")
        let (b, _) = try fixture.console("j.santos")
        let first = UUID(), second = UUID()
        // a's commit asks for a place (six tries or more): it joins the queue, and is next.
        let old = try a.link.append(journal: fixture.journalID, commit: first, device: "test", expected: 400, lines: try lines(a, "s.fernando", "NW-26-020").lines, tries: 6)
        guard case .behind(488, true, _, 0) = old else { Issue.record("not next: \(old)"); return }
        // b's commit, decided against the head itself, finds a's waiting: it is not its turn, and it is told
        // that one commit waits; nothing is written, and b does not join the queue.
        let made = try lines(b, "j.santos", "NW-26-021")
        let early = try b.link.append(journal: fixture.journalID, commit: second, device: "test", expected: made.after, lines: made.lines)
        #expect(early == .behind(sequence: 488, next: false, missing: [], ahead: 1))
        #expect(try fixture.serverHead() == 488)
        #expect(try waiting(in: fixture) == 1)
        // a's turn: it goes in, leaving the queue empty; then b's next offer races no one.
        let turn = try a.link.append(journal: fixture.journalID, commit: first, device: "test", expected: 488, lines: try lines(a, "s.fernando", "NW-26-020").lines, tries: 7)
        guard case .appended(let head) = turn else { Issue.record("not appended: \(turn)"); return }
        #expect(head.sequence == 489)
        #expect(try waiting(in: fixture) == 0)
        let after = try b.link.append(journal: fixture.journalID, commit: second, device: "test", expected: made.after, lines: made.lines, tries: 1)
        guard case .behind(489, false, let missing, 0) = after else { Issue.record("not behind: \(after)"); return }
        #expect(missing.count == 1)
    }

    @Test func aSaveStillNotInAfterQueueAfterSecondsAsksForAPlaceInTheQueue() throws {
        let fixture = try SharedFixture()
        var (a, aState) = try fixture.console("s.fernando")
        var (b, bState) = try fixture.console("j.santos")
        // Places taken in the queue, as they are taken (the queue itself is emptied by each append).
        _ = try fixture.server.psql("""
            CREATE TABLE public.places (commit_id uuid);
            CREATE FUNCTION public.note_place() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO public.places VALUES (NEW.commit_id); RETURN NEW; END $$;
            CREATE TRIGGER note_place AFTER INSERT ON tandem.waiting FOR EACH ROW EXECUTE FUNCTION public.note_place();
            """, database: fixture.database)
        func places() throws -> Int {
            Int(try fixture.server.psql("SELECT count(*) FROM public.places", database: fixture.database).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        var decisions = 0
        // b's copy is one record behind when it offers: answered behind, it decides again and goes in, on its own.
        try a.save(network("NW-26-040"), by: "s.fernando", over: &aState, decisions: &decisions)
        b.queueAfter = 3600
        try b.save(network("NW-26-041"), by: "j.santos", over: &bState, decisions: &decisions)
        #expect(try places() == 0)
        // The same, for a save that has tried long enough (here at once): it asks for a place, and is next.
        try a.save(network("NW-26-042"), by: "s.fernando", over: &aState, decisions: &decisions)
        b.queueAfter = 0
        try b.save(network("NW-26-043"), by: "j.santos", over: &bState, decisions: &decisions)
        #expect(try places() == 1)
        #expect(try waiting(in: fixture) == 0)
        #expect(try fixture.serverHead() == 492)
    }

    /// The signed line of a new network, as `store`'s console makes it against its copy's head.
    private func lines(_ store: SharedJournal, _ actor: String, _ code: String) throws -> MadeCommit {
        try store.cache.makeLines(for: [Event(time: SharedFixture.now(), actor: actor, change: network(code))])
    }

    private func waiting(in fixture: SharedFixture) throws -> Int {
        Int(try fixture.server.psql("SELECT count(*) FROM tandem.waiting", database: fixture.database).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func theSecondInLineIsAnsweredWhenItsTurnComesWithoutAskingAgain() throws {
        let fixture = try SharedFixture()
        let (a, _) = try fixture.console("s.fernando")
        let (b, _) = try fixture.console("j.santos")
        // b's calls wait for their turn as long as it takes here (50 ms by default), so that the test does not race the clock.
        _ = try fixture.server.psql("ALTER ROLE \"j.santos\" IN DATABASE \(fixture.database) SET tandem.turn_wait_ms = '60000'")
        b.link.close()
        let first = UUID(), second = UUID()
        let aLines = try lines(a, "s.fernando", "NW-26-030").lines
        // a asks for its place with an old head: it is first in the queue, and keeps its place by asking again
        // (a place not asked about for half a second is given up, as a console's that went away).
        func keepPlace() throws -> AppendAnswer {
            try a.link.append(journal: fixture.journalID, commit: first, device: "test", expected: 400, lines: aLines, tries: 6)
        }
        let old = try keepPlace()
        guard case .behind(488, true, _, 0) = old else { Issue.record("not next: \(old)"); return }
        // b queues second, and its call waits on the server.
        let made = try lines(b, "j.santos", "NW-26-031")
        let answer = Mutex<Result<AppendAnswer, SharedError>?>(nil)
        let answered = DispatchSemaphore(value: 0)
        let (link, journalID) = (b.link, fixture.journalID)
        Thread {
            answer.withLock { $0 = Result { () throws(SharedError) in
                try link.append(journal: journalID, commit: second, device: "test", expected: made.after, lines: made.lines, tries: 6)
            } }
            answered.signal()
        }.start()
        // The event itself is b's backend in its wait, looked for until seen; between looks, the test waits on
        // b's answer, which must not come first (a call answered at once did not wait). Bounded as that answer is.
        var waiting = false
        var answeredEarly = false
        let deadline = DispatchTime.now() + 60
        while !waiting, !answeredEarly, DispatchTime.now() < deadline {
            _ = try keepPlace()
            waiting = (try fixture.server.psql(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = 'j.santos' AND wait_event = 'PgSleep'", database: fixture.database)
            ).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
            if !waiting { answeredEarly = answered.wait(timeout: .now() + 0.01) == .success }
        }
        #expect(waiting && !answeredEarly, "b's call waits on the server")
        if answeredEarly { answered.signal() }
        // a's turn: it goes in, and b's waiting call is answered that b is next, with a's line.
        let turn = try a.link.append(journal: fixture.journalID, commit: first, device: "test", expected: 488, lines: aLines, tries: 7)
        guard case .appended = turn else { Issue.record("not appended: \(turn)"); return }
        #expect(answered.wait(timeout: .now() + 60) == .success)
        let got = answer.withLock { $0 }
        guard case .success(.behind(489, true, let missing, 0)) = got else { Issue.record("not next: \(String(describing: got))"); return }
        #expect(missing.count == 1)
    }

    @Test func aSharedJournalSetUpByAnotherVersionOfTandemIsRefusedSayingSo() throws {
        let fixture = try SharedFixture()
        let path = fixture.folder.file("cache-version.jsonl")
        try fixture.server.psql("CREATE OR REPLACE FUNCTION tandem.schema_version() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 99'", database: fixture.database)
        #expect { try SharedCache.prepare(at: path, link: try fixture.link(as: "j.santos"), now: SharedFixture.now) } throws: {
            "\($0)".contains("set up by a newer Tandem (its version 99")
        }
        try fixture.server.psql("DROP FUNCTION tandem.schema_version()", database: fixture.database)
        #expect { try SharedCache.prepare(at: path, link: try fixture.link(as: "j.santos"), now: SharedFixture.now) } throws: {
            "\($0)".contains("set up by an older Tandem (its version 1")
        }
        #expect(!FileManager.default.fileExists(atPath: path), "no copy is made")
    }

    @Test func theSameCommitOfferedTwiceIsKeptOnce() throws {
        let fixture = try SharedFixture()
        let (b, _) = try fixture.console("j.santos")
        let event = Event(time: SharedFixture.now(), actor: "j.santos", change: network("NW-26-012"))
        let made = try b.cache.makeLines(for: [event])
        let id = UUID()
        let first = try b.link.append(journal: fixture.journalID, commit: id, device: "test", expected: made.after, lines: made.lines)
        let again = try b.link.append(journal: fixture.journalID, commit: id, device: "test", expected: made.after, lines: made.lines)
        guard case .appended(let head) = first else { Issue.record("not appended: \(first)"); return }
        #expect(head.sequence == 489)
        #expect(again == .duplicate(lastSequence: 489))
        #expect(try fixture.serverHead() == 489)
    }

    @Test func theServerTakesLinesOnlyFromTheOfficerTheRoleIsMappedTo() throws {
        let fixture = try SharedFixture()
        let (b, _) = try fixture.console("j.santos")
        // Lines by s.fernando (signed with his key), offered by j.santos's role.
        b.cache.signers["s.fernando"] = sampleSigners["s.fernando"]
        let event = Event(time: SharedFixture.now(), actor: "s.fernando", change: network("NW-26-013"))
        let made = try b.cache.makeLines(for: [event])
        #expect {
            try b.link.append(journal: fixture.journalID, commit: UUID(), device: "test", expected: made.after, lines: made.lines)
        } throws: { error in
            "\(error)".contains("is by s.fernando, and the database role j.santos is j.santos")
        }
        // A line that does not follow the head is refused too.
        var broken = made.lines
        broken[0] = Array(String(decoding: broken[0], as: UTF8.self).replacingOccurrences(of: "\"seq\":489", with: "\"seq\":490").utf8)
        #expect(throws: SharedError.self) {
            try b.link.append(journal: fixture.journalID, commit: UUID(), device: "test", expected: made.after, lines: broken)
        }
        #expect(try fixture.serverHead() == 488)
    }

    @Test func rowsCannotBeChangedOrRemoved() throws {
        let fixture = try SharedFixture()
        let officer = try fixture.link(as: "j.santos")
        #expect(throws: SharedError.self) { try officer.execute(["UPDATE tandem.event SET line = line WHERE seq = 1"]) }
        #expect(throws: SharedError.self) { try officer.execute(["DELETE FROM tandem.event WHERE seq = 1"]) }
        #expect(throws: SharedError.self) { try officer.execute(["INSERT INTO tandem.officer VALUES ('x', 'y')"]) }
        let admin = try fixture.link(as: PostgresServer.admin)
        #expect { try admin.execute(["UPDATE tandem.event SET type = 'x' WHERE seq = 1"]) } throws: { "\($0)".contains("append-only") }
        #expect { try admin.execute(["DELETE FROM tandem.commit"]) } throws: { "\($0)".contains("append-only") }
        #expect { try admin.execute(["TRUNCATE tandem.event CASCADE"]) } throws: { "\($0)".contains("append-only") }
        #expect(try fixture.serverHead() == 488)
    }
}
