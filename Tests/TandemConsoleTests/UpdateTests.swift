import Testing
import TandemCore
import TandemSample
@testable import TandemConsole

@Suite struct NavigationTests {
    @Test func numberKeysAndTabSwitchPanes() {
        var state = sampleState()
        #expect(state.pane == .networks)
        press([.character("3")], &state)
        #expect(state.pane == .enquiries)
        press([.tab], &state)
        #expect(state.pane == .referrals)
        press([.tab], &state)
        #expect(state.pane == .dashboard)
        press([.tab], &state)
        #expect(state.pane == .networks)
        press([.backTab, .backTab], &state)
        #expect(state.pane == .referrals)
        press([.character("5")], &state)
        #expect(state.pane == .dashboard)
        press([.character("j"), .character("n")], &state)
        #expect(state.form == nil)
        press([.character("2")], &state)
        #expect(state.pane == .investigations)
        press([.character("9")], &state)
        #expect(state.pane == .investigations)
    }

    @Test func movingStaysWithinTheListAndEachPaneKeepsItsSelection() {
        var state = sampleState()
        press([.character("k")], &state)
        #expect(state.selectedRow == 0)
        press([.character("j"), .down, .down], &state)
        #expect(state.selectedRow == 3)
        press(Array(repeating: .character("j"), count: 20), &state)
        #expect(state.selectedRow == sampleCaseFile.networks.count - 1)
        press([.up], &state)
        #expect(state.selectedRow == sampleCaseFile.networks.count - 2)
        press([.character("3"), .end], &state)
        #expect(state.selectedRow == sampleCaseFile.enquiries.count - 1)
        press([.home], &state)
        #expect(state.selectedRow == 0)
        press([.character("1")], &state)
        #expect(state.selectedRow == sampleCaseFile.networks.count - 2)
    }

    @Test func quitAndCtrlCQuit() {
        var state = sampleState()
        #expect(press([.character("q")], &state) == [.quit])
        #expect(press([.control("c")], &state) == [.quit])
    }

    @Test func tooSmallStillQuitsOnQ() {
        var state = sampleState(width: 40, height: 10)
        #expect(press([.character("3"), .character("n")], &state).isEmpty)
        #expect(state.form == nil)
        #expect(press([.character("q")], &state) == [.quit])
    }

    @Test func resizeKeepsTypedText() {
        var state = sampleState()
        press([.character("3"), .character("n")] + typing("AUS/THA/1"), &state)
        _ = update(&state, .resize(width: 30, height: 8))
        _ = update(&state, .resize(width: 80, height: 24))
        #expect(state.form?["reference"].text == "AUS/THA/1")
        #expect(state.width == 80 && state.height == 24)
    }

    @Test func newOnlyOnTheEnquiriesPane() {
        var state = sampleState()
        press([.character("n")], &state)
        #expect(state.form == nil)
        #expect(state.message?.kind == .error)
        press([.character("3"), .character("n")], &state)
        #expect(state.form != nil)
    }
}

@Suite struct EnquiryFormTests {
    func filledForm(requested: String = "THA", subject: String = "Crew lists", due: String = "+7d") -> ConsoleState {
        var state = sampleState()
        press([.character("3"), .character("n")], &state)
        press(typing("aus/tha/15-200") + [.enter], &state)
        press(typing("aus") + [.enter], &state)
        press(typing(requested) + [.enter], &state)
        press([.right, .enter], &state)          // channel: police-to-police → liaison officer
        press([.enter], &state)                  // priority stays routine
        press(typing(subject) + [.enter], &state)
        press([.enter], &state)                  // no coercive measures
        press(typing(due) + [.enter], &state)
        #expect(state.form?.focusedLabel == "handling")
        return state
    }

    @Test func enterOnTheLastFieldSavesOneEvent() {
        var state = filledForm()
        let effects = press([.enter], &state)
        let commands = effects.committedCommands
        #expect(commands.count == 1)
        guard case .enquiryCreated(let e)? = commands.first else { Issue.record("no enquiry command"); return }
        #expect(e.reference == "AUS/THA/15-200")
        #expect(e.requesting.code == "AUS" && e.requested.code == "THA")
        #expect(e.channel == .liaisonOfficer)
        #expect(e.subject == "Crew lists")
        #expect(e.due == state.now.adding(days: 7))
        let events = try! state.caseFile.decide(commands[0], by: state.user, at: state.now)
        #expect(events.first?.actor == "liaison")
        // Not shown until the journal confirms it.
        #expect(state.caseFile.enquiries["AUS/THA/15-200"] == nil)
        _ = update(&state, .saved(events))
        #expect(state.form == nil)
        #expect(state.caseFile.enquiries["AUS/THA/15-200"] != nil)
        #expect(state.pane == .enquiries)
        #expect(state.selectedRow == state.caseFile.enquiries.count - 1)
        #expect(state.message == .info("Saved AUS/THA/15-200 to the journal."))
    }

    @Test func ctrlSSavesFromAnyField() {
        var state = filledForm()
        press([.backTab, .backTab], &state)
        #expect(press([.control("s")], &state).committedCommands.count == 1)
    }

