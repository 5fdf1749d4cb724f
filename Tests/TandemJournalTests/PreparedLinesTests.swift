import TandemCore
import TandemSample
import TestSupport
import Testing
@testable import TandemJournal

/// An import makes its lines on another core while its rows are checked, and
/// writes them in one commit: the journal must come out exactly as if the same
/// events had been appended in one go, and lines made for a journal that has
/// moved on meanwhile must be refused.
@Suite struct PreparedLinesTests {
    let clock = { Timestamp(secondsSinceEpoch: 1_444_000_000) }

    func events(_ count: Int, seed: UInt64 = 5) -> [Event] {
        var casework = SyntheticCasework(seed: seed)
        return (0..<count).map { _ in casework.next()! }
    }

    @Test func linesMadeOnAnotherThreadAreTheLinesAppendManyWrites() throws {
        let dir = TemporaryDirectory()
        let batch = events(9_000)
        let direct = try Journal.create(at: dir.file("direct.jsonl"), id: "same", now: clock)
        #expect(try direct.journal.appendMany(batch) == 9_000)
        let made = try Journal.create(at: dir.file("made.jsonl"), id: "same", now: clock)
        let maker = LineMaker(made.journal.beginLines())
        for event in batch { maker.add(event) }
        let lines = maker.finish()
        #expect(lines.count == 9_000)
        var reported: [Int] = []
        #expect(try made.journal.append(lines) { reported.append($0) } == 9_000)
        #expect(reported.last == 9_000 && reported == reported.sorted())
        #expect(readBytes(dir.file("made.jsonl")) == readBytes(dir.file("direct.jsonl")))
        #expect(made.journal.lastSequence == 9_000)
        // The journal goes on from there, and all of it verifies.
        _ = try made.journal.append(events(1, seed: 21))
        made.journal.close()
        let reopened = try Journal.open(at: dir.file("made.jsonl"), create: false, now: clock)
        #expect(reopened.records.count == 9_001 && reopened.notices.isEmpty)
    }

    @Test func linesMadeBeforeAnotherCommitAreRefusedAndNothingIsWritten() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let mine = try Journal.create(at: path, id: "moved", now: clock)
        let batch = events(50)
        var lines = mine.journal.beginLines()
        for event in batch { lines.add(event) }
        // Another console commits first.
        let other = try Journal.open(at: path, create: false, now: clock)
        _ = try other.journal.append(events(1, seed: 9))
        let before = readBytes(path)
        #expect(throws: JournalError.stale(1)) { try mine.journal.append(lines) }
        #expect(readBytes(path) == before)
        // So too when this handle itself committed after the lines were begun.
        var late = mine.journal.beginLines()
        for event in batch { late.add(event) }
        _ = try mine.journal.append(events(1, seed: 13))
        #expect(throws: JournalError.stale(1)) { try mine.journal.append(late) }
        #expect(mine.journal.lastSequence == 2)
    }

    @Test func noLinesWriteNothing() throws {
        let dir = TemporaryDirectory()
        let opened = try Journal.create(at: dir.file("j.jsonl"), id: "empty", now: clock)
        let before = readBytes(dir.file("j.jsonl"))
        #expect(try opened.journal.append(LineMaker(opened.journal.beginLines()).finish()) == 0)
        #expect(readBytes(dir.file("j.jsonl")) == before)
    }
}
