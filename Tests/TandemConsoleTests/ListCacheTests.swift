import TandemCore
import TandemSample
import Testing
@testable import TandemConsole

/// What the list keeps between frames must never change what it shows.
@Suite struct ListCacheTests {
    /// The list as worked out from nothing, record by record.
    func reference(_ state: ConsoleState) -> [Int] {
        let filter = RecordFilter(state.filter)
        var indices = Array(0..<state.pane.recordCount(in: state.caseFile))
        if !filter.isEmpty {
            indices = indices.filter { filter.matches(RecordFilter.facets(state.pane, state.caseFile, $0, now: state.now)) }
        }
        if filter.terms.contains(.mine) {
            indices = indices.filter { index in
                let code = PaneRecords.code(of: index, in: state.pane, state.caseFile)
                let stamped = state.caseFile.stamp(of: code).map { $0.createdBy == state.user || $0.lastChangedBy == state.user } ?? false
                // …or it waits for them: an enquiry submitted for a supervisor's approval.
                return stamped || (state.caseFile.enquiries[code]?.status == .submitted && state.caseFile.role(of: state.user) == .supervisor)
            }
        }
        guard let sort = state.sort else { return indices }
        let rows = PaneTables.rows(state.pane, state.caseFile, now: state.now)
        return indices.sorted { a, b in
            let order = SortOrder.compare(rows[a].cells[sort.column], rows[b].cells[sort.column])
            return order == 0 ? a < b : sort.descending ? order > 0 : order < 0
        }
    }

    @Test func typingCorrectingAndSortingGiveTheListWorkedOutAfresh() {
        var state = sampleState()
        press([.character("3"), .character("/")], &state)
        let keys: [Key] = "status:sent to:tha".map { .character($0) } + [.backspace, .backspace, .backspace]
            + "idn crew".map { .character($0) } + Array(repeating: .backspace, count: 12)
            + "overdu".map { .character($0) } + [.character("e"), .backspace, .backspace] + "ambon".map { .character($0) }
        for key in keys {
            press([key], &state)
            #expect(state.visibleRecords == reference(state), "after typing, the filter was \"\(state.filter)\"")
        }
        press([.enter, .character("o"), .character("o")], &state)
        #expect(state.visibleRecords == reference(state))
        press([.character("O")], &state)
        #expect(state.visibleRecords == reference(state))
    }