    @Test func refusalNamesTheFieldFocusesItAndWritesNothing() {
        var state = filledForm(requested: "THL")
        let effects = press([.enter], &state)
        #expect(effects.isEmpty)
        #expect(state.form?.refusal?.field == "requested country")
        #expect(state.form?.focusedLabel == "requested country")
        #expect(state.message?.text.hasPrefix("Not saved: requested country: unknown country code \"THL\"") == true)
        // Correct it and save.
        press([.control("u")] + typing("THA"), &state)
        #expect(press([.control("s")], &state).committedCommands.count == 1)
    }

    @Test func emptySubjectAndBadDateAreRefused() {
        var state = filledForm(subject: "   ")
        press([.enter], &state)
        #expect(state.form?.refusal == Refusal(field: "subject", reason: "is required"))
        #expect(state.form?.focusedLabel == "subject")
        var dated = filledForm(due: "next tuesday")
        press([.enter], &dated)
        #expect(dated.form?.refusal?.field == "due date")
        #expect(dated.form?.focusedLabel == "due date")
    }

    @Test func escapeCancelsWithoutWriting() {
        var state = filledForm()
        let effects = press([.escape], &state)
        #expect(effects.isEmpty)
        #expect(state.form == nil)
        #expect(state.caseFile == sampleCaseFile)
    }

    @Test func readOnlyJournalRefusesNewEnquiries() {
        var state = sampleState()
        state.readOnlyReason = "another tandem is writing to it"
        press([.character("3"), .character("n")], &state)
        #expect(state.form == nil)
        #expect(state.message?.text.contains("read-only") == true)
    }

    @Test func rolesThatMayNotCreateEnquiriesAreToldWhy() {
        var investigator = sampleState()
        investigator.user = "p.srisuk"
        press([.character("3"), .character("n")], &investigator)
        #expect(investigator.form == nil)
        #expect(investigator.message == .error("New enquiry: not possible, only a liaison officer or supervisor may create an enquiry; p.srisuk is an investigator."))
        var stranger = sampleState()
        stranger.user = "visitor"
        press([.character("3"), .character("n")], &stranger)
        #expect(stranger.message?.text.contains("visitor is not on the roster and may only read") == true)
        #expect(render(stranger).text.contains("visitor (not on the roster: read only)"))
        #expect(render(sampleState()).text.contains("liaison (liaison officer)"))
    }

    @Test func failedSaveKeepsTheFormAndStopsWriting() {
        var state = filledForm()
        _ = press([.enter], &state)
        _ = update(&state, .notSaved(reason: "NOT SAVED: disk full", stopsWriting: true))
        #expect(state.form?["subject"].text == "Crew lists")
        #expect(state.readOnlyReason != nil)
        #expect(state.message == .error("NOT SAVED: disk full What you typed is still here."))
        #expect(press([.control("s")], &state).isEmpty)
    }

    @Test func pickersCycleAndJumpByLetter() {
        var state = sampleState()
        press([.character("3"), .character("n"), .tab, .tab, .tab], &state)
        #expect(state.form?.focusedLabel == "channel")
        press([.left], &state)
        #expect(state.form?["channel"].text == "mutual legal assistance")
        press([.character("i")], &state)
        #expect(state.form?["channel"].text == "INTERPOL I-24/7")
        press([.character(" ")], &state)
        #expect(state.form?["channel"].text == "mutual legal assistance")
    }
}

@Suite struct FilterPickerHelpTests {
    @Test func filterNarrowsTheListAsItIsTyped() {
        var state = sampleState()
        press([.character("3"), .character("/")] + typing("to:THA overdue"), &state)
        let expected = sampleCaseFile.enquiries.all.filter { $0.requested.code == "THA" && $0.isOverdue(at: state.now) }.map(\.reference)
        #expect(!expected.isEmpty)
        #expect(state.visibleRecords.map { sampleCaseFile.enquiries.all[$0].reference } == expected)
        press([.enter], &state)
        #expect(state.prompt == nil && state.filter == "to:THA overdue")
        #expect(state.message?.text.hasPrefix("Filter: to:THA overdue (\(expected.count) of \(sampleCaseFile.enquiries.count)); THA/IDN/15-031 is not in it") == true)
        // The detail follows the filtered selection.
        press([.down], &state)
        #expect(state.selectedRecord.map { sampleCaseFile.enquiries.all[$0].reference } == expected[min(1, expected.count - 1)])
        // Each pane keeps its own filter; Esc clears it.
        press([.character("1")], &state)
        #expect(state.visibleRecords.count == sampleCaseFile.networks.count)
        press([.character("3"), .escape], &state)
        #expect(state.filter.isEmpty && state.visibleRecords.count == sampleCaseFile.enquiries.count)
    }

