import TandemCore
import TandemSample
import Testing
@testable import TandemConsole

/// Two consoles edit one record (finding 1 of "Nothing recorded stays wrong"):
/// the second save names the first, shows their value beside yours, and lets
/// the officer take either and save again.
@Suite struct StaleEditTests {
    static let code = "THA/IDN/15-031"

    /// A supervisor's form on THA/IDN/15-031, opened before the liaison officer
    /// changed its subject from another console, with a new subject and priority typed.
    static func staleForm(width: Int = 100, height: Int = 30) throws -> ConsoleState {
        var state = sampleState(width: width, height: height)
        state.user = "k.perera"
        press([.character(":")] + typing("goto \(code)") + [.enter, .character("e")], &state)
        let theirs = try state.caseFile.decide(.enquiryEdited(reference: code, EnquiryEdit(subject: "Crew lists of both vessels")),
                                               by: "k.perera", at: SampleScenario.screensNow.adding(seconds: -120), reason: "IDN asked for both")
        _ = update(&state, .arrived(theirs))
        // priority → subject: a new subject, and the priority one step on.
        press([.right, .tab, .control("u")] + typing("Crew lists of the Sea Star"), &state)
        // A sent enquiry's subject changes with a reason: the last field.
        press([.tab, .tab, .tab] + typing("Only the Sea Star landed") + [.backTab, .backTab, .backTab], &state)
        return state
    }

    @Test func aSaveFromAFormOpenedBeforeAnotherOfficersIsRefusedNamingThem() throws {
        var state = try Self.staleForm()
        let before = state.caseFile
        let effects = press([.control("s")], &state)
        #expect(effects.isEmpty, "nothing is written")
        #expect(state.caseFile == before)
        let form = try #require(state.form)
        #expect(form.conflicts == [FormConflict(field: "subject", actor: "k.perera", time: SampleScenario.screensNow.adding(seconds: -120),
                                                theirs: "Crew lists of both vessels")])
        #expect(form.value("subject") == "Crew lists of the Sea Star", "yours is kept")
        #expect(form.focusedLabel == "subject")
        #expect(state.message?.text.hasPrefix("Not saved: subject: \(Self.code) was changed by k.perera at 2015-10-20 08:58 UTC (subject) after you opened it") == true)
        let screen = render(state).text
        #expect(screen.contains("⇄ subject by k.perera at 2015-10-20 08:58 UTC: Crew lists of both vesse… │"), "cut short, and marked")
    }

    @Test func theRefusalGivesTheOtherOfficersTimeWhereTheOfficerIs() throws {
        var state = try Self.staleForm()
        state.zone = OfficerZone(name: "Asia/Bangkok", rules: .fixed(["Asia/Bangkok": 7 * 3600]))
        press([.control("s")], &state)
        #expect(state.message?.text.hasPrefix("Not saved: subject: \(Self.code) was changed by k.perera at 2015-10-20 15:58 +07 (subject) after you opened it") == true,
                "\(state.message?.text ?? "")")
        #expect(render(state).text.contains("⇄ subject by k.perera at 2015-10-20 15:58 +07"))
    }

    @Test func theOfficerTakesTheirsOrKeepsTheirOwnAndSavesAgain() throws {
        // Keep yours: saved again over theirs, now knowingly (the form stands on the new version).
        var mine = try Self.staleForm()
        press([.control("s")], &mine)
        let version = mine.caseFile.version(of: Self.code)
        let kept = press([.control("s")], &mine)
        #expect(kept == [.commit([Proposal(.enquiryEdited(reference: Self.code, EnquiryEdit(subject: "Crew lists of the Sea Star", priority: .urgent)),
                                           basedOn: version, reason: "Only the Sea Star landed")])])
        // Take theirs: only the priority, which nobody else touched, is saved.
        var theirs = try Self.staleForm()
        press([.control("s"), .control("t")], &theirs)
        #expect(theirs.form?.value("subject") == "Crew lists of both vessels" && theirs.form?.conflicts == [])
        let taken = press([.control("s")], &theirs)
        #expect(taken == [.commit([Proposal(.enquiryEdited(reference: Self.code, EnquiryEdit(priority: .urgent)), basedOn: version, reason: "Only the Sea Star landed")])])
    }

    @Test func aFieldNobodyElseTouchedMergesWithoutAsking() throws {
        var state = sampleState()
        state.user = "k.perera"
        press([.character(":")] + typing("goto \(Self.code)") + [.enter, .character("e")], &state)
        let opened = state.caseFile.version(of: Self.code)
        let theirs = try state.caseFile.decide(.enquiryEdited(reference: Self.code, EnquiryEdit(subject: "Crew lists of both vessels")),
                                               by: "k.perera", at: SampleScenario.screensNow, reason: "IDN asked for both")
        _ = update(&state, .arrived(theirs))
        let effects = press([.right, .control("s")], &state)
        #expect(effects == [.commit([Proposal(.enquiryEdited(reference: Self.code, EnquiryEdit(priority: .urgent)), basedOn: opened)])],
                "the subject, left as it was, is not written back")
    }
}
