import TestSupport
import Testing
import TandemCore
import TandemSample
@testable import TandemJournal

/// The sample's debrief gives back the co-chairs' statement of 25 November 2015.
@Suite struct DebriefTests {
    static let events = SampleScenario.events()
    /// Long after the sample's last event: everything is recorded by then.
    static let cutOff = Timestamp(Day(iso8601: "2026-12-06")!)
    static let debrief = Debrief(operation: "JPA-2015", events: events, asOf: cutOff)!

    @Test func totalsEqualTheStatement() {
        let d = Self.debrief
        #expect(d[.personsAssisted] == 59)
        #expect(d[.searchWarrants] == 7)
        #expect(d[.suspectsIdentified] == 63)
        #expect(d[.arrests] == 32)
        #expect(d[.newInvestigations] == 8)
        #expect(d[.enquiries] > 70)
        #expect(d[.awarenessActivities] == 68)
        #expect(d[.trainingSessions] == 12)
        #expect(d[.officersTrained] == 485)
    }

    @Test func perCountryFiguresAddUpToTheTotals() {
        let d = Self.debrief
        #expect(d.countries.map(\.code) == ["AUS", "IDN", "MYS", "MDV", "NZL", "PHL", "LKA", "THA"])
        for measure in Debrief.Measure.allCases {
            #expect(d.countries.reduce(0) { $0 + (d.byCountry[$1]?[measure] ?? 0) } == d[measure], "\(measure)")
        }
    }

    @Test func eventsOutsideThePeriodAreLeftOut() {
        // The sample holds outcomes, an activity and an enquiry dated before or after the period.
        let all = CaseFile(replaying: Self.events)
        let period = Self.debrief.operation.period
        let outside = all.outcomes.filter { !period.contains($0.day) }
        #expect(outside.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.arrests, .personsAssisted, .searchWarrants])
        #expect(all.outcomes.filter { $0.kind == .arrests }.reduce(0) { $0 + $1.count } == 32 + 4)
        #expect(all.activities.filter { !period.contains($0.day) }.count == 1)
        #expect(all.enquiries["THA/IDN/15-330"]?.sent != nil)
        // And adding more outside the period changes nothing.
        var more = Self.events
        let late = Timestamp(Day(iso8601: "2015-12-01")!)
        more.append(Event(time: late, actor: "p.srisuk", change: .outcomeRecorded(Outcome(
            investigation: nil, country: CountryCode("THA")!, day: late.day, kind: .arrests, count: 50))))
        #expect(Debrief(operation: "JPA-2015", events: more, asOf: Self.cutOff)?.totals == Self.debrief.totals)
        // One inside does.
        let inside = Timestamp(Day(iso8601: "2015-10-28")!)
        more.append(Event(time: inside, actor: "p.srisuk", change: .outcomeRecorded(Outcome(
            investigation: nil, country: CountryCode("THA")!, day: inside.day, kind: .arrests, count: 1))))
        #expect(Debrief(operation: "JPA-2015", events: more, asOf: Self.cutOff)?[.arrests] == 33)
    }

    /// The Markdown statement marks the thousands of its counts, as the screen does; the JSON keeps plain numbers.
    @Test func theStatementsCountsMarkTheirThousands() throws {
        var more = Self.events
        let inside = Timestamp(Day(iso8601: "2015-10-20")!)
        more.append(Event(time: inside, actor: "p.srisuk", change: .outcomeRecorded(Outcome(
            investigation: nil, country: CountryCode("THA")!, day: inside.day, kind: .personsAssisted, count: 100_000))))
        let debrief = try #require(Debrief(operation: "JPA-2015", events: more, asOf: Self.cutOff))
        let markdown = DebriefText.markdown(debrief)
        #expect(markdown.contains("- trafficked persons assisted: **100,059**"), "\(markdown)")
        #expect(markdown.contains("| Thailand | 100,012 |"), "\(markdown)")
        #expect(markdown.contains("## In total, authorities in the 8 countries"))
        #expect(DebriefText.json(debrief).contains("\"persons-assisted\":100059"))
    }