    @Test func queryLanguage() {
        let c = sampleCaseFile
        func count(_ pane: Pane, _ query: String) -> Int {
            var state = sampleState()
            state.pane = pane
            state.filter = query
            refresh(&state)
            return state.visibleRecords.count
        }
        #expect(count(.enquiries, "status:sent") == c.enquiries.all.filter { $0.status == .sent }.count)
        #expect(count(.enquiries, "channel:i-24/7") == c.enquiries.all.filter { $0.channel == .interpol }.count)
        #expect(count(.enquiries, "SUBSCRIBER") == c.enquiries.all.filter { $0.subject.lowercased().contains("subscriber") }.count)
        #expect(count(.networks, "status:under-investigation") == 2)
        #expect(count(.networks, "sector:fishing") == 1)
        #expect(count(.networks, "andaman") == 1)
        #expect(count(.investigations, "lead:tha") == 1)
        #expect(count(.referrals, "kind:red") == 1)
        #expect(count(.referrals, "nothing-like-this") == 0)
        // Dates: before, after, a range (bounds included), one day; either of two values.
        let tenth = Day(iso8601: "2015-10-10")!, first = Day(iso8601: "2015-10-01")!, fifteenth = Day(iso8601: "2015-10-15")!
        let dueBefore = c.enquiries.all.filter { $0.currentDue.day < tenth }.count
        #expect(dueBefore > 0 && count(.enquiries, "due:<2015-10-10") == dueBefore)
        #expect(count(.enquiries, "due:>2015-10-10") == c.enquiries.all.filter { $0.currentDue.day > tenth }.count)
        let sentInRange = c.enquiries.all.filter { $0.sent.map { (first...fifteenth).contains($0.day) } ?? false }.count
        #expect(sentInRange > 0 && count(.enquiries, "sent:2015-10-01..2015-10-15") == sentInRange)
        #expect(count(.enquiries, "to:THA,MYS") == c.enquiries.all.filter { ["THA", "MYS"].contains($0.requested.code) }.count)
        #expect(RecordFilter.problem(in: "due:soon", pane: .enquiries)?.hasPrefix("due: \"soon\" is not a date") == true)
        // mine: what the officer (liaison here) created or was the last to change.
        let mine = c.enquiries.all.filter { c.stamp(of: $0.reference)?.isMine("liaison") == true }.count
        #expect(mine > 0 && count(.enquiries, "mine") == mine)
        var supervisor = sampleState()
        supervisor.user = "k.perera"
        supervisor.pane = .enquiries
        supervisor.filter = "mine"
        refresh(&supervisor)
        let theirs = c.enquiries.all.filter { c.stamp(of: $0.reference)?.isMine("k.perera") == true }.count
        #expect(theirs > 0 && theirs < c.enquiries.count && supervisor.visibleRecords.count == theirs)
        #expect(count(.networks, "mine") == 0, "liaison officers made none of the networks")
        var none = sampleState()
        none.pane = .referrals
        none.filter = "zzz"
        refresh(&none)
        #expect(render(none).text.contains("Nothing matches the filter \"zzz\"; Esc clears it."))
    }

    @Test func statusPickerOffersOnlyAllowedTransitionsAndSaysWhoMay() throws {
        var state = sampleState()
        press([.character("3"), .character("/")] + typing("status:draft") + [.enter], &state)
        let draft = sampleCaseFile.enquiries.all[state.selectedRecord!]
        press([.character("s")], &state)
        let picker = try #require(state.picker)
        #expect(picker.code == draft.reference)
        #expect(picker.options.map(\.label) == ["submitted for approval", "sent", "withdrawn"])
        // A liaison officer may not approve (send) an outgoing enquiry: they submit it for approval.
        #expect(picker.options[0].unavailable == nil)
        #expect(picker.options[1].unavailable == "only a supervisor may approve and send an enquiry; liaison is a liaison officer")
        #expect(picker.options[2].unavailable == nil)
        #expect(press([.down, .enter], &state).isEmpty)
        #expect(state.message?.text.hasPrefix("Cannot choose sent: only a supervisor") == true)
        // Withdrawn is final and asks why: a confirmation with a reason, journalled with the change.
        #expect(press([.down, .enter], &state).isEmpty)
        #expect(state.picker == nil)
        let confirmation = try #require(state.confirmation)
        #expect(confirmation.reason != nil)
        #expect(confirmation.lines.contains("This is a final status: the record's status cannot change again."))
        #expect(press([.enter], &state).isEmpty, "no reason typed: nothing is saved")
        #expect(state.confirmation?.problem?.hasPrefix("reason: is required") == true)
        let effects = press(typing("Answered through Interpol instead") + [.enter], &state)
        #expect(effects == [.commit([Proposal(.enquiryStatusChanged(reference: draft.reference, to: .withdrawn), basedOn: state.caseFile.version(of: draft.reference)),
                                     Proposal(.noteAdded(entity: draft.reference, text: "Reason for withdrawn: Answered through Interpol instead"))])])
        #expect(state.confirmation == nil)
        // A supervisor may send it.
        var supervisor = sampleState()
        supervisor.user = "k.perera"
        press([.character("3"), .character("/")] + typing("status:draft") + [.enter, .character("s"), .down, .enter], &supervisor)
        #expect(supervisor.picker == nil)
        #expect(supervisor.message == nil || supervisor.message?.kind == .info)
    }

    @Test func aFinalStatusCannotChange() {
        var state = sampleState()
        press([.character("3"), .character("/")] + typing("status:closed") + [.enter, .character("s")], &state)
        #expect(state.picker == nil)
        #expect(state.message?.text.hasSuffix("is closed: a final status; it cannot change (a supervisor may take it back).") == true)
    }

    @Test func chaseIsADatedEventOnlyForEnquiriesAwaitingAnAnswer() {
        var state = sampleState()
        press([.character("3"), .character("/")] + typing("overdue") + [.enter], &state)
        let reference = sampleCaseFile.enquiries.all[state.selectedRecord!].reference
        // A form asks by what means, a note and when (empty: now).
        #expect(press([.character("c")], &state).isEmpty)
        #expect(state.form?.title == "Chase \(reference)")
        let effects = press([.right, .tab] + typing("Spoke to the duty officer") + [.tab] + typing("-2h") + [.control("s")], &state)
        #expect(effects == [.commit([Proposal(.enquiryChased(reference: reference, chase: Chase(means: .email, note: "Spoke to the duty officer")),
                                              happened: state.now.adding(seconds: -7200))])])
        // One save at a time: a second waits for the first's answer.
        press([.control("s")], &state)
        #expect(state.message == .error("Not saved: the last save is not finished yet; try again in a moment."))
        _ = update(&state, .refused(Refusal(field: "status", reason: "changed meanwhile")))
        #expect(state.form?.refusal?.reason == "changed meanwhile", "the form stays, with what was typed")
        press([.escape, .character("y"), .escape, .character("/")] + typing("status:draft") + [.enter], &state)
        #expect(press([.character("c")], &state).isEmpty)
        #expect(state.message?.text.contains("only a sent enquiry awaiting an answer can be chased") == true)
    }

    @Test func helpListsTheKeysAndCloses() {
        var state = sampleState()
        press([.character("?")], &state)
        #expect(state.showsHelp)
        let text = render(state).text
        #expect(text.contains("change status (only the allowed transitions)"))
        #expect(text.contains("You are liaison, a liaison officer."))
        press([.character("j")], &state)
        #expect(state.showsHelp && state.selectedRow == 0, "j scrolls the help, it does not move the list")
        press([.escape], &state)
        #expect(!state.showsHelp)
    }
}

