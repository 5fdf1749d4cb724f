import Testing
import TestSupport
import TandemCore
@testable import TandemSample
#if canImport(Glibc)
import Glibc
#endif
@testable import TandemConsole

/// The screens in `screens/`, rendered headless from the sample data at a fixed
/// moment. To re-record after an intended change:
///     TANDEM_RECORD_SCREENS=1 swift test --filter ScreenSnapshotTests
/// then look at `git diff screens/` before committing.
@Suite struct ScreenSnapshotTests {
    static let sizes = [(100, 30), (80, 24)]

    static func screens() -> [(name: String, state: ConsoleState)] {
        var result: [(String, ConsoleState)] = []
        for (width, height) in sizes {
            let size = "\(width)x\(height)"
            for pane in Pane.allCases {
                var state = sampleState(width: width, height: height)
                press([.character(Character(String(pane.rawValue + 1))), .down], &state)
                result.append(("\(paneName(pane))-\(size)", state))
            }
            // Someone off the roster: what is marked H2, H3 or TLP:RED is withheld, and the bar says how much.
            for pane in [Pane.networks, .investigations] {
                var outsider = sampleState(width: width, height: height)
                outsider.user = "visitor"
                press([.character(Character(String(pane.rawValue + 1)))], &outsider)
                result.append(("\(paneName(pane))-withheld-\(size)", outsider))
            }
            var form = sampleState(width: width, height: height)
            press([.character("3"), .character("n")] + typing("AUS/THA/15-200") + [.tab] + typing("AUS") + [.tab]
                  + typing("THL") + [.tab, .right, .tab, .tab] + typing("Crew recruiter's phone subscriber") + [.control("s")], &form)
            result.append(("enquiry-form-refused-\(size)", form))
            var filtering = sampleState(width: width, height: height)
            press([.character("3"), .character("/")] + typing("to:THA overdue"), &filtering)
            result.append(("enquiries-filter-\(size)", filtering))
            var picker = sampleState(width: width, height: height)
            press([.character("3"), .character("/")] + typing("status:draft") + [.enter, .character("s")], &picker)
            result.append(("status-picker-\(size)", picker))
            var detail = sampleState(width: width, height: height)
            press([.character("3"), .enter], &detail)
            _ = update(&detail, .history(code: detail.detail!.code, [
                HistoryEntry(sequence: 43, time: SampleScenario.at("2015-09-28", 3, 0), actor: "liaison", summary: "enquiry.created: enquiry drafted THA→IDN"),
                HistoryEntry(sequence: 44, time: SampleScenario.at("2015-09-28", 4, 0), actor: "k.perera", summary: "enquiry.status: status → sent"),
            ]))
            result.append(("enquiry-detail-\(size)", detail))
            var link = sampleState(width: width, height: height)
            press([.character("3"), .character("l")] + typing("jit"), &link)
            result.append(("link-picker-\(size)", link))
            for (name, keys) in formScreens {
                var state = sampleState(width: width, height: height)
                state.user = "k.perera"   // a supervisor may use every form
                press(keys, &state)
                result.append(("\(name)-\(size)", state))
            }
            var confirm = sampleState(width: width, height: height)
            press([.character("3"), .character("/")] + typing("status:draft") + [.enter, .character("s"), .down, .enter]
                  + typing("Answered through the NCB instead"), &confirm)
            result.append(("confirm-withdrawn-\(size)", confirm))
            var final = sampleState(width: width, height: height)
            press([.character(":")] + typing("goto THA/IDN/15-031") + [.enter, .character("s"), .enter], &final)
            result.append(("confirm-closed-\(size)", final))
            var history = sampleState(width: width, height: height)
            press([.character(":")] + typing("goto JIT-TRAWLER") + [.enter, .enter], &history)
            _ = update(&history, .history(code: "JIT-TRAWLER", sampleHistory(of: "JIT-TRAWLER")))
            press([.pageDown, .down], &history)
            result.append(("history-scrolled-\(size)", history))
            var note = sampleState(width: width, height: height)
            press([.character("2"), .character("a")] + typing("Partners met in Bangkok on the crew lists; the Indonesian side brings the port records.")
                  + [.enter, .enter] + typing("Next: vessel registrations, by Friday."), &note)
            result.append(("note-editor-\(size)", note))
            var messages = sampleState(width: width, height: height)
            press([.character(":")] + typing("goto NOPE") + [.enter, .character("3"), .character("o")] + [.character(":")]
                  + typing("messages") + [.enter], &messages)
            result.append(("messages-\(size)", messages))
            var drill = sampleState(width: width, height: height)
            press([.character("5"), .character("j"), .enter], &drill)
            result.append(("dashboard-overdue-opened-\(size)", drill))
            for ascii in [false, true] {
                var daily = sampleState(width: width, height: height)
                daily.plainASCII = ascii
                press([.character("5"), .character("d")], &daily)
                result.append(("dashboard-by-day\(ascii ? "-ascii" : "")-\(size)", daily))
                var timeline = sampleState(width: width, height: height)
                timeline.plainASCII = ascii
                press([.character(":")] + typing("goto JIT-TRAWLER") + [.enter, .enter], &timeline)
                _ = update(&timeline, .history(code: "JIT-TRAWLER", sampleHistory(of: "JIT-TRAWLER")))
                result.append(("investigation-timeline\(ascii ? "-ascii" : "")-\(size)", timeline))
            }
            if var stale = try? StaleEditTests.staleForm(width: width, height: height) {
                press([.control("s")], &stale)
                result.append(("enquiry-form-stale-edit-\(size)", stale))
            }
            var chase = sampleState(width: width, height: height)
            press([.character(":")] + typing("goto LKA/MDV/15-007") + [.enter, .character("c"), .right, .right, .tab]
                  + typing("Reminder through NCB Malé") + [.tab] + typing("-3h"), &chase)
            result.append(("chase-form-\(size)", chase))
            var answer = sampleState(width: width, height: height)
            press([.character(":")] + typing("goto AUS/PHL/15-114") + [.enter, .character("s"), .down, .enter, .tab]
                  + typing("Subscriber details of both accounts, with the payment history") + [.tab] + typing("2015-10-19 16:30"), &answer)
            result.append(("answer-form-\(size)", answer))
            var late = sampleState(width: width, height: height)
            late.now = SampleScenario.at("2015-11-05", 9, 0)
            _ = update(&late, .arrived([Event(time: SampleScenario.at("2015-11-03", 2, 0), actor: "p.srisuk", change: .outcomeRecorded(Outcome(
                investigation: "JIT-TRAWLER", country: CountryCode("THA")!, day: Day(iso8601: "2015-10-27")!, kind: .arrests, count: 3)))]))
            press([.character("5")], &late)
            result.append(("dashboard-late-entries-\(size)", late))
            var corrected = sampleState(width: width, height: height)
            press([.character(":")] + typing("goto JIT-TRAWLER") + [.enter, .enter], &corrected)
            _ = update(&corrected, .history(code: "JIT-TRAWLER", sampleHistory(of: "JIT-TRAWLER", adding: [
                Event(time: SampleScenario.at("2015-10-20", 8, 0), actor: "p.srisuk", change: .outcomeCorrected(OutcomeCorrection(
                    entity: "JIT-TRAWLER", number: 2, count: 1, reason: "two of the three were the same man, counted twice"))),
            ])))
            press([.end], &corrected)
            result.append(("history-correction-\(size)", corrected))
            var help = sampleState(width: width, height: height)
            press([.character("?")], &help)
            result.append(("help-\(size)", help))
            var unit = sampleState(width: width, height: height)
            press([.character("U")], &unit)
            result.append(("unit-\(size)", unit))
            var appointing = sampleState(width: width, height: height)
            appointing.user = SampleScenario.demoUser   // a supervisor
            press([.character("U"), .character("f")] + typing("FP-THA-03") + [.tab] + typing("Pol. Capt. S. Wongsa"), &appointing)
            result.append(("unit-appoint-form-\(size)", appointing))
        }
        var empty = sampleState()
        press([.character("3"), .character("n")], &empty)
        result.append(("enquiry-form-new-100x30", empty))
        result.append(("too-small-50x12", sampleState(width: 50, height: 12)))
        return result
    }

