#if canImport(Glibc)
import Glibc
#endif
import Testing
import TandemCore
@testable import TandemJournal
import TandemSample
import TestSupport
@testable import TandemConsole

/// The console as an officer meets it: keys through the real run loop (the
/// same code as on the terminal), the journal on disk, effects on their own
/// thread, and the screen read back from an in-memory terminal.
@Suite struct RunLoopTests {
    let now = SampleScenario.screensNow

    struct Run {
        var session: ConsoleSession
        var terminal: InMemoryTerminal
        var path: String
        var screen: String { terminal.text }
    }

    func run(_ steps: [InMemoryTerminal.Step], user: String = "liaison", width: Int = 100, height: Int = 30,
             readOnly: Bool = false, in dir: TemporaryDirectory, path: String? = nil, afterOpening: () -> Void = {}) throws -> Run {
        let path = path ?? dir.copyOfSample()
        let opened = try Journal.open(at: path, create: false, readOnly: readOnly, now: { now })
        opened.journal.signers = sampleSigners.filter { $0.key == user }
        afterOpening()
        let state = ConsoleState(caseFile: CaseFile(replaying: opened.records.map(\.event)), width: width, height: height,
                                 now: now, user: user, journalPath: path)
        let session = ConsoleSession(state: state, store: opened.journal, clock: { self.now }, inBackground: true)
        let terminal = InMemoryTerminal(width: width, height: height, steps: steps)
        #expect(RunLoop.run(session, on: terminal) == 0)
        return Run(session: session, terminal: terminal, path: path)
    }

    func keys(_ keys: [Key]) -> [InMemoryTerminal.Step] { keys.map { .input(.key($0)) } }
    func command(_ text: String) -> [Key] { [.character(":")] + typing(text) + [.enter] }

    @Test func gotoAfterASortSelectsTheRecordItNames() throws {
        let dir = TemporaryDirectory()
        let run = try run(keys([.character("3"), .character("o")] + command("goto THA/IDN/15-031")), in: dir)
        #expect(run.session.state.selectedCode == "THA/IDN/15-031")
        #expect(run.screen.contains("── THA/IDN/15-031 · Crew lists"), "the detail below the list is the record named")
        // The same record is reached by moving and by a sort in any order.
        let sorted = try self.run(keys([.character("3")] + command("goto THA/IDN/15-031") + [.character("o"), .character("O")]), in: dir)
        #expect(sorted.session.state.selectedCode == "THA/IDN/15-031")
    }

    @Test func clearingAFilterKeepsTheRecordChosenInIt() throws {
        let dir = TemporaryDirectory()
        let steps = keys([.character("3"), .character("/")] + typing("to:NZL") + [.enter, .character("j")])
        let filtered = try run(steps, in: dir)
        let chosen = try #require(filtered.session.state.selectedCode)
        #expect(filtered.session.state.caseFile.enquiries[chosen]?.requested.code == "NZL")
        // A filter that hides the selected record selects the nearest, and says so.
        let hidden = try run(keys([.character("3"), .character("/")] + typing("to:NZL") + [.enter, .character("j"), .character("/")]
                                  + [.control("u")] + typing("to:THA") + [.enter]), in: dir)
        let message = try #require(hidden.session.state.message?.text)
        #expect(message.contains("\(chosen) is not in it: the nearest, \(hidden.session.state.selectedCode!), is selected"), "\(message)")
        let cleared = try run(steps + keys([.escape]), in: dir)
        #expect(cleared.session.state.filter.isEmpty)
        #expect(cleared.session.state.selectedCode == chosen)
    }

    @Test func theFullViewMovesToTheNextRecordWithItsOwnHistoryAndDrawsItsForms() throws {
        let dir = TemporaryDirectory()
        let run = try run(keys([.character("3"), .enter, .character("]")]), in: dir)
        let state = run.session.state
        let second = PaneRecords.code(of: state.visibleRecords[1], in: .enquiries, state.caseFile)
        #expect(state.detail?.code == second)
        let journal = try Journal.open(at: run.path, create: false, readOnly: true, now: { now })
        let expected = try journal.journal.records(about: second).map(\.sequence)
        #expect(state.history.map(\.sequence) == expected, "the history shown is the record's own")
        #expect(run.screen.contains("\(second) · "), "the record in full, titled with its reference")
        // e in the full view opens a form that is drawn.
        let editing = try self.run(keys([.character("3"), .enter, .character("e")]), in: dir)
        #expect(editing.screen.contains("Edit enquiry"))
    }