@Suite struct DetailNoteTests {
    @Test func enterShowsTheRecordInFullAndAsksForItsHistory() {
        var state = sampleState()
        let effects = press([.character("3"), .enter], &state)
        let code = sampleCaseFile.enquiries.all[0].reference
        #expect(effects == [.loadHistory(code: code)])
        #expect(state.detail?.code == code)
        #expect(render(state).text.contains("reading the journal…"))
        let entry = HistoryEntry(sequence: 43, time: state.now, actor: "liaison", summary: "enquiry.created: drafted")
        _ = update(&state, .history(code: code, [entry]))
        #expect(render(state).text.contains("#43 2015-10-20 09:00 UTC liaison  enquiry.created: drafted"))
        press([.escape], &state)
        #expect(state.detail == nil && state.history.isEmpty)
        #expect(press([.character("h")], &state) == [.loadHistory(code: code)])
    }

    @Test func aNoteIsADatedEventOnTheRecord() {
        var state = sampleState()
        press([.character("2"), .character("a")] + typing("Partners met in Bangkok") + [.enter] + typing("Next meeting in Jakarta"), &state)
        #expect(state.noteEditor?.text.text == "Partners met in Bangkok\nNext meeting in Jakarta")
        let code = sampleCaseFile.investigations.all[0].code
        #expect(press([.control("s")], &state) == [.commit([Proposal(.noteAdded(entity: code, text: "Partners met in Bangkok\nNext meeting in Jakarta"))])])
        _ = update(&state, .saved([Event(time: state.now, actor: state.user, change: .noteAdded(entity: code, text: "Partners met in Bangkok\nNext meeting in Jakarta"))]))
        #expect(state.noteEditor == nil)
        #expect(state.message == .info("Saved \(code) to the journal: note: Partners met in Bangkok\nNext meeting in Jakarta."))
        // A note that ends its own sentence is not given a second full stop.
        _ = update(&state, .saved([Event(time: state.now, actor: state.user, change: .noteAdded(entity: code, text: "Crew lists checked."))]))
        #expect(state.message == .info("Saved \(code) to the journal: note: Crew lists checked."))
        // An empty note is refused, and the editor stays open.
        press([.character("a"), .control("s")], &state)
        #expect(state.noteEditor != nil)
        #expect(state.message == .error("Not saved: note: is required"))
        press([.escape], &state)
        #expect(state.noteEditor == nil)
    }
}

@Suite struct CommandLineTests {
    @Test func gotoJumpsToAnyRecordByCode() {
        var state = sampleState()
        press([.character(":")] + typing("goto aus/phl/15-114") + [.enter], &state)
        #expect(state.pane == .enquiries)
        #expect(state.selectedCode == "AUS/PHL/15-114")
        press([.character(":")] + typing("goto NET-K8RZ") + [.enter], &state)
        #expect(state.pane == .networks && state.selectedCode == "NET-K8RZ")
        press([.character(":")] + typing("goto NOPE-1") + [.enter], &state)
        #expect(state.message == .error(":goto: no network, investigation, enquiry or referral \"NOPE-1\" in this journal."))
        #expect(state.selectedCode == "NET-K8RZ")
    }

    @Test func filterQuitAndUnknownCommands() {
        var state = sampleState()
        press([.character("3"), .character(":")] + typing("filter status:sent") + [.enter], &state)
        #expect(state.filter == "status:sent")
        press([.character(":")] + typing("launch") + [.enter], &state)
        #expect(state.message == .error(":launch: unknown command (goto CODE, find TEXT, filter QUERY, messages, unit, help, quit)."))
        #expect(press([.character(":")] + typing("quit") + [.enter], &state) == [.quit])
        press([.character(":")] + typing("goto") + [.escape], &state)
        #expect(state.prompt == nil)
    }