    /// Each kind of form: new, edited, refused, and the coercive-measures warning.
    static let formScreens: [(String, [Key])] = [
        ("network-form-new", [.character("1"), .character("n")] + typing("NET-9ZZ1") + [.tab] + typing("Andaman boat crews")
            + [.tab, .tab] + typing("smuggling; TIP-labour") + [.tab] + typing("fishing") + [.tab] + typing("MMR THA MYS")),
        ("network-form-edit", [.character("1"), .character("e")]),
        ("investigation-form-refused", [.character("2"), .character("n")] + typing("JIT-NZL-FJI-01") + [.tab]
            + typing("Labour recruiters, Suva to Auckland") + [.tab] + typing("NZL") + [.tab] + typing("FJI NZL")
            + [.tab, .tab, .tab, .tab] + typing("+26w") + [.control("s")]),
        ("investigation-form-edit", [.character("2"), .character("e")]),
        ("action-item-form", [.character("2"), .character("i")] + typing("Exchange crew lists of the three vessels")
            + [.tab, .control("u")] + typing("IDN") + [.tab] + typing("+14d")),
        ("outcome-form-refused", [.character("2"), .character("r"), .right, .tab] + typing("three") + [.control("s")]),
        ("referral-form-new", [.character("4"), .character("n")] + typing("NCB-AUS-2015-31") + [.tab, .character("d"), .tab]
            + typing("AUS") + [.tab] + typing("IDN MYS") + [.tab] + typing("Boat organiser travelling under an alias")),
        ("referral-form-edit", [.character("4"), .character("e")]),
        ("enquiry-form-coercive-warning", [.character("3"), .character("n")] + typing("AUS/IDN/15-300") + [.tab] + typing("AUS")
            + [.tab] + typing("IDN") + [.tab, .tab, .tab] + typing("Search of the organiser's house") + [.tab] + typing("search, seizure")),
    ]