    /// Many generated records and queries typed afresh each time (the one-pass
    /// search over every record's text), word by word and with field terms:
    /// the same records as looking at each record on its own.
    @Test func queriesOverManyRecordsMatchTheRecordByRecordReference() {
        var casework = SyntheticCasework(seed: 5)
        let file = CaseFile(replaying: (0..<15_000).map { _ in casework.next()! })
        var state = ConsoleState(caseFile: file, width: 120, height: 40, now: SampleScenario.screensNow,
                                 user: "sup1", journalPath: "synthetic")
        let queries = ["s", "st", "crew", "a b", "bank crew", "zz", "to:tha ca", "status:sent s", "overdue d", "ambon",
                       "to:tha,mys", "due:<2015-10-10 s", "mine", "mine crew", "min", "crew mine", "sent:2015-10-01..2015-10-15", "end:>2016-01-01", "due:2015-10-05",
                       "é", "/1", "idn/", "-", "e e e", "net", "x", "tha subscriber", "overdu", "q"]
        for pane in ["1", "2", "3", "4"] {
            press([.character(Character(pane))], &state)
            for query in queries {
                press([.character("/")] + Array(repeating: .backspace, count: 30) + typing(query) + [.enter], &state)
                if let problem = RecordFilter.problem(in: query, pane: state.pane) {
                    // A field the pane does not have is an error on the filter line, and the filter stays as it was.
                    #expect(state.prompt?.error == problem)
                    press([.escape], &state)
                    continue
                }
                #expect(state.filter == query)
                #expect(state.visibleRecords == reference(state), "pane \(pane), query \"\(query)\"")
                if pane == "3" && query == "s" { #expect(state.visibleRecords.count > 1_000) }
                if query == "zz" { #expect(state.visibleRecords.isEmpty) }
            }
        }
    }

    /// The search text is kept from minute to minute; what is overdue is not:
    /// as time passes, enquiries fall overdue in the filtered list.
    @Test func timePassingChangesWhatIsOverdue() {
        var state = sampleState()
        press([.character("3"), .character("/")] + typing("overdue") + [.enter], &state)
        let before = state.visibleRecords
        #expect(before == reference(state))
        // Far enough on that every sent enquiry still waiting for an answer is overdue.
        let start = state.now
        var counts: [Int] = [before.count]
        for days in [1, 3, 10, 40, 400] {
            state.now = start.adding(days: days)
            refresh(&state)
            #expect(state.visibleRecords == reference(state), "\(days) days on")
            counts.append(state.visibleRecords.count)
        }
        #expect(counts.last! > counts.first!, "nothing fell overdue: \(counts)")
    }

    /// Changes arriving a few at a time (saves, other consoles) are indexed
    /// record by record, and the lists are still exactly what looking at each
    /// record gives; the index is built from nothing only now and then.
    @Test func changesAreIndexedAsTheyArriveWithoutStartingOver() {
        var casework = SyntheticCasework(seed: 9)
        let start = CaseFile(replaying: (0..<6_000).map { _ in casework.next()! })
        let later = (0..<1_200).map { _ in casework.next()! }
        let queries = ["status:sent", "to:tha s", "overdue", "a", "crew", "status:closed e", "priority:urgent", "status:in-progress"]
        for pane in [Pane.networks, .investigations, .enquiries, .referrals] {
            let cache = ListCache()
            var file = start
            var applied = 0
            for step in 0..<30 {
                // The clock keeps up with the casework, so what is overdue changes
                // for records no event touched.
                let now = later[applied].time.adding(days: step % 3 * 12)
                for query in queries {
                    let filter = RecordFilter(query)
                    let expected = (0..<pane.recordCount(in: file)).filter {
                        filter.matches(RecordFilter.facets(pane, file, $0, now: now))
                    }
                    #expect(cache.visible(pane: pane, caseFile: file, now: now, filter: query, sort: nil) == expected,
                            "\(pane), step \(step), \"\(query)\"")
                }
                for event in later[applied..<(applied + step % 5 + 1)] { file.apply(event) }
                applied += step % 5 + 1
            }
            #expect(cache.fullBuilds <= 3, "\(pane): built from nothing \(cache.fullBuilds) times")
        }
    }

    @Test func aSavedChangeIsSeenAtOnce() throws {
        var state = sampleState()
        press([.character("3"), .character("/")] + "status:draft".map { .character($0) } + [.enter], &state)
        let drafts = state.visibleRecords.count
        let reference = try #require(state.selectedCode)
        let events = try state.caseFile.decide(.enquiryStatusChanged(reference: reference, to: .sent), by: "k.perera", at: state.now)
        _ = update(&state, .saved(events))
        #expect(state.visibleRecords.count == drafts - 1)
        #expect(state.visibleRecords == self.reference(state))
    }

    @Test func narrowingIsOnlyUsedWhenItCannotLoseARecord() {
        #expect(ListCache.narrows(from: "cre", to: "crew"))
        #expect(ListCache.narrows(from: "crew ", to: "crew to:tha"))
        #expect(!ListCache.narrows(from: "status:se", to: "status:sent"))
        #expect(!ListCache.narrows(from: "overdu", to: "overdue"))
        #expect(!ListCache.narrows(from: "crew", to: "cre"))
    }

    @Test func listTextIsTheFilteredPane() {
        let lines = ListText.lines(pane: .enquiries, caseFile: sampleCaseFile, now: SampleScenario.screensNow, filter: "to:THA")
        #expect(lines.first?.hasPrefix("Reference\tFrom→To") == true)
        #expect(lines.count > 2 && lines.dropFirst().allSatisfy { $0.contains("→THA") })
    }

    /// `tandem list` on a terminal: its columns lined up as the pane's (a tab was shown as "␉"),
    /// fitted to the terminal as the console fits them: the name cut first, down to its
    /// width in the console, then the columns the console drops first left out.
    @Test func aListOnATerminalIsLinedUpAndFittedToItsWidth() {
        let lines = ListText.lines(pane: .networks, caseFile: sampleCaseFile, now: SampleScenario.screensNow, filter: "")
        let whole = ListText.onTerminal(lines, pane: .networks, width: nil)
        #expect(whole.count == lines.count && whole.allSatisfy { !$0.contains("\t") && !$0.contains("␉") })
        // Each name and each handling code starts where its column's title does, after two spaces.
        let header = Array(whole[0])
        for title in ["Name", "Handling"] {
            let column = (0...(header.count - title.count)).first { String(header[$0..<($0 + title.count)]) == title }!
            #expect(whole.dropFirst().map(Array.init).allSatisfy { row in
                row.count > column && row[column - 2] == " " && row[column - 1] == " " && row[column] != " "
            }, "\(title)")
        }
        #expect(whole.contains { $0.contains("Andaman trawler crews") && $0.contains("JIT-TRAWLER") })
        for width in [80, 100, 120] {
            let fitted = ListText.onTerminal(lines, pane: .networks, width: width)
            #expect(fitted.allSatisfy { TextWidth.columns($0) <= width }, "\(width): \(fitted)")
            #expect(fitted[0].hasPrefix("Code      Name"), "the code and the name, the console's first columns, are kept")
        }
        let narrow = ListText.onTerminal(lines, pane: .networks, width: 80)
        #expect(!narrow[0].contains("Investigation"), "dropped at 80 columns, as in the console")
        #expect(narrow.contains { $0.contains("Kandy domestic placements") }, "the name whole where the room allows")
        // Nothing is made up: each line is its cells, cut or whole, in the same order.
        #expect(narrow.dropFirst().allSatisfy { $0.hasPrefix("NET-") })
    }
}