    @Test func coerciveMeasuresOnTheWrongChannelAreFlagged() {
        var state = sampleState()
        press([.character(":")] + typing("goto IDN/MYS/15-012") + [.enter], &state)
        #expect(render(state).text.contains("WARNING: coercive measures need mutual legal assistance"))
        press([.character(":")] + typing("goto AUS/LKA/15-090") + [.enter], &state)
        let text = render(state).text
        #expect(text.contains("search, seizure (by mutual legal assistance)"))
        #expect(!text.contains("WARNING"))
    }
}

@Suite struct SortTests {
    @Test func sortByColumnBothWays() {
        var state = sampleState()
        press([.character("3"), .character("o")], &state)   // by reference
        let references = state.visibleRecords.map { sampleCaseFile.enquiries.all[$0].reference }
        #expect(references == references.sorted { $0.lowercased() < $1.lowercased() })
        #expect(state.message == .info("Sorted by reference."))
        #expect(render(state).text.contains("Reference▲"))
        press([.character("O")], &state)
        #expect(state.visibleRecords.map { sampleCaseFile.enquiries.all[$0].reference } == references.reversed())
        // Age sorts by number, not text: 9d before 10d.
        let ageColumn = PaneTables.columns(.enquiries).firstIndex { $0.title == "Age" }!
        state.sort = SortOrder(column: ageColumn, descending: false)
        refresh(&state)
        let ages = state.visibleRecords.map { PaneTables.rows(.enquiries, sampleCaseFile, now: state.now)[$0].cells[ageColumn] }
        let days = ages.map { Int($0.prefix { $0.isNumber })! }
        #expect(days == days.sorted())
        // Sorting keeps the filter, and o past the last column goes back to journal order.
        state.filter = "to:THA"
        refresh(&state)
        #expect(state.visibleRecords.allSatisfy { sampleCaseFile.enquiries.all[$0].requested.code == "THA" })
        state.sort = SortOrder(column: PaneTables.columns(.enquiries).count - 1, descending: false)
        refresh(&state)
        press([.character("o")], &state)
        #expect(state.sort == nil && state.message == .info("In journal order."))
    }
}

@Suite struct LinkPickerTests {
    @Test func linkToARecordFoundByTyping() throws {
        var state = sampleState()
        press([.character("3"), .character(":")] + typing("goto AUS/PHL/15-114") + [.enter, .character("l")], &state)
        let picker = try #require(state.linkPicker)
        #expect(picker.from == "AUS/PHL/15-114")
        let everything = picker.candidates(in: state.caseFile).count
        press(typing("lantern"), &state)
        let narrowed = state.linkPicker!.candidates(in: state.caseFile)
        #expect(narrowed.map(\.code) == ["JIT-LANTERN"])
        #expect(everything > narrowed.count)
        #expect(render(state).text.contains("JIT-LANTERN      joint investigation · Operation Lantern"))
        #expect(press([.enter], &state) == [.commit([Proposal(.linkAdded(Link(from: "AUS/PHL/15-114", to: "JIT-LANTERN")))])])
        #expect(state.linkPicker == nil)
    }

    @Test func alreadyLinkedRecordsAreNotOffered() {
        var state = sampleState()
        press([.character("3"), .character(":")] + typing("goto THA/IDN/15-031") + [.enter, .character("l")] + typing("trawler"), &state)
        // JIT-TRAWLER is linked already in the sample; only the network is left.
        #expect(state.linkPicker!.candidates(in: state.caseFile).map(\.code) == ["NET-7KQ2"])
        press([.escape], &state)
        #expect(state.linkPicker == nil && state.message == .info("Nothing linked."))
    }
}

