import Testing
import TandemCore
import TandemSample
@testable import TandemConsole

/// The forms of networks, joint investigations, NCB referrals, action-plan items
/// and outcomes: what they save, what they refuse, and who may use them.
@Suite struct RecordFormTests {
    func investigatorState() -> ConsoleState {
        var state = sampleState()
        state.user = "p.srisuk"   // an investigator
        return state
    }

    /// Saves what the effects would commit, as the session does.
    func saveCommitted(_ effects: [Effect], _ state: inout ConsoleState) throws {
        let change = try #require(effects.committedCommands.first)
        let events = try state.caseFile.decide(change, by: state.user, at: state.now)
        _ = update(&state, .saved(events))
    }

    @Test func aNewNetworkIsSavedAndSelected() throws {
        var state = investigatorState()
        press([.character("1"), .character("n")] + typing("net-9zz1") + [.tab] + typing("Andaman boat crews") + [.tab]
              + typing("Tuan") + [.tab] + typing("smuggling; TIP-labour") + [.tab] + typing("fishing; construction") + [.tab]
              + typing("MMR THA MYS") + [.tab] + typing("Recruits at the pier") + [.tab, .right], &state)
        #expect(state.form?.focusedLabel == "reliability" && state.form?["reliability"].text == "C")
        let effects = press([.control("s")], &state)
        let expected = Network(
            code: "NET-9ZZ1", name: "Andaman boat crews", aliases: ["Tuan"], crimeTypes: [.migrantSmuggling, .traffickingForcedLabour],
            sectors: [.fishing, .construction], route: ["MMR", "THA", "MYS"].map { CountryCode($0)! }, modusOperandi: "Recruits at the pier",
            reliability: .c, accuracy: .two, handling: .h2)
        #expect(effects == [.commit([Proposal(.networkCreated(expected))])])
        try saveCommitted(effects, &state)
        #expect(state.form == nil && state.pane == .networks)
        #expect(state.selectedCode == "NET-9ZZ1")
        #expect(state.message == .info("Saved NET-9ZZ1 to the journal."))
    }

    /// An enquiry's edit form shows its due date (not changed there) in the officer's zone, as its detail does (it said UTC).
    @Test func anEnquirysEditFormShowsItsDueDateInTheOfficersZone() throws {
        let state = sampleState()
        let enquiry = try #require(state.caseFile.enquiries["THA/IDN/15-031"])
        let bangkok = OfficerZone(name: "Asia/Bangkok", rules: .fixed(["Asia/Bangkok": 7 * 3600]))
        #expect(RecordForm.editing(enquiry, zone: bangkok).value("due date") == "2015-10-05 10:00 +07")
        #expect(RecordForm.editing(enquiry, zone: .utc).value("due date") == "2015-10-05 03:00 UTC")
    }

    /// A new enquiry's due date is typed where the officer is: 17:00 in Bangkok is 10:00 UTC (it was taken as 17:00 UTC).
    @Test func aNewEnquirysDueDateIsTypedInTheOfficersZone() throws {
        var state = sampleState()
        state.zone = OfficerZone(name: "Asia/Bangkok", rules: .fixed(["Asia/Bangkok": 7 * 3600]))
        press([.character("3"), .character("n")] + typing("THA/IDN/15-900") + [.tab] + typing("THA") + [.tab] + typing("IDN")
              + [.tab, .tab, .tab] + typing("Crew list of the Sea Star") + [.tab, .tab] + typing("2015-10-26 17:00"), &state)
        #expect(state.form?.focusedLabel == "due date")
        let effects = press([.control("s")], &state)
        guard case .enquiryCreated(let enquiry)? = effects.committedCommands.first else { Issue.record("no enquiry: \(effects)"); return }
        #expect(enquiry.due == Timestamp(iso8601: "2015-10-26T10:00:00Z"))
    }

    @Test func aBadCrimeTypeIsRefusedByName() {
        var state = investigatorState()
        press([.character("1"), .character("n")] + typing("NET-9ZZ2") + [.tab] + typing("Boats") + [.tab, .tab]
              + typing("piracy") + [.tab, .tab] + typing("THA") + [.control("s")], &state)
        #expect(state.form?.refusal?.field == "crime types")
        #expect(state.form?.refusal?.reason.hasPrefix("\"piracy\" is not one of:") == true)
        #expect(state.form?.focusedLabel == "crime types")
    }