    @Test func historyStartsAtTheCreationScrollsAndFollowsChanges() throws {
        let dir = TemporaryDirectory()
        let path = dir.copyOfSample()
        let toTheEnd = try run(keys(command("goto JIT-TRAWLER") + [.enter, .end, .home]), user: "k.perera", in: dir, path: path)
        let history = toTheEnd.session.state.history
        #expect(history.first?.summary.hasPrefix("investigation.created:") == true)
        #expect(toTheEnd.screen.contains("#\(history[0].sequence) "), "the creation can be reached")
        #expect(toTheEnd.session.state.detail?.cursor == 0)
        // A status set in the full view is in its history at once.
        let copy = dir.copyOfSample(named: "second.jsonl")
        let changed = try run(keys(command("goto JIT-TRAWLER") + [.enter, .character("s"), .enter]), user: "k.perera", in: dir, path: copy)
        let last = try #require(changed.session.state.history.last)
        #expect(last.summary.hasPrefix("investigation.status:"))
        #expect(changed.session.state.message?.text.hasPrefix("Saved JIT-TRAWLER") == true)
        // :goto from a referral's full view shows the record it names, with its own history.
        let referral = sampleCaseFile.referrals.all[0].reference
        let jumped = try run(keys(command("goto \(referral)") + [.enter] + command("goto JIT-TRAWLER")), in: dir)
        #expect(jumped.session.state.detail?.code == "JIT-TRAWLER")
        #expect(jumped.session.state.history.first?.summary.hasPrefix("investigation.created:") == true)
    }

    @Test func strayKeysInThePickerDoNothingAndAFinalStatusAsksFirst() throws {
        let dir = TemporaryDirectory()
        // A referral that can move to a final status; the picker is moved onto it.
        let referral = try #require(sampleCaseFile.referrals.all.first { r in r.allowedNext.contains { $0.consequence != nil } })
        let final = referral.allowedNext.firstIndex { $0.consequence != nil }!
        let label = referral.allowedNext[final].label
        let before = readBytes(dir.copyOfSample(named: "before.jsonl"))
        let path = dir.copyOfSample()
        let steps = keys(command("goto \(referral.reference)") + [.character("s"), .character("3"), .character("/"), .character("x")]
                         + Array(repeating: .character("j"), count: final) + [.enter])
        let asked = try run(steps, user: "ncb.officer", in: dir, path: path)
        #expect(asked.session.state.pane == .referrals, "3 did not switch panes from the picker")
        let confirmation = try #require(asked.session.state.confirmation)
        #expect(confirmation.title == "\(referral.reference) → \(label)")
        #expect(asked.screen.contains("Confirm: \(referral.reference) → \(label)"))
        #expect(readBytes(path) == before, "nothing is written before the confirmation")
        // Anything but y or Enter cancels (with a reason asked, Esc does).
        let cancel: Key = confirmation.reason == nil ? .character("n") : .escape
        let cancelled = try run(steps + keys([cancel]), user: "ncb.officer", in: dir, path: path)
        #expect(cancelled.session.state.confirmation == nil)
        #expect(readBytes(path) == before)
        let go: [Key] = confirmation.reason == nil ? [.character("y")] : typing("Located by the partner NCB") + [.enter]
        let confirmed = try run(steps + keys(go), user: "ncb.officer", in: dir, path: path)
        #expect(confirmed.session.state.caseFile.referrals[referral.reference]?.status == referral.allowedNext[final])
        if confirmation.reason != nil {
            #expect(confirmed.session.state.caseFile.notes(on: referral.reference).last?.text == "Reason for \(label): Located by the partner NCB")
        }
    }

    @Test func sendingAnEnquiryWithAWarningAsksFirst() throws {
        let dir = TemporaryDirectory()
        let steps = keys([.character("3"), .character("n")] + typing("AUS/IDN/15-300") + [.tab] + typing("AUS") + [.tab] + typing("IDN")
                         + [.tab, .tab, .tab] + typing("Search of the organiser's house") + [.tab] + typing("search")
                         + [.control("s")] + command("goto AUS/IDN/15-300") + [.character("s"), .down, .enter])
        let run = try run(steps, user: "k.perera", in: dir)
        let confirmation = try #require(run.session.state.confirmation)
        #expect(confirmation.lines.contains { $0.hasPrefix("Warning: it asks for coercive measures") })
        #expect(run.session.state.caseFile.enquiries["AUS/IDN/15-300"]?.status == .draft)
    }