@Suite struct EditTests {
    @Test func editingChangesOnlyWhatDiffers() throws {
        var state = sampleState()
        press([.character("3"), .character(":")] + typing("goto NZL/MYS/15-031") + [.enter, .character("e")], &state)
        let form = try #require(state.form)
        #expect(form.editing == "NZL/MYS/15-031")
        #expect(form.focusedLabel == "channel")
        #expect(render(state).text.contains("Edit enquiry NZL/MYS/15-031"))
        // Locked fields are skipped: channel → priority → subject → coercive measures → handling → reason → requested country.
        press([.tab], &state)
        #expect(state.form?.focusedLabel == "priority")
        press([.tab, .control("u")] + typing("Bank account holder (two accounts)") + [.tab, .tab], &state)
        #expect(state.form?.focusedLabel == "handling")
        let effects = press([.control("s")], &state)
        #expect(effects == [.commit([Proposal(.enquiryEdited(reference: "NZL/MYS/15-031", EnquiryEdit(subject: "Bank account holder (two accounts)")),
                                              basedOn: state.caseFile.version(of: "NZL/MYS/15-031"))])])
    }

    /// Finding 9: once sent, what an enquiry asks changes only by a supervisor, with a reason.
    @Test func aSentEnquirysChannelChangesOnlyByASupervisorWithAReason() throws {
        var state = sampleState()
        press([.character("3"), .character(":")] + typing("goto AUS/PHL/15-114") + [.enter, .character("e")], &state)
        #expect(state.form?.focusedLabel == "priority")
        // The liaison officer is refused, naming the field and who may.
        press([.backTab, .right, .control("s")], &state)
        #expect(state.form?.refusal == Refusal(field: "channel", reason: "AUS/PHL/15-114 has been sent; only a supervisor changes its channel, with a reason"))
        #expect(state.form?.focusedLabel == "channel")
        press([.escape, .character("y")], &state)
        #expect(state.form == nil)
        // A supervisor gives the reason in the form's last field.
        var supervisor = sampleState()
        supervisor.user = "k.perera"
        press([.character("3"), .character(":")] + typing("goto AUS/PHL/15-114") + [.enter, .character("e"), .backTab, .right, .control("s")], &supervisor)
        #expect(supervisor.form?.refusal?.field == "reason")
        #expect(supervisor.form?.focusedLabel == "reason")
        let effects = press(typing("PHL asked for it through the NCB") + [.control("s")], &supervisor)
        #expect(effects == [.commit([Proposal(.enquiryEdited(reference: "AUS/PHL/15-114", EnquiryEdit(channel: .liaisonOfficer)),
                                              basedOn: supervisor.caseFile.version(of: "AUS/PHL/15-114"), reason: "PHL asked for it through the NCB")])])
        press([.character("e"), .control("s")], &state)
        #expect(state.message == .info("Nothing changed in AUS/PHL/15-114; nothing was written."))
    }

    @Test func anEditIsJournalledAndReplayed() throws {
        var c = sampleCaseFile
        let edit = EnquiryEdit(subject: "New subject", priority: .urgent, handling: .tlpRed)
        let events = try c.decide(.enquiryEdited(reference: "AUS/PHL/15-114", edit), by: "k.perera", at: SampleScenario.screensNow,
                                  reason: "PHL asked a narrower question")
        events.forEach { c.apply($0) }
        let e = c.enquiries["AUS/PHL/15-114"]!
        #expect(e.subject == "New subject" && e.priority == .urgent && e.handling == .tlpRed)
        #expect(events[0].change.summary() == "edited: subject → New subject, priority → urgent, handling → TLP:RED")
    }
}

@Suite struct CountryHintTests {
    @Test func countryCodesShowTheirNameOrThatTheyAreUnknown() {
        var state = sampleState()
        press([.character("3"), .character("n"), .tab] + typing("LKA") + [.tab] + typing("THL"), &state)
        let text = render(state).text
        #expect(text.contains("LKA  Sri Lanka"))
        #expect(text.contains("THL  unknown country code"))
    }
}

@Suite struct DashboardTests {
    /// Each figure's count is what the list it opens shows.
    @Test func enterOnAFigureOpensTheListItCountsFiltered() throws {
        var base = sampleState()
        // The sample's draft, submitted for approval: something behind every figure.
        _ = update(&base, .arrived(try base.caseFile.decide(.enquiryStatusChanged(reference: "NZL/MYS/15-031", to: .submitted),
                                                           by: "liaison", at: base.now)))
        let figures = DashboardFigure.all(base.caseFile, now: base.now, zone: base.zone)
        #expect(figures.map(\.label) == ["Open investigations", "Overdue enquiries", "Due in the next 48 hours", "Waiting for approval",
                                          "Late action items"])
        #expect(figures.count == DashboardFigure.count)
        #expect(figures.allSatisfy { $0.count > 0 }, "the sample has something behind every figure: \(figures.map(\.count))")
        for (i, figure) in figures.enumerated() {
            var state = base
            press([.character("5")] + Array(repeating: .character("j"), count: i) + [.enter], &state)
            #expect(state.pane == figure.pane)
            #expect(state.filter == figure.filter)
            #expect(RecordFilter.problem(in: figure.filter, pane: figure.pane) == nil)
            #expect(state.visibleRecords.count == figure.count, "\(figure.label): \(figure.count) on the Dashboard, \(state.visibleRecords.count) listed")
        }
        // Going past the last figure stays on it.
        var state = base
        press([.character("5")] + Array(repeating: .character("j"), count: 9), &state)
        #expect(render(state).text.contains("› Late action items"))
    }

    /// Days are the officer's: at noon UTC on an action item's due day it is already the next morning in
    /// Auckland, and the item is late there: on the Dashboard, in the list's `overdue` and in the detail.
    @Test func daysAreTheOfficersWhereTheyAre() throws {
        var state = sampleState()
        state.now = Timestamp(iso8601: "2015-10-16T12:00:00Z")!
        let auckland = OfficerZone(name: "Pacific/Auckland", rules: .fixed(["Pacific/Auckland": 13 * 3600]))
        func late(_ zone: OfficerZone) -> Int { DashboardFigure.all(state.caseFile, now: state.now, zone: zone).last!.count }
        #expect(late(.utc) == 0 && late(auckland) == 1)
        let trawler = try #require(state.caseFile.investigations.index(of: "JIT-TRAWLER"))
        #expect(!InvestigationsPane.isOverdue(state.caseFile, trawler, now: state.now, zone: .utc))
        #expect(InvestigationsPane.isOverdue(state.caseFile, trawler, now: state.now, zone: auckland))
        state.zone = auckland
        // Each figure is still what the list it opens shows, the list's days being the officer's too.
        for (i, figure) in DashboardFigure.all(state.caseFile, now: state.now, zone: auckland).enumerated() {
            var opened = state
            press([.character("5")] + Array(repeating: .character("j"), count: i) + [.enter], &opened)
            #expect(opened.visibleRecords.count == figure.count, "\(figure.label): \(figure.count) on the Dashboard, \(opened.visibleRecords.count) listed")
        }
        press([.character("2"), .character("/")] + "overdue".map { .character($0) } + [.enter], &state)
        #expect(state.visibleRecords.count == 1, "\(state.visibleRecords.count)")
    }
}

