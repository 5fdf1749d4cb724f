import Testing
import TandemCore
import TandemSample
@testable import TandemConsole

/// `U`: the unit screen, where a supervisor adds officers and agencies,
/// appoints focal points and creates operations; each save is a change the
/// core decides, and anyone else is told who may make it.
@Suite struct UnitScreenTests {
    func supervisor() -> ConsoleState {
        var state = sampleState()
        state.user = SampleScenario.demoUser
        return state
    }

    func committed(_ effects: [Effect]) -> [Change] {
        effects.flatMap { effect -> [Change] in if case .commit(let proposals) = effect { proposals.map(\.change) } else { [] } }
    }

    @Test func theScreenShowsTheRosterWithKeysAgenciesFocalPointsAndOperations() {
        let lines = UnitView.lines(sampleCaseFile, width: 94).map(\.text)
        #expect(lines.first == "Roster: 11 officers; every change is signed")
        let fingerprint = UnitView.fingerprint(SampleKeys.publicText(for: "k.perera"))
        #expect(lines.contains { $0.contains("k.perera") && $0.contains("supervisor") && $0.contains("key \(fingerprint)") })
        #expect(lines.contains { $0.contains("FP-THA-01") && $0.contains("2015-05-19 – 2016-01-29") }, "an ended appointment keeps its dates")
        #expect(lines.contains { $0.contains("JPA-2015") && $0.contains("2015-09-28 – 2015-10-28") })
    }

    /// The last column takes the room the others leave: an agency's long name whole where the screen
    /// has room (it was cut at 40 columns), a short one without a stray "…" after its padding.
    @Test func theLastColumnTakesTheRoomLeft() {
        let wide = UnitView.lines(sampleCaseFile, width: 94).map(\.text)
        #expect(wide.contains { $0.hasSuffix("Immigration Compliance and Investigations") })
        #expect(wide.contains { $0.contains("FP-THA-01") && $0.hasSuffix("AG-THA-ATHD") })
        let narrow = UnitView.lines(sampleCaseFile, width: 74).map(\.text)
        #expect(narrow.contains { $0.hasSuffix("Human Trafficking Team") })
        #expect(narrow.allSatisfy { $0.count <= 74 }, "within the width asked for")
    }

    @Test func aSupervisorAddsAnOfficerWithTheirKey() {
        var state = supervisor()
        let key = SampleKeys.publicText(for: "n.new")
        let effects = press([.character("U"), .character("a")] + typing("n.new") + [.tab] + typing("Nadia New") + [.tab, .character("l"), .tab]
                            + typing(key) + [.control("s")], &state)
        #expect(committed(effects) == [.userAdded(User(name: "n.new", displayName: "Nadia New", role: .liaisonOfficer, publicKey: key))])
    }

    @Test func aBadKeyIsRefusedNamingTheField() {
        var state = supervisor()
        let effects = press([.character("U"), .character("K"), .tab] + typing("ed25519:not-a-key") + [.control("s")], &state)
        #expect(committed(effects).isEmpty)
        #expect(state.form?.refusal?.field == "key")
    }

    @Test func aSupervisorAppointsAFocalPointAndCreatesAnOperation() {
        var state = supervisor()
        var effects = press([.character("U"), .character("f")] + typing("FP-THA-03") + [.tab] + typing("Pol. Capt. S. Wongsa") + [.tab]
                            + [.right, .right, .tab, .character("j"), .tab] + typing("2015-11-01") + [.control("s")], &state)
        #expect(committed(effects) == [.focalPointAppointed(FocalPoint(
            code: "FP-THA-03", name: "Pol. Capt. S. Wongsa", agency: "AG-THA-ATHD", country: CountryCode("THA")!, role: .jitLeader,
            timeZone: "Asia/Bangkok", since: Day(iso8601: "2015-11-01")!))])
        state = supervisor()
        effects = press([.character("U"), .character("o")] + typing("jpa-2016") + [.tab] + typing("Joint Period of Action 2016") + [.tab]
                        + typing("2016-10-03") + [.tab] + typing("+25d") + [.tab] + typing("THA IDN") + [.control("s")], &state)
        #expect(committed(effects) == [.operationCreated(Operation(
            code: "JPA-2016", name: "Joint Period of Action 2016", start: Day(iso8601: "2016-10-03")!, end: Day(iso8601: "2016-10-28")!,
            countries: [CountryCode("THA")!, CountryCode("IDN")!]))])
    }

    @Test func anyoneElseMayLookButIsToldWhoMayChangeIt() {
        var state = sampleState()   // the duty liaison officer
        let effects = press([.character("U"), .character("a")], &state)
        #expect(effects.isEmpty && state.screenKind == .unit)
        #expect(state.message?.text == "Add an officer to the roster: not possible, only a supervisor may add a user to the roster; liaison is a liaison officer.")
    }
}