    @Test func anUnknownEscapeSequenceIsSwallowedWhole() throws {
        let dir = TemporaryDirectory()
        // Insert as xterm sends it, inside a form; then End as tmux sends it with TERM=xterm.
        let bytes = Array("3n".utf8) + [27, 0x5B, 0x32, 0x7E] + Array("AUS".utf8) + [27, 0x5B, 0x34, 0x7E]
        let decoded = InMemoryTerminal.keys(fromBytes: bytes)
        #expect(decoded == [.character("3"), .character("n"), .unknown(27), .character("A"), .character("U"), .character("S"), .end])
        let run = try run(keys(decoded), in: dir)
        #expect(run.session.state.form?["reference"].text == "AUS", "the form stays open and takes what follows")
        #expect(run.session.state.pane == .enquiries)
        // A sequence cut short is one unknown key; Esc and a key typed quickly after it are two keys.
        #expect(InMemoryTerminal.keys(fromBytes: [27, 0x34]) == [.escape, .character("4")])
        let quick = try self.run(keys(InMemoryTerminal.keys(fromBytes: Array("3n".utf8) + [27] + Array("5".utf8))), in: dir)
        #expect(quick.session.state.form == nil && quick.session.state.pane == .dashboard, "Esc then 5, arriving together")
        #expect(InMemoryTerminal.keys(fromBytes: [27, 0x5B, 0x31, 0x35]) == [.unknown(27)])
        #expect(InMemoryTerminal.keys(fromBytes: [27]) == [.escape])
        #expect(InMemoryTerminal.keys(fromBytes: [27, 0x4F, 0x41, 27, 0x5B, 0x31, 0x3B, 0x35, 0x42]) == [.up, .down], "SS3 and modified arrows")
    }

    @Test func readOnlyHidesTheKeysThatWriteAndSaysWhy() throws {
        let dir = TemporaryDirectory()
        let run = try run(keys([.character("3")]), readOnly: true, in: dir)
        let footer = run.screen.split(separator: "\n").dropLast().last.map(String.init) ?? ""
        for hidden in ["s status", "n new", "e edit", "a note", "c chase"] {
            #expect(!footer.contains(hidden), "the footer offers \(hidden): \(footer)")
        }
        let pressed = try self.run(keys([.character("3"), .character("s")]), readOnly: true, in: dir)
        #expect(pressed.session.state.picker == nil, "no picker opens")
        #expect(pressed.session.state.message?.text.hasPrefix("s: nothing can be written, the journal is read-only") == true)
        let help = try self.run(keys([.character("3"), .character("?")]), readOnly: true, in: dir)
        #expect(!help.screen.contains("change status"))
        #expect(help.screen.contains("Read-only"))
    }

    @Test func theSubjectStaysAt80ColumnsAndLongMessagesAreNotCut() throws {
        let dir = TemporaryDirectory()
        let narrow = try run(keys([.character("3")]), width: 80, height: 24, in: dir)
        #expect(narrow.screen.contains("Subject"))
        let long = try run(keys(command("goto NO-SUCH-RECORD-WITH-A-LONG-NAME")), width: 100, height: 30, in: dir)
        let message = try #require(long.session.state.message?.text)
        #expect(message.count > 80)
        let words = message.split(separator: " ").map(String.init)
        #expect(words.allSatisfy { long.screen.contains($0) }, "every word of the message is on screen")
        let log = try run(keys(command("goto NO-SUCH-RECORD") + command("messages")), in: dir)
        #expect(log.screen.contains("Messages (the last 50)"))
        #expect(log.screen.contains(":goto: no network, investigation, enquiry or referral \"NO-SUCH-RECORD\""))
    }

    @Test func aNoteIsWrittenOverSeveralLinesAndAlwaysInSight() throws {
        let dir = TemporaryDirectory()
        let long = String(repeating: "Vessel seen off Ambon ", count: 5) + "END-OF-LINE"
        let steps = keys([.character("1"), .character("a")] + typing(long) + [.enter] + typing("Second line"))
        let typed = try run(steps, in: dir)
        #expect(typed.screen.contains("END-OF-LINE"), "the end of a long line is on screen")
        #expect(typed.screen.contains("Second line"))
        #expect(typed.screen.contains("of 10,000 characters"))
        let saved = try run(steps + keys([.control("s")]), in: dir)
        #expect(readText(saved.path).contains("Second line"))
        #expect(saved.session.state.caseFile.notes(on: "NET-7KQ2").last?.text == long + "\nSecond line")
        let shown = try run(steps + keys([.control("s"), .enter]), in: TemporaryDirectory())
        #expect(shown.screen.split(separator: "\n").contains { $0.contains("  Second line") }, "the note's second line is a line of its own")
    }

