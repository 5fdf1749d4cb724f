import Testing
import TandemCore
import TandemSample
import TestSupport
@testable import TandemJournal

/// A commit made here and taken by the shared journal is kept without being read
/// back (`appendMade`); the reference is the copied lines' full check (`appendCopied`).
@Suite struct MadeLinesTests {
    let now = Timestamp(iso8601: "2015-10-20T09:00:00Z")!

    func twins(in dir: TemporaryDirectory) throws -> (made: Journal, checked: Journal) {
        let made = try Journal.open(at: dir.copyOfSample(named: "made.jsonl"), create: false, now: { now }).journal
        let checked = try Journal.open(at: dir.copyOfSample(named: "checked.jsonl"), create: false, now: { now }).journal
        made.signers = sampleSigners
        return (made, checked)
    }

    func network(_ code: String, by actor: String) -> Event {
        Event(time: now, actor: actor, change: .networkCreated(Network(
            code: code, name: "network \(code)", crimeTypes: [.traffickingForcedLabour], sectors: [.fishing],
            route: [CountryCode("THA")!, CountryCode("AUS")!], handling: .h2)))
    }

    @Test func aCommitMadeHereIsKeptAsTheFullCheckKeepsIt() throws {
        let dir = TemporaryDirectory()
        let (made, checked) = try twins(in: dir)
        let newcomer = sampleSigners["s.fernando"]!
        let commits: [[Event]] = [
            [network("NW-26-001", by: "s.fernando")],
            // A change to the roster: the next commit's signer is looked up in the roster it leaves.
            [Event(time: now, actor: "k.perera", change: .userAdded(User(
                name: "n.newcomer", displayName: "New Comer", role: .investigator, publicKey: newcomer.publicText)))],
            [network("NW-26-002", by: "n.newcomer"), network("NW-26-003", by: "n.newcomer")],
        ]
        made.signers["n.newcomer"] = newcomer
        for events in commits {
            let lines = try made.makeLines(for: events)
            let kept = try made.appendMade(lines)
            let reference = try checked.appendCopied(lines.bytes)
            #expect(kept == reference)
            #expect(made.lastSequence == checked.lastSequence)
            #expect(made.lastHash == checked.lastHash)
            #expect(made.length == checked.length)
            #expect(made.lastLineStart == checked.lastLineStart)
            #expect(made.roster == checked.roster)
        }
        #expect(made.roster.role(of: "n.newcomer") == .investigator)
        made.close()
        checked.close()
        #expect(readBytes(dir.file("made.jsonl")) == readBytes(dir.file("checked.jsonl")))
        let reopened = try Journal.open(at: dir.file("made.jsonl"), create: false, now: { now })
        #expect(reopened.notices.isEmpty)
        #expect(reopened.records.suffix(4).map(\.event) == commits.flatMap { $0 })
    }

    @Test func linesMadeBeforeOthersCameInAreCheckedAndNotKept() throws {
        let dir = TemporaryDirectory()
        let (made, checked) = try twins(in: dir)
        checked.signers = sampleSigners
        let late = try made.makeLines(for: [network("NW-26-010", by: "s.fernando")])
        // Another console's line is copied in first: the lines made before it no longer follow the end.
        let first = try checked.makeLines(for: [network("NW-26-011", by: "j.santos")])
        _ = try made.appendCopied(first.bytes)
        let end = (made.lastSequence, made.length)
        #expect(throws: JournalError.self) { try made.appendMade(late) }
        #expect((made.lastSequence, made.length) == end)
    }
}