    /// A record's history as the journal gives it, from the sample's events.
    static func sampleHistory(of code: String, adding more: [Event] = []) -> [HistoryEntry] {
        let events = (SampleScenario.events() + more).enumerated().filter { _, event in
            if event.change.entity == code { return true }
            if case .linkAdded(let link) = event.change { return link.to == code }
            return false
        }
        let summaries = CaseFile.historySummaries(events.map(\.element))
        return zip(events, summaries).map { pair, summary in
            HistoryEntry(sequence: pair.offset + 1, time: pair.element.time, actor: pair.element.actor,
                         summary: "\(pair.element.change.type): \(summary)")
        }
    }

    static func paneName(_ pane: Pane) -> String {
        switch pane {
        case .networks: "networks"
        case .investigations: "investigations"
        case .enquiries: "enquiries"
        case .referrals: "referrals"
        case .dashboard: "dashboard"
        }
    }

    @Test func screensMatchTheRecordedCaptures() throws {
        let folder = packageRoot() + "/screens"
        let recording = getenv("TANDEM_RECORD_SCREENS") != nil
        for (name, state) in Self.screens() {
            let text = render(state).text
            let path = "\(folder)/\(name).txt"
            if recording {
                writeBytes(path, Array(text.utf8))
                continue
            }
            let recorded = readText(path)
            if recorded != text {
                let a = recorded.split(separator: "\n", omittingEmptySubsequences: false)
                let b = text.split(separator: "\n", omittingEmptySubsequences: false)
                let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
                Issue.record("""
                    screens/\(name).txt differs from the rendered screen at line \(line + 1):
                    recorded: \(line < a.count ? String(a[line]) : "(none)")
                    rendered: \(line < b.count ? String(b[line]) : "(none)")
                    Re-record with TANDEM_RECORD_SCREENS=1 swift test --filter ScreenSnapshotTests if the change is intended.
                    """)
            }
        }
    }

    @Test func everyScreenFitsItsSizeAndShowsWhatItShould() {
        for (name, state) in Self.screens() {
            let buffer = render(state)
            for line in buffer.lines {
                #expect(TextWidth.columns(line) == state.width, "\(name): a line is \(TextWidth.columns(line)) columns wide")
            }
            let text = buffer.text
            if name.hasPrefix("too-small") {
                #expect(text.contains("Terminal too small"))
                continue
            }
            for pane in Pane.allCases {
                #expect(text.contains(pane.title) || text.contains(pane.shortTitle), "\(name) lacks the \(pane.title) tab")
            }
            #expect(text.contains(state.user), "\(name) lacks who you are")
            #expect(text.contains("records"), "\(name) lacks the record count")
        }
    }

    @Test func paneScreensListTheirRecords() {
        let screens = Dictionary(uniqueKeysWithValues: Self.screens().map { ($0.name, render($0.state).text) })
        #expect(screens["networks-100x30"]?.contains("NET-7KQ2") == true)
        #expect(screens["networks-100x30"]?.contains("Andaman trawler crews") == true)
        #expect(screens["investigations-80x24"]?.contains("JIT-TRAWLER") == true)
        #expect(screens["enquiries-80x24"]?.contains("AUS/PHL/15-114") == true)
        #expect(screens["referrals-100x30"]?.contains("NCB-BKK-15-0412") == true)
        #expect(screens["enquiry-form-refused-100x30"]?.contains("✗ requested country: unknown country code \"THL\"") == true)
        #expect(screens["enquiry-form-refused-80x24"]?.contains("requested country: unknown country code") == true)
        #expect(screens["investigation-form-refused-100x30"]?.contains("✗ partners: each country may appear only once (lead included)") == true)
        #expect(screens["outcome-form-refused-80x24"]?.contains("✗ count: \"three\" is not a whole number from 1 to 100,000") == true)
        #expect(screens["enquiry-form-coercive-warning-80x24"]?.contains("⚠ coercive measures need mutual legal assistance, not police-to-police") == true)
        #expect(screens["network-form-edit-100x30"]?.contains("crime types TIP-labour") == true)
        // The dashboard shows the debrief's figures for the operation under way.
        let dashboard = screens["dashboard-100x30"] ?? ""
        #expect(dashboard.contains("JPA-2015 · Joint Period of Action 2015 · 2015-09-28 to 2015-10-28 (day 23 of 31)"))
        #expect(dashboard.contains("trafficked persons assisted"))
        #expect(dashboard.contains("Open investigations           3  by lead: AUS 1, LKA 1, THA 1"))
        #expect(screens["dashboard-80x24"]?.contains("Overdue enquiries") == true)
    }
}