    @Test func editingANetworkRevisesOnlyItsDescriptionAndSaysWhatChanged() throws {
        var state = investigatorState()
        press([.character("1"), .character("e")], &state)
        #expect(state.form?.editing == "NET-7KQ2" && state.form?.focusedLabel == "name")
        #expect(state.form?.locked == ["code"])
        press([.control("u")] + typing("Andaman trawler crews (Sea Dragon)") + [.tab, .tab, .tab, .tab, .control("u")]
              + typing("MMR THA IDN MYS"), &state)
        let effects = press([.control("s")], &state)
        guard case .networkRevised(let revised)? = effects.committedCommands.first else { Issue.record("no revision: \(effects)"); return }
        #expect(revised.status == .underInvestigation, "an edit keeps the status")
        try saveCommitted(effects, &state)
        #expect(state.message == .info("Saved NET-7KQ2 to the journal: edited: name Andaman trawler crews → Andaman trawler crews (Sea Dragon), route MMR→THA→IDN → MMR→THA→IDN→MYS."))
        #expect(state.caseFile.networks["NET-7KQ2"]?.route.count == 4)
        // Nothing typed: nothing written.
        press([.character("e"), .control("s")], &state)
        #expect(state.message == .info("Nothing changed in NET-7KQ2; nothing was written."))
    }

    @Test func aNewInvestigationIsCheckedByTheCore() throws {
        var state = investigatorState()
        press([.character("2"), .character("n")] + typing("JIT-NZL-FJI-01") + [.tab] + typing("Suva recruiters") + [.tab]
              + typing("NZL") + [.tab] + typing("FJI") + [.tab] + typing("NET-NOPE") + [.tab, .tab, .tab] + typing("+26w")
              + [.control("s")], &state)
        #expect(state.form?.refusal == Refusal(field: "target networks", reason: "no network \"NET-NOPE\" in this journal"))
        #expect(state.form?.focusedLabel == "target networks")
        let effects = press([.control("u")] + typing("NET-M5JV") + [.control("s")], &state)
        guard case .investigationCreated(let created)? = effects.committedCommands.first else { Issue.record("not saved"); return }
        #expect(created.targetNetworks == ["NET-M5JV"] && created.lead.code == "NZL")
        #expect(created.end == SampleScenario.screensNow.day.adding(days: 26 * 7))
    }

    @Test func aNewInvestigationStartsTodayWhenNoStartIsGiven() throws {
        var state = investigatorState()
        let effects = press([.character("2"), .character("n")] + typing("JIT-NZL-FJI-02") + [.tab] + typing("Suva recruiters")
                            + [.tab] + typing("NZL") + [.tab] + typing("FJI") + [.tab, .tab, .tab, .tab] + typing("2016-04-30")
                            + [.tab] + typing("FP-THA-01") + [.control("s")], &state)
        guard case .investigationCreated(let created)? = effects.committedCommands.first else { Issue.record("not saved: \(String(describing: state.form?.refusal))"); return }
        #expect(created.start == SampleScenario.screensNow.day)
        #expect(created.end == Day(iso8601: "2016-04-30"))
        #expect(created.partners == [CountryCode("FJI")!] && created.teamLeaders == ["FP-THA-01"])
        #expect(created.status == .proposed && created.legalBasis == .jitAgreement)
    }

    @Test func editingAnInvestigationKeepsLeadAndPeriod() throws {
        var state = investigatorState()
        press([.character("2"), .character("e")], &state)
        let form = try #require(state.form)
        #expect(form.locked == ["code", "lead country", "start", "end"])
        press([.tab, .control("e")] + typing(" THA"), &state)
        #expect(state.form?.focusedLabel == "partners")
        press([.control("s")], &state)
        #expect(state.form?.refusal == Refusal(field: "partners", reason: "each country may appear only once (lead included)"))
        let effects = press([.control("u")] + typing("IDN MYS PHL") + [.control("s")], &state)
        guard case .investigationRevised(let revised)? = effects.committedCommands.first else { Issue.record("no revision"); return }
        try saveCommitted(effects, &state)
        let investigation = try #require(state.caseFile.investigations[revised.code])
        #expect(investigation.partners.map(\.code) == ["IDN", "MYS", "PHL"])
        #expect(investigation.actionItems.count == sampleCaseFile.investigations[revised.code]?.actionItems.count, "action items kept")
        #expect(investigation.status == .active)
    }