@Suite struct StatusReversionTests {
    /// A supervisor takes a final status back, with a reason kept in the event;
    /// the history reads what it was and what it went back to.
    @Test func aSupervisorReopensAClosedEnquiryWithAReason() throws {
        var state = sampleState()
        state.user = "k.perera"
        press([.character("3"), .character("/")] + typing("status:closed") + [.enter, .character("s")], &state)
        let picker = try #require(state.picker)
        let code = picker.code
        let enquiry = try #require(sampleCaseFile.enquiries[code])
        let back = EnquiryStatus.allCases.filter { $0.allowedNext.contains(enquiry.status) }
        #expect(picker.options.map(\.label) == back.map { "back to \($0.label)" })
        #expect(press([.enter], &state).isEmpty)
        #expect(state.confirmation?.reason != nil, "a reason is asked")
        let effects = press(typing("closed by mistake, the answer was partial") + [.enter], &state)
        let reversion = StatusReversion(entity: code, to: back[0].rawValue, reason: "closed by mistake, the answer was partial")
        #expect(effects.committedCommands == [.statusReverted(reversion)])
        let events = try state.caseFile.decide(.statusReverted(reversion), by: "k.perera", at: state.now)
        #expect(state.caseFile.summary(of: .statusReverted(reversion)) == "final status taken back: closed → \(back[0].label); reason: closed by mistake, the answer was partial")
        _ = update(&state, .saved(events))
        #expect(state.caseFile.enquiries[code]?.status == back[0])
        // Only a supervisor, only from a final status, only to a status the final one could come from, only with a reason.
        var liaison = sampleState()
        press([.character("3"), .character("/")] + typing("status:closed") + [.enter, .character("s")], &liaison)
        #expect(liaison.picker == nil && liaison.message?.kind == .error)
        func refusal(_ r: StatusReversion, by actor: String = "k.perera") -> Refusal? {
            do { _ = try sampleCaseFile.decide(.statusReverted(r), by: actor, at: state.now); return nil } catch { return error }
        }
        #expect(refusal(StatusReversion(entity: code, to: back[0].rawValue, reason: "x"), by: "liaison")?.field == "role")
        #expect(refusal(StatusReversion(entity: code, to: back[0].rawValue, reason: ""))?.field == "reason")
        #expect(refusal(StatusReversion(entity: code, to: EnquiryStatus.draft.rawValue, reason: "x"))?.field == "status")
        let open = try #require(sampleCaseFile.enquiries.all.first { !$0.status.allowedNext.isEmpty })
        #expect(refusal(StatusReversion(entity: open.reference, to: EnquiryStatus.sent.rawValue, reason: "x"))?.field == "status")
    }
}

/// Someone off the roster sees in the console what `tandem list` shows them: the
/// records marked H2, H3 or TLP:RED, and victims, are withheld, and the console says so.
@Suite struct WithheldRecordTests {
    static func outsider() -> ConsoleState {
        var state = sampleState()
        state.user = "visitor"
        refresh(&state)
        return state
    }

    @Test func theListsHoldNothingRestrictedAndTheBarSaysHowMuchIsWithheld() {
        var state = Self.outsider()
        let withheld = sampleCaseFile.withholding(from: "visitor")!.withheld
        #expect(state.withheld == withheld && state.whole == sampleCaseFile)
        for pane in [Pane.networks, .investigations, .enquiries, .referrals] {
            press([.character(Character(String(pane.rawValue + 1)))], &state)
            let codes = state.visibleRecords.map { PaneRecords.code(of: $0, in: pane, state.caseFile) }
            #expect(codes.allSatisfy { !sampleCaseFile.isRestricted($0) }, "\(pane)")
        }
        #expect(render(state).text.contains("records, \(withheld.count) withheld │ visitor (not on the roster: read only)"))
        press([.character("2")], &state)
        #expect(render(state).text.contains("3 records marked H2, H3 or TLP:RED withheld: visitor is not on the roster."))
        // The statement counts every record, as `tandem report` does for anyone.
        var insider = sampleState()
        press([.character("5")], &state)
        press([.character("5")], &insider)
        let statement = { (s: ConsoleState) in render(s).text.split(separator: "\n").filter { $0.contains("new investigations launched") } }
        #expect(statement(state) == statement(insider))
    }

