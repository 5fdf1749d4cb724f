#if canImport(Glibc)
import Glibc
#endif
import Testing
import TandemCore
@testable import TandemJournal
import TandemSample
import TestSupport
@testable import TandemConsole

/// The console joined to a real journal file: what the user saves is on disk
/// after the key press, and still there after reopening.
@Suite struct SessionTests {
    let now = SampleScenario.screensNow

    func openSession(_ path: String, user: String = "liaison") throws -> ConsoleSession {
        let opened = try Journal.open(at: path, create: true, now: { now })
        opened.journal.signers = sampleSigners.filter { $0.key == user }
        let state = ConsoleState(
            caseFile: CaseFile(replaying: opened.records.map(\.event)), width: 100, height: 30,
            now: now, user: user, journalPath: path
        )
        return ConsoleSession(state: state, store: opened.journal, clock: { self.now })
    }

    func send(_ keys: [Key], to session: ConsoleSession) {
        for key in keys { session.handle(.key(key)) }
    }

    func lineCount(_ path: String) -> Int { readBytes(path).filter { $0 == 0x0A }.count }

    @Test func theFullRecordShowsItsHistoryReadFromTheJournal() throws {
        let dir = TemporaryDirectory()
        let path = dir.copyOfSample()
        let session = try openSession(path, user: "p.srisuk")   // an investigator
        send([.character("1"), .character("e"), .control("u")] + typing("Andaman trawler crews (Sea Dragon)") + [.control("s")], to: session)
        send([.escape, .character("1"), .enter], to: session)
        let history = session.state.history.map(\.summary)
        #expect(history.first == "network.created: network Andaman trawler crews created: TIP forced labour; route MMR→THA→IDN; H2")
        #expect(history.contains("network.status: status → under investigation"))
        #expect(history.contains("link.added: linked to NET-7KQ2") == false, "links from this record are its own events, not links to it")
        #expect(history.last == "network.revised: edited: name Andaman trawler crews → Andaman trawler crews (Sea Dragon)")
        send([.end], to: session)   // the entry under the cursor is shown whole
        let screen = render(session.state).text
        #expect(screen.contains("network.revised: edited: name Andaman trawler crews →"))
        #expect(screen.contains("Andaman trawler crews (Sea Dragon)"), "the entry under the cursor wraps rather than being cut")
    }

    @Test func savedEnquiryIsOneMoreLineAndSurvivesReopening() throws {
        let dir = TemporaryDirectory()
        let path = dir.copyOfSample()
        let before = lineCount(path)
        do {
            let session = try openSession(path)
            send([.character("3"), .character("n")] + typing("NZL/LKA/15-077") + [.tab] + typing("NZL") + [.tab]
                 + typing("LKA") + [.tab, .tab, .tab] + typing("Exit records of placement agent") + [.control("s")], to: session)
            #expect(session.state.form == nil)
            #expect(session.state.message == .info("Saved NZL/LKA/15-077 to the journal."))
            #expect(lineCount(path) == before + 1)
            #expect(render(session.state).text.contains("NZL/LKA/15-077"))
            #expect(session.handle(.key(.character("q"))) == false)
            (session.store as? Journal)?.close()
        }
        let reopened = try openSession(path)
        #expect(reopened.state.caseFile.enquiries["NZL/LKA/15-077"]?.subject == "Exit records of placement agent")
        #expect(reopened.state.caseFile.enquiries["NZL/LKA/15-077"]?.requested.code == "LKA")
        #expect(reopened.state.caseFile.recordCount == sampleCaseFile.recordCount + 1)
    }

    @Test func historyComesFromTheJournal() throws {
        let dir = TemporaryDirectory()
        let path = dir.copyOfSample()
        let session = try openSession(path)
        send([.character("3"), .character("a")] + typing("Chased by phone") + [.control("s"), .enter], to: session)
        let code = session.state.selectedCode!
        let history = session.state.history
        #expect(history.first?.summary.hasPrefix("enquiry.created:") == true)
        #expect(history.last?.summary == "note.added: note: Chased by phone")
        #expect(history.last?.actor == "liaison")
        #expect(history.map(\.sequence) == history.map(\.sequence).sorted())
        #expect(render(session.state).text.contains("Chased by phone"))
        #expect(session.state.detail?.code == code)
    }