extension RecordFilter {
    /// The query language's meaning, record by record, without the list's index:
    /// the reference the cached list is checked against.
    func matches(_ facets: Facets) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .overdue: facets.overdue
            case .mine: true   // checked against the stamps by the caller
            case .text(let word): facets.text.contains { $0.lowercased().contains(word) }
            case .field(let key, let value):
                if let day = facets.dates[key] {
                    DateCondition(value)?.holds(for: day) ?? true
                } else {
                    value.split(separator: ",").contains { either in
                        (facets.fields[key] ?? []).contains { $0.lowercased() == either || $0.lowercased().replacingSpaces == either }
                    }
                }
            }
        }
    }
}

/// Finding 5 of "Nothing recorded stays wrong": the list's dates are the officer's days, and
/// so are the filter's. THA/IDN/15-031 fell due at 04:00 UTC on 5 October, which is already
/// the afternoon of the 5th in Auckland but still the 4th in Honolulu.
@Suite struct ListDatesInTheOfficersZoneTests {
    func state(in zone: String, offset: Int) -> ConsoleState {
        var state = sampleState()
        state.zone = OfficerZone(name: zone, rules: .fixed([zone: offset]))
        press([.character("3"), .character("/")] + typing("due:2015-10-04") + [.enter], &state)
        return state
    }

    @Test func rowsAndFiltersTakeTheDayWhereTheOfficerIs() {
        let honolulu = state(in: "Pacific/Honolulu", offset: -10 * 3600)
        let auckland = state(in: "Pacific/Auckland", offset: 13 * 3600)
        let code = "THA/IDN/15-031"
        let index = sampleCaseFile.enquiries.index(of: code)!
        #expect(honolulu.visibleRecords.contains(index), "due on the 4th in Honolulu")
        #expect(!auckland.visibleRecords.contains(index), "due on the 5th in Auckland")
        #expect(PaneTables.row(.enquiries, sampleCaseFile, index, now: honolulu.now, zone: honolulu.zone).cells[5].hasPrefix("2015-10-04"))
        #expect(PaneTables.row(.enquiries, sampleCaseFile, index, now: auckland.now, zone: auckland.zone).cells[5].hasPrefix("2015-10-05"))
    }
}

/// A journal with no roster still works as one officer's journal, and the status bar says so.
@Suite struct OnePersonJournalTests {
    @Test func theStatusBarSaysAJournalWithoutARosterIsOneOfficers() {
        let state = ConsoleState(caseFile: CaseFile(), width: 100, height: 30, now: SampleScenario.screensNow, user: "k.perera", journalPath: "new.jsonl")
        #expect(render(state).text.contains("k.perera (one-person journal: no roster)"))
        #expect(state.caseFile.role(of: "k.perera") == .supervisor, "who may do everything")
        // Its first record is one record, not "1 records".
        var one = CaseFile()
        one.apply(Event(time: SampleScenario.screensNow, actor: "k.perera", change: .networkCreated(Network(
            code: "NET-1", name: "Test ring", aliases: [], crimeTypes: [.traffickingSexualExploitation], sectors: [], route: [CountryCode("THA")!],
            modusOperandi: "", reliability: .b, accuracy: .two, handling: .h2))))
        let first = ConsoleState(caseFile: one, width: 100, height: 30, now: SampleScenario.screensNow, user: "k.perera", journalPath: "new.jsonl")
        #expect(render(first).text.contains(" 1 record │ k.perera"), "\(render(first).text)")
        #expect(render(state).text.contains(" 0 records │ k.perera"))
    }
}

extension OnePersonJournalTests {
    @Test func theFirstOpeningOffersToMakeTheOfficerItsSupervisor() {
        var state = ConsoleState(caseFile: CaseFile(), width: 100, height: 30, now: SampleScenario.screensNow, user: "k.perera", journalPath: "new.jsonl")
        state.offerRosterIfNone()
        #expect(render(state).text.contains("Make k.perera its supervisor? It writes one line: user.added"))
        let effects = press([.character("y")], &state)
        #expect(effects == [.commit([Proposal(.userAdded(User(name: "k.perera", displayName: "k.perera", role: .supervisor)))])])
        // Declined: still one officer's journal, nothing written.
        var declined = ConsoleState(caseFile: CaseFile(), width: 100, height: 30, now: SampleScenario.screensNow, user: "k.perera", journalPath: "new.jsonl")
        declined.offerRosterIfNone()
        #expect(press([.character("n")], &declined).isEmpty && declined.confirmation == nil)
        // A journal with a roster is not asked.
        var sample = sampleState()
        sample.offerRosterIfNone()
        #expect(sample.confirmation == nil)
    }
}