    @Test func leavingAFormWithTypingAsksFirst() throws {
        let dir = TemporaryDirectory()
        let typed = keys([.character("3"), .character("n")] + typing("AUS/THA/15-") + [.escape])
        let asked = try run(typed, in: dir)
        #expect(asked.session.state.confirmation?.then == .discard)
        #expect(asked.screen.contains("what you typed has not been saved"))
        let back = try run(typed + keys([.character("n")]), in: dir)
        #expect(back.session.state.form?["reference"].text == "AUS/THA/15-", "anything but y goes back to the form, text kept")
        let gone = try run(typed + keys([.character("y")]), in: dir)
        #expect(gone.session.state.form == nil && gone.session.state.stack.isEmpty)
        // Nothing typed: Esc closes at once; Ctrl-C asks as Esc does.
        let empty = try run(keys([.character("3"), .character("n"), .escape]), in: dir)
        #expect(empty.session.state.stack.isEmpty)
        let control = try run(keys([.character("3"), .character("n")] + typing("X") + [.control("c")]), in: dir)
        #expect(control.session.state.confirmation?.then == .discard)
    }

    @Test func anUnknownFilterTermIsAnErrorWithTheChoices() throws {
        let dir = TemporaryDirectory()
        for (query, error) in [("status:bogus", "status: \"bogus\" is not one of: draft, submitted, sent"),
                               ("foo:bar", "Enquiries have no field \"foo\" (fields: status, handling, from, to"),
                               ("status:answered", "status: \"answered\" is not one of")] {
            let run = try run(keys([.character("3"), .character("/")] + typing(query)), in: dir)
            let prompt = try #require(run.session.state.prompt)
            #expect(prompt.error?.hasPrefix(error) == true, "\(query): \(prompt.error ?? "no error")")
            #expect(run.screen.contains("✗ "))
            #expect(run.session.state.filter != query, "a query with an unknown term is not applied")
        }
        let either = try run(keys([.character("3"), .character("/")] + typing("to:THA,MYS") + [.enter]), in: dir)
        let state = either.session.state
        #expect(state.visibleRecords.allSatisfy { ["THA", "MYS"].contains(state.caseFile.enquiries.all[$0].requested.code) })
        #expect(state.visibleRecords.count == sampleCaseFile.enquiries.all.filter { ["THA", "MYS"].contains($0.requested.code) }.count)
    }