    @Test func actionItemsAreNumberedAndOwnedByACountryOfTheInvestigation() throws {
        var state = investigatorState()
        press([.character("2"), .character("i")] + typing("Exchange crew lists") + [.tab, .control("u")] + typing("AUS")
              + [.tab] + typing("+14d") + [.control("s")], &state)
        #expect(state.form?.refusal == Refusal(field: "owner", reason: "AUS is not a country of JIT-TRAWLER (THA, IDN, MYS)"))
        press([.control("u")] + typing("IDN"), &state)
        let effects = press([.control("s")], &state)
        let before = sampleCaseFile.investigations["JIT-TRAWLER"]!.actionItems.count
        #expect(effects == [.commit([Proposal(.actionItemAdded(investigation: "JIT-TRAWLER", ActionItem(
            id: before + 1, item: "Exchange crew lists", owner: CountryCode("IDN")!, due: SampleScenario.screensNow.day.adding(days: 14))))])])
        try saveCommitted(effects, &state)
        #expect(state.caseFile.investigations["JIT-TRAWLER"]!.actionItems.count == before + 1)
        #expect(state.pane == .investigations)
    }

    @Test func outcomesAreDatedCountedAndNotInTheFuture() throws {
        var state = investigatorState()
        press([.character("2"), .character("r")], &state)
        #expect(state.form?.title == "Record an outcome of JIT-TRAWLER")
        press([.character("a"), .tab] + typing("3") + [.tab, .tab] + typing("+2d") + [.control("s")], &state)
        #expect(state.form?["outcome"].text == "arrests")
        #expect(state.form?.refusal?.field == "day")
        press([.control("u")] + typing("2015-10-18"), &state)
        let effects = press([.control("s")], &state)
        #expect(effects == [.commit([Proposal(.outcomeRecorded(Outcome(
            investigation: "JIT-TRAWLER", country: CountryCode("THA")!, day: Day(iso8601: "2015-10-18")!, kind: .arrests, count: 3)))])])
        try saveCommitted(effects, &state)
        #expect(state.message == .info("Saved JIT-TRAWLER to the journal: 3 arrests by THA on 2015-10-18."))
    }

    @Test func referralsAreCreatedAndEditedWithinTheirKindsRules() throws {
        var state = sampleState()   // a liaison officer
        press([.character("4"), .character("n")] + typing("NCB-AUS-2015-31") + [.tab, .character("d")], &state)
        #expect(state.form?["kind"].text == "diffusion")
        press([.tab] + typing("AUS") + [.tab, .tab] + typing("Boat organiser") + [.control("s")], &state)
        #expect(state.form?.refusal == Refusal(field: "recipients", reason: "a diffusion names the countries it goes to"))
        #expect(state.form?.focusedLabel == "recipients")
        press(typing("IDN MYS"), &state)
        let effects = press([.control("s")], &state)
        guard case .referralCreated(let created)? = effects.committedCommands.first else { Issue.record("not saved"); return }
        #expect(created.recipients.map(\.code) == ["IDN", "MYS"] && created.status == .draft)

        // A red notice goes to all members: its recipients are not for editing.
        var editing = sampleState()
        press([.character("4"), .character("e")], &editing)
        #expect(editing.form?.editing == "NCB-BKK-15-0412")
        #expect(editing.form?.locked.contains("recipients") == true)
        press([.tab, .control("u")] + typing("A-5521/10-2015 (corrected)"), &editing)
        let revision = press([.control("s")], &editing)
        guard case .referralRevised(let revised)? = revision.committedCommands.first else { Issue.record("no revision"); return }
        #expect(revised.interpolReference == "A-5521/10-2015 (corrected)" && revised.status == .published)
    }

    @Test func formsAreUnavailableToRolesThatMayNotSaveThem() {
        var liaison = sampleState()
        press([.character("1"), .character("n")], &liaison)
        #expect(liaison.form == nil)
        #expect(liaison.message == .error("New network: not possible, only an investigator or supervisor may create a network; liaison is a liaison officer."))
        press([.character("2"), .character("r")], &liaison)
        #expect(liaison.message == .error("Record an outcome of JIT-TRAWLER: not possible, only an investigator or supervisor may record an outcome; liaison is a liaison officer."))
        var investigator = investigatorState()
        press([.character("4"), .character("e")], &investigator)
        #expect(investigator.message == .error("Edit NCB referral NCB-BKK-15-0412: not possible, only a liaison officer or supervisor may edit an NCB referral; p.srisuk is an investigator."))
        var readOnly = investigatorState()
        readOnly.readOnlyReason = "damaged at record 40"
        press([.character("2"), .character("i")], &readOnly)
        #expect(readOnly.form == nil && readOnly.message?.text.contains("the journal is read-only (damaged at record 40)") == true)
    }

    @Test func theEnquiryFormWarnsOfCoerciveMeasuresOnTheWrongChannel() {
        var state = sampleState()
        press([.character("3"), .character("n"), .tab, .tab, .tab, .tab, .tab, .tab] + typing("arrest"), &state)
        #expect(state.form?.focusedLabel == "coercive measures")
        #expect(state.form?.warning == "coercive measures need mutual legal assistance, not police-to-police")
        #expect(render(state).text.contains("⚠ coercive measures need mutual legal assistance, not police-to-police"))
        press([.backTab, .backTab, .backTab, .left], &state)
        #expect(state.form?["channel"].text == "mutual legal assistance")
        #expect(state.form?.warning == nil)
    }

    @Test func aSavedEnquiryCarriesItsCoerciveMeasures() {
        var state = sampleState()
        press([.character("3"), .character("n")] + typing("AUS/IDN/15-301") + [.tab] + typing("AUS") + [.tab]
              + typing("IDN") + [.tab, .tab, .tab] + typing("Search of the organiser's house") + [.tab]
              + typing("search, dawn raid") + [.control("s")], &state)
        #expect(state.form?.refusal?.field == "coercive measures")
        #expect(state.form?.refusal?.reason.hasPrefix("\"dawn\" is not one of: search, arrest, seizure") == true)
        let effects = press([.control("u")] + typing("search, seizure, search") + [.control("s")], &state)
        guard case .enquiryCreated(let enquiry)? = effects.committedCommands.first else { Issue.record("not saved"); return }
        #expect(enquiry.coerciveMeasures == [.search, .seizure])
        #expect(enquiry.coerciveOnWrongChannel)
    }

    @Test func historyDescribesEachEditAgainstTheRecordAsItStood() throws {
        var caseFile = sampleCaseFile
        var network = try #require(caseFile.networks["NET-3HXB"])
        let created = try #require(SampleScenario.events().first { $0.change.entity == "NET-3HXB" })
        network.name = "Golden Lotus spas"
        network.handling = .h3
        let first = try caseFile.decide(.networkRevised(network), by: "p.srisuk", at: SampleScenario.screensNow)
        first.forEach { caseFile.apply($0) }
        network.sectors = [.beautyServices, .hospitality]
        let second = try caseFile.decide(.networkRevised(network), by: "p.srisuk", at: SampleScenario.screensNow)
        #expect(CaseFile.historySummaries([created] + first + second).dropFirst() == [
            "edited: name Golden Lotus salons → Golden Lotus spas, handling H1 → H3", "edited: sectors beauty services → beauty services, hospitality",
        ])
        #expect(throws: Refusal(field: "edit", reason: "nothing was changed")) {
            try caseFile.decide(.networkRevised(caseFile.networks["NET-3HXB"]!), by: "p.srisuk", at: SampleScenario.screensNow)
        }
    }
}