    /// Finding 7: one rule, as recorded up to a cut-off. Arrests dated in the period but
    /// entered after it count from then on, and are said on their own line; a cut-off
    /// at the period's end leaves them out. The Dashboard's case file gives the same.
    @Test func lateEntriesCountFromWhenTheyAreRecordedAndAreShownApart() throws {
        var more = Self.events
        let recorded = Timestamp(Day(iso8601: "2015-11-03")!, hour: 9)
        more.append(Event(time: recorded, actor: "p.srisuk", change: .outcomeRecorded(Outcome(
            investigation: nil, country: CountryCode("THA")!, day: Day(iso8601: "2015-10-27")!, kind: .arrests, count: 3))))
        let now = try #require(Debrief(operation: "JPA-2015", events: more, asOf: Self.cutOff))
        #expect(now[.arrests] == 35)
        #expect(now.late == [.arrests: 3])
        #expect(now.lateEntriesText == "+3 arrests recorded after 2015-10-28")
        #expect(DebriefText.markdown(now).contains("Late entries: +3 arrests recorded after 2015-10-28."))
        // One more, a search warrant: counted in its words ("+1 search warrants executed" before).
        more.append(Event(time: recorded, actor: "p.srisuk", change: .outcomeRecorded(Outcome(
            investigation: nil, country: CountryCode("THA")!, day: Day(iso8601: "2015-10-27")!, kind: .searchWarrants, count: 1))))
        #expect(try #require(Debrief(operation: "JPA-2015", events: more, asOf: Self.cutOff)).lateEntriesText
                == "+1 search warrant executed, +3 arrests recorded after 2015-10-28")
        #expect(Debrief.Measure.allCases.map(\.one) == ["trafficked person assisted", "search warrant executed", "suspect identified", "arrest",
                                                       "new investigation launched", "bilateral or international enquiry",
                                                       "awareness-raising activity", "training session", "officer trained"])
        more.removeLast()
        let atTheEnd = try #require(Debrief(operation: "JPA-2015", events: more, asOf: Timestamp(Day(iso8601: "2015-10-28")!, hour: 23, minute: 59)))
        #expect(atTheEnd[.arrests] == 32)
        #expect(atTheEnd.lateEntriesText == nil)
        // The Dashboard's computation from the live case file is the same one.
        let live = CaseFile(replaying: more)
        let dashboard = Debrief(operation: live.operations["JPA-2015"]!, caseFile: live, asOf: Self.cutOff)
        #expect(dashboard == now)
    }

    @Test func improvementMeasures() {
        let d = Self.debrief
        #expect(d.networksIdentified == 6)
        #expect(d.networksPrioritised == 3)
        #expect(d.investigationsEstablished == 3)
        #expect(d.enquiriesViaNCB > 0 && d.enquiriesViaNCB < d[.enquiries])
        #expect(!d.countriesUsingNCB.isEmpty)
        #expect(d.focalPointsAtStart == 4)
        #expect(d.focalPointsStayed == 3)   // Malaysia's NCB officer changed mid-period
    }

    @Test func markdownReadsLikeADebriefAnnex() {
        let text = DebriefText.markdown(Self.debrief)
        #expect(text.hasPrefix("# Joint Period of Action 2015: debrief statement\n"))
        #expect(text.contains("- trafficked persons assisted: **59**\n"))
        #expect(text.contains("- officers trained: **485**\n"))
        #expect(text.contains("| **Total** | **59** | **7** | **63** | **32** | **8** |"))
        #expect(text.contains("| Philippines | 12 | 2 | 12 | 7 | 1 |"))
        #expect(text.contains("- Focal points in place at the start who stayed through the period: 3 of 4\n"))
    }

    @Test func jsonIsStableForScripts() throws {
        let text = DebriefText.json(Self.debrief)
        let value = try JSONParser.parse(String(text.dropLast()))
        #expect(value["operation"] == .string("JPA-2015"))
        #expect(value["totals"]?["persons-assisted"] == .int(59))
        #expect(value["totals"]?["officers-trained"] == .int(485))
        #expect(value["byCountry"]?["THA"]?["arrests"] == .int(7))
        #expect(value["improvements"]?["focalPointsStayed"] == .int(3))
        #expect(DebriefText.json(Self.debrief) == text)
    }

    @Test func unknownOperationIsNil() {
        #expect(Debrief(operation: "JPA-2016", events: Self.events, asOf: Self.cutOff) == nil)
    }
}