    /// What arrives is carried over to the readable part event by event, or that part is worked
    /// out again when the event changes what may be read; either way it is what working it out
    /// from the whole gives, after every event of the sample and of records marked up and down.
    @Test func whatArrivesLeavesTheReadablePartAsWorkingItOutAgainWould() throws {
        var events = SampleScenario.events()
        let now = SampleScenario.screensNow
        var red = try #require(sampleCaseFile.networks["NET-K8RZ"])
        red.handling = .tlpAmber
        var amber = try #require(sampleCaseFile.networks["NET-W2TD"])
        amber.handling = .h3
        let readable = try #require(sampleCaseFile.enquiries.all.first { !$0.handling.isRestricted }).reference
        let withheld = try #require(sampleCaseFile.enquiries.all.first { $0.handling.isRestricted }).reference
        events += [
            Event(time: now, actor: "k.perera", change: .noteAdded(entity: withheld, text: "About a withheld enquiry")),
            Event(time: now, actor: "k.perera", change: .noteAdded(entity: readable, text: "About a readable enquiry")),
            Event(time: now, actor: "k.perera", change: .linkAdded(Link(from: readable, to: withheld))),
            Event(time: now, actor: "k.perera", change: .enquiryEdited(reference: withheld, EnquiryEdit(handling: .tlpRed))),
            Event(time: now, actor: "k.perera", change: .networkRevised(red), reason: "cleared"),
            Event(time: now, actor: "k.perera", change: .networkRevised(amber)),
            Event(time: now, actor: "k.perera", change: .victimAdded(Victim(reference: "V-NEW-1", nationality: CountryCode("THA")!, sex: .female,
                                                                            ageBand: .from18to24, exploitation: .traffickingForcedLabour, sector: .fishing,
                                                                            assistance: [], consentToShare: false, handling: .tlpGreen))),
            Event(time: now, actor: "k.perera", change: .userAdded(User(name: "visitor", displayName: "Visitor", role: .investigator))),
            Event(time: now, actor: "k.perera", change: .noteAdded(entity: withheld, text: "Read by the visitor now")),
            Event(time: now, actor: "k.perera", change: .userRemoved(name: "visitor")),
            Event(time: now, actor: "k.perera", change: .noteAdded(entity: withheld, text: "Withheld again")),
        ]
        var state = ConsoleState(caseFile: CaseFile(), width: 100, height: 30, now: now, user: "visitor", journalPath: "j")
        var whole = CaseFile()
        for (index, event) in events.enumerated() {
            _ = update(&state, .arrived([event]))
            whole.apply(event)
            let expected = whole.withholding(from: "visitor")
            #expect(state.caseFile == (expected?.readable ?? whole), "after event \(index + 1): \(event.change.type)")
            #expect(state.withheld == (expected?.withheld ?? [:]), "after event \(index + 1): \(event.change.type)")
            #expect(state.whole == (expected == nil ? nil : whole), "after event \(index + 1): \(event.change.type)")
        }
        #expect(state.caseFile.notes.contains { $0.text == "About a readable enquiry" })
        #expect(state.withheld["NET-K8RZ"] == nil && state.withheld["NET-W2TD"] == .marked(.h3) && state.withheld["V-NEW-1"] == .victim)
    }

    @Test func aWithheldRecordIsNotOpenedAndTheMessageSaysWhy() {
        var state = Self.outsider()
        press([.character(":")] + typing("goto NET-K8RZ") + [.enter], &state)
        #expect(state.message == .error(":goto: NET-K8RZ is marked TLP:RED and withheld: visitor is not on the roster."))
        let victim = sampleCaseFile.victims.all[0].reference
        press([.character(":")] + typing("goto \(victim)") + [.enter], &state)
        #expect(state.message == .error(":goto: \(victim) is a victim's record and withheld: visitor is not on the roster."))
        // A link in a readable record's history to a withheld one is not followed.
        press([.character("1"), .enter], &state)
        let code = state.detail!.code
        _ = update(&state, .history(code: code, [
            HistoryEntry(sequence: 9, time: state.now, actor: "k.perera", summary: "link.added: linked", linkedTo: "NET-K8RZ"),
        ]))
        press([.enter], &state)
        #expect(state.detail?.code == code)
        #expect(state.message == .info("NET-K8RZ is marked TLP:RED and withheld: visitor is not on the roster."))
    }

    @Test func whatArrivesIsWithheldOrShownAsTheRosterAndHandlingNowSay() throws {
        var state = Self.outsider()
        var red = try #require(sampleCaseFile.networks["NET-K8RZ"])
        red.handling = .tlpAmber
        _ = update(&state, .arrived([Event(time: state.now, actor: "k.perera", change: .networkRevised(red), reason: "cleared")]))
        #expect(state.withheld["NET-K8RZ"] == nil && state.caseFile.networks["NET-K8RZ"]?.handling == .tlpAmber)
        #expect(state.whole?.networks["NET-K8RZ"]?.handling == .tlpAmber)
        _ = update(&state, .arrived([Event(time: state.now, actor: "k.perera",
                                           change: .userAdded(User(name: "visitor", displayName: "Visitor", role: .investigator)))]))
        #expect(state.withheld.isEmpty && state.whole == nil)
        #expect(state.caseFile.networks.count == sampleCaseFile.networks.count)
        #expect(state.caseFile.victims.count == sampleCaseFile.victims.count)
        // Taken off the roster again while the console is open: withheld again at once.
        _ = update(&state, .arrived([Event(time: state.now, actor: "k.perera", change: .userRemoved(name: "visitor"))]))
        #expect(state.withheld["NET-Q9M4"] == .marked(.h2) && state.caseFile.networks["NET-Q9M4"] == nil)
        #expect(state.whole?.networks["NET-Q9M4"] != nil)
    }
}