@Suite struct InvestigationPeriodAndActionItemTests {
    func saveCommitted(_ effects: [Effect], _ state: inout ConsoleState) throws {
        let change = try #require(effects.committedCommands.first)
        _ = update(&state, .saved(try state.caseFile.decide(change, by: state.user, at: state.now)))
    }

    func supervisor() -> ConsoleState {
        var state = sampleState()
        state.user = "k.perera"
        return state
    }

    @Test func anEndGivenAsALengthCountsFromTheStart() throws {
        var state = supervisor()
        let effects = press([.character("2"), .character("n")] + typing("JIT-NZL-FJI-02") + [.tab] + typing("Labour recruiters")
                            + [.tab] + typing("NZL") + [.tab] + typing("FJI") + [.tab, .tab, .tab] + typing("2015-11-01") + [.tab] + typing("+26w")
                            + [.control("s")], &state)
        guard case .investigationCreated(let i)? = effects.committedCommands.first else {
            Issue.record("not created: \(String(describing: state.form?.refusal)) \(effects)")
            return
        }
        #expect(i.start == Day(iso8601: "2015-11-01")!)
        #expect(i.end == Day(daysSinceEpoch: i.start.daysSinceEpoch + 26 * 7), "+26w from the start, not from today")
    }

    @Test func aPeriodIsExtendedFromTheConsoleWithTheConsentRecorded() throws {
        var state = supervisor()
        let trawler = try #require(sampleCaseFile.investigations["JIT-TRAWLER"])
        press([.character(":")] + typing("goto JIT-TRAWLER") + [.enter, .character("x")], &state)
        #expect(state.form?.title == "Extend the period of JIT-TRAWLER")
        let effects = press(typing("+8w") + [.control("s")], &state)
        #expect(effects.committedCommands == [.investigationExtended(code: "JIT-TRAWLER", Extension(
            day: state.now.day, newEnd: Day(daysSinceEpoch: trawler.currentEnd.daysSinceEpoch + 56), consentRecorded: true))])
        // An end that does not extend the period is refused, naming the field.
        var again = supervisor()
        press([.character(":")] + typing("goto JIT-TRAWLER") + [.enter, .character("x")] + typing("2015-12-01") + [.control("s")], &again)
        #expect(again.form?.refusal?.field == "new end")
    }

    @Test func anActionItemIsMarkedDoneAndIsNoLongerLate() throws {
        var state = supervisor()
        press([.character(":")] + typing("goto JIT-TRAWLER") + [.enter, .enter], &state)
        #expect(render(state).text.contains("(late)"))
        let effects = press([.character("t"), .control("s")], &state)
        #expect(effects.committedCommands == [.actionItemStatusChanged(investigation: "JIT-TRAWLER", item: 1, to: .done)])
        try saveCommitted(effects, &state)
        #expect(state.caseFile.investigations["JIT-TRAWLER"]?.actionItems.first?.status == .done)
        #expect(!render(state).text.contains("(late)"), "\(render(state).text)")
        // And opened again.
        let reopened = press([.character("t"), .tab, .right, .right, .control("s")], &state)
        #expect(reopened.committedCommands == [.actionItemStatusChanged(investigation: "JIT-TRAWLER", item: 1, to: .open)])
    }

    @Test func aWrongCountIsCorrectedFromTheConsole() throws {
        var state = supervisor()
        press([.character(":")] + typing("goto JIT-TRAWLER") + [.enter, .enter, .character("R")], &state)
        let form = try #require(state.form)
        #expect(form.title == "Correct an outcome of JIT-TRAWLER")
        let last = try #require(sampleCaseFile.numberedOutcomes(of: "JIT-TRAWLER").last)
        #expect(form["outcome"].text.hasPrefix("\(last.number) · \(last.outcome.count) "))
        // Without a reason, refused on the reason field.
        press([.tab] + typing("0") + [.control("s")], &state)
        #expect(state.form?.refusal?.field == "reason")
        let effects = press(typing("entered twice") + [.control("s")], &state)   // the refusal put the cursor in the reason
        #expect(effects.committedCommands == [.outcomeCorrected(OutcomeCorrection(entity: "JIT-TRAWLER", number: last.number, count: 0, reason: "entered twice"))])
        try saveCommitted(effects, &state)
        #expect(state.message?.text.contains("corrected: \(last.outcome.count) → 0 (withdrawn)") == true, "\(String(describing: state.message))")
    }
}