    @Test func refusedFormWritesNothing() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.jsonl")
        let session = try openSession(path)
        let before = readBytes(path)
        send([.character("3"), .character("n")] + typing("X-1") + [.tab] + typing("NZL") + [.tab] + typing("ZZZ") + [.control("s")], to: session)
        #expect(session.state.form?.refusal?.field == "requested country")
        send([.escape], to: session)
        #expect(readBytes(path) == before)
        #expect(session.state.caseFile.recordCount == 0)
    }

    /// Opened from its snapshot, the console says it is checking the journal
    /// until the lines the snapshot stands for have been checked; a note saved
    /// at once waits for the check and is saved.
    @Test func openedFromASnapshotTheStatusBarSaysTheJournalIsBeingChecked() throws {
        let dir = TemporaryDirectory()
        let path = dir.copyOfSample()
        let first = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 100, now: { now })
        first.journal.startDeferredWork()
        first.journal.finishDeferredWork(waitingAtMost: 30)
        first.journal.close()

        let opened = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 100, now: { now })
        opened.journal.signers = sampleSigners.filter { $0.key == "k.perera" }
        #expect(opened.fromSnapshot)
        let state = ConsoleState(caseFile: opened.caseFile, width: 100, height: 30, now: now, user: "k.perera", journalPath: path)
        let session = ConsoleSession(state: state, store: opened.journal, clock: { self.now })
        #expect(session.state.checkingJournal)
        #expect(render(session.state).text.contains("checking signatures"))
        send([.character("a")] + typing("saved while checking") + [.control("s")], to: session)
        #expect(session.state.message?.text.hasPrefix("Saved") == true, "\(String(describing: session.state.message))")
        #expect(!session.state.checkingJournal)
        #expect(!render(session.state).text.contains("checking journal"))
        #expect(readText(path).contains("saved while checking"))
        #expect(try Journal.verify(at: path).isIntact)
    }

    @Test func aFailedWriteIsShownAsNotSavedAndTheConsoleGoesOnReadOnly() throws {
        let dir = TemporaryDirectory()
        let path = dir.copyOfSample()
        let before = readBytes(path)
        let session = try openSession(path)
        (session.store as! Journal).disk.sync = { _ in EIO }
        send([.character("3"), .character("n")] + typing("NZL/LKA/15-500") + [.tab] + typing("NZL") + [.tab] + typing("LKA")
             + [.tab, .tab, .tab] + typing("Will not be saved") + [.control("s")], to: session)
        #expect(session.state.message?.kind == .error)
        #expect(session.state.message?.text.hasPrefix("NOT SAVED: the disk did not confirm the write (fsync: Input/output error)") == true)
        #expect(session.state.caseFile.enquiries["NZL/LKA/15-500"] == nil, "the unsaved enquiry is shown")
        #expect(session.state.form?["subject"].text == "Will not be saved", "the typed text was lost")
        #expect(session.state.readOnlyReason != nil)
        #expect(render(session.state).text.contains("READ-ONLY"))
        // The console keeps running: it still moves, and refuses new work with the reason.
        send([.escape], to: session)
        #expect(session.state.confirmation?.then == .discard, "Esc with something typed asks before throwing it away")
        send([.character("y"), .character("1"), .character("j")], to: session)
        #expect(session.state.pane == .networks && session.state.selectedRow == 1)
        send([.character("3"), .character("n")], to: session)
        #expect(session.state.form == nil)
        #expect(session.state.message?.text.contains("read-only") == true)
        #expect(readBytes(path) == before)
        #expect(try Journal.verify(at: path).isIntact)
    }

    @Test func twoConsolesOnOneJournalSeeEachOthersChanges() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.jsonl")
        let first = try openSession(path)
        let second = try openSession(path)
        #expect(first.state.readOnlyReason == nil && second.state.readOnlyReason == nil)
        let newEnquiry = { (reference: String, subject: String) -> [Key] in
            [.character("3"), .character("n")] + typing(reference) + [.tab] + typing("NZL") + [.tab] + typing("LKA")
                + [.tab, .tab, .tab] + typing(subject) + [.control("s")]
        }
        send(newEnquiry("NZL/LKA/1", "from the first"), to: first)
        #expect(first.state.caseFile.recordCount == 1)
        second.follow()
        #expect(second.state.caseFile.enquiries["NZL/LKA/1"]?.subject == "from the first")
        #expect(second.state.message == .info("1 change arrived from another console."))

        // The second types a reference the first has just used, before it has
        // looked: deciding again at commit time refuses it, and shows what arrived.
        send(newEnquiry("NZL/LKA/2", "first again"), to: first)
        send(newEnquiry("NZL/LKA/2", "clash"), to: second)
        #expect(second.state.form?.refusal == Refusal(field: "reference", reason: "NZL/LKA/2 is already in use"))
        #expect(second.state.caseFile.enquiries["NZL/LKA/2"]?.subject == "first again")
        #expect(try Journal.verify(at: path).goodRecords == 2)
    }
}