    @Test func aSaveWaitingForAnotherConsolesLockKeepsTheConsoleAliveAndTheNote() throws {
        let dir = TemporaryDirectory()
        let path = dir.copyOfSample()
        let holder = open(path, O_RDONLY)
        defer { close(holder) }
        let steps = keys([.character("1"), .character("a")] + typing("Held by the other console") + [.control("s")])
            + [.whenShown("Waiting for another console to finish saving", .key(.escape))]
        let run = try run(steps, in: dir, path: path) { #expect(flock(holder, LOCK_EX) == 0) }
        #expect(run.session.state.noteEditor?.text.text == "Held by the other console", "the typed note is kept")
        #expect(run.session.state.message?.text.contains("The save was cancelled") == true)
        #expect(run.session.state.saving == nil)
        #expect(!readText(path).contains("Held by the other console"))
        // Once the other console lets go, the same note saves.
        flock(holder, LOCK_UN)
        _ = try self.run(Array(steps.dropLast()), in: dir, path: path)
        #expect(readText(path).contains("Held by the other console"))
    }

    @Test func findLooksInEveryPaneAndGoesToTheRecordChosen() throws {
        let dir = TemporaryDirectory()
        let run = try run(keys(command("find trawler")), in: dir)
        let found = try #require({ if case .found(let f) = run.session.state.top { f } else { nil } }())
        #expect(Set(found.matches.map(\.pane)) == [.networks, .investigations], "\(found.matches.map(\.code))")
        #expect(run.screen.contains("Found \"trawler\""))
        let chosen = try self.run(keys(command("find trawler") + [.character("j"), .enter]), in: dir)
        #expect(chosen.session.state.selectedCode == found.matches[1].code)
        #expect(chosen.session.state.pane == found.matches[1].pane)
    }

    @Test func aLinkInTheHistoryNamesBothEndsAndTheirKindsAndEnterFollowsIt() throws {
        let dir = TemporaryDirectory()
        let steps = keys(command("goto JIT-TRAWLER") + [.enter, .end])
        let opened = try run(steps, in: dir)
        let link = try #require(opened.session.state.history.last { $0.linkedTo != nil })
        #expect(link.summary == "link.added: linked THA/IDN/15-031 (enquiry) ↔ JIT-TRAWLER (joint investigation)")
        #expect(opened.screen.contains("THA/IDN/15-031 (enquiry)"))
        // The cursor onto the link, Enter: the other end in full; Esc: back.
        let index = try #require(opened.session.state.history.firstIndex { $0.linkedTo != nil })
        let onLink = keys(command("goto JIT-TRAWLER") + [.enter, .home] + Array(repeating: .down, count: index) + [.enter])
        let followed = try run(onLink, in: dir)
        #expect(followed.session.state.detail?.code == "THA/IDN/15-031")
        #expect(followed.session.state.pane == .enquiries)
        let back = try run(onLink + keys([.escape]), in: dir)
        #expect(back.session.state.detail?.code == "JIT-TRAWLER")
        #expect(back.session.state.pane == .investigations)
    }

    @Test func theMouseGoesToTabsSelectsRowsOpensThemAndScrolls() throws {
        let dir = TemporaryDirectory()
        let state = sampleState()
        let enquiriesTab = try #require(tabBar(state).tabs.first { $0.pane == .enquiries })
        func click(_ kind: Mouse.Kind, x: Int, y: Int) -> InMemoryTerminal.Step { .input(.mouse(Mouse(kind, x: x, y: y))) }
        let tab = [click(.click, x: enquiriesTab.x + 3, y: 0)]
        let onTab = try run(tab, in: dir)
        #expect(onTab.session.state.pane == .enquiries)
        // The fourth row of the list (rows start under the header).
        let onRow = try run(tab + [click(.click, x: 5, y: 2 + 3)], in: dir)
        let fourth = PaneRecords.code(of: onRow.session.state.visibleRecords[3], in: .enquiries, onRow.session.state.caseFile)
        #expect(onRow.session.state.selectedCode == fourth)
        let opened = try run(tab + [click(.doubleClick, x: 5, y: 2 + 3)], in: dir)
        #expect(opened.session.state.detail?.code == fourth)
        // The wheel: three entries of the history, or three records of the list, a turn.
        let scrolled = try run(tab + [click(.doubleClick, x: 5, y: 2 + 3), click(.wheelDown, x: 5, y: 20)], in: dir)
        #expect(scrolled.session.state.detail?.cursor == min(3, scrolled.session.state.history.count - 1))
        let listed = try run(tab + [click(.wheelDown, x: 5, y: 10), click(.wheelDown, x: 5, y: 10), click(.wheelUp, x: 5, y: 10)], in: dir)
        #expect(listed.session.state.selectedRow == 3)
        // A click outside the list, or on a tab while a form is open, does nothing.
        let form = try run(keys([.character("3"), .character("n")]) + [click(.click, x: 2, y: 0)], in: dir)
        #expect(form.session.state.form != nil && form.session.state.pane == .enquiries)
    }

    @Test func aDigitWithACombiningMarkIsNotAPaneNumber() throws {
        let dir = TemporaryDirectory()
        let run = try run(keys([.character("3"), .character("1\u{301}")]), in: dir)
        #expect(run.session.state.pane == .enquiries)
        #expect(run.session.state.message?.text.contains("does nothing") == true)
    }

    @Test func helpNamesEveryKeyTheFilterAndTheMarks() throws {
        let dir = TemporaryDirectory()
        let run = try run(keys([.character("3"), .character("?")]), height: 60, in: dir)
        for text in ["Ctrl-F", "Ctrl-B", "field:value", "to:THA,MYS", "! after a due date: overdue"] {
            #expect(run.screen.contains(text), "help lacks \(text)")
        }
        let byCommand = try self.run(keys([.character("3")] + command("help")), in: dir)
        #expect(byCommand.session.state.showsHelp)
    }
}
