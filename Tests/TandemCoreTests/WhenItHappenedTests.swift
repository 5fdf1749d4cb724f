import TandemCore
import TandemSample
import Testing

/// Findings 5 and 6 of "Nothing recorded stays wrong": when something happened
/// is kept apart from when it was recorded, and the debrief counts each thing on
/// the calendar day of the country it belongs to, entered in the officer's zone.
@Suite struct WhenItHappenedTests {
    let sample = CaseFile(replaying: SampleScenario.events())
    let now = SampleScenario.screensNow
    /// The offsets in force in late 2015 (Auckland on summer time from 27 September).
    let zones = ZoneRules.fixed(["Pacific/Auckland": 13 * 3600, "Asia/Colombo": 5 * 3600 + 1800, "Asia/Bangkok": 7 * 3600])
    var auckland: OfficerZone { OfficerZone(name: "Pacific/Auckland", rules: zones) }
    var colombo: OfficerZone { OfficerZone(name: "Asia/Colombo", rules: zones) }
    let reference = "AUS/PHL/15-114"

    func local(_ zone: OfficerZone, _ text: String) throws -> Timestamp {
        try #require(try DateInput.happened(text, now: Timestamp(Day(iso8601: "2016-01-01")!), field: "when", zone: zone))
    }

    @Test func anAnswerThatArrivedYesterdayIsRecordedAsSuch() throws {
        var c = sample
        let answer = Change.enquiryAnswered(reference: reference, EnquiryAnswer(full: true, text: "Both suspects identified; files attached."))
        let yesterday = now.adding(days: -1)
        let events = try c.decide(answer, by: "liaison", at: now, happened: yesterday)
        #expect(events[0].at == yesterday && events[0].time == now)
        c.apply(events[0])
        #expect(c.enquiries[reference]?.answered == yesterday)
        #expect(c.enquiries[reference]?.answer == "Both suspects identified; files attached.")
        #expect(c.enquiries[reference]?.status == .answeredFull)
    }

    @Test func whenItHappenedIsNeverLaterThanNowAndLateEntriesNeedASupervisorAndAReason() throws {
        let chase = Change.enquiryChased(reference: reference, chase: Chase(means: .phone))
        #expect(throws: Refusal(field: "when", reason: "2015-10-20 10:00 UTC is later than now (2015-10-20 09:00 UTC); record it once it has happened")) {
            try sample.decide(chase, by: "liaison", at: now, happened: now.adding(seconds: 3600))
        }
        // Said where the officer is, as they typed it.
        #expect(throws: Refusal(field: "when", reason: "2015-10-20 23:00 +13 is later than now (2015-10-20 22:00 +13); record it once it has happened")) {
            try sample.decide(chase, by: "liaison", at: now, happened: now.adding(seconds: 3600), zone: auckland)
        }
        let longAgo = now.adding(days: -31)
        #expect(throws: Refusal(field: "when", reason: "2015-09-19 09:00 UTC is more than 30 days ago; only a supervisor enters it so late, with a reason")) {
            try sample.decide(chase, by: "liaison", at: now, happened: longAgo)
        }
        #expect(throws: Refusal(field: "reason", reason: "2015-09-19 09:00 UTC is more than 30 days ago; say why it is entered so late")) {
            try sample.decide(chase, by: "k.perera", at: now, happened: longAgo)
        }
        let event = try sample.decide(chase, by: "k.perera", at: now, happened: longAgo, reason: "found in the duty log")[0]
        #expect(event.reason == "found in the duty log" && event.at == longAgo)
        // Thirty days back is still the officer's own to record.
        #expect((try? sample.decide(chase, by: "liaison", at: now, happened: now.adding(days: -30))) != nil)
        // Only what happens in the world carries a time of its own.
        #expect(throws: Refusal(field: "when", reason: "only a sending, an acknowledgement, an answer, a chase, an outcome or an activity is recorded with when it happened")) {
            try sample.decide(.noteAdded(entity: reference, text: "x"), by: "liaison", at: now, happened: now.adding(days: -1))
        }
    }

    @Test func aSendingGivenItsTimeDatesTheEnquiryAndItsOverdue() throws {
        var c = sample
        let enquiry = Enquiry(reference: "NZL/LKA/15-900", requesting: CountryCode("NZL")!, requested: CountryCode("LKA")!,
                              channel: .policeToPolice, priority: .urgent, subject: "Crew list", drafted: now.adding(days: -2),
                              due: now.adding(days: -2).adding(seconds: 8 * 3600), handling: .h1)
        c.apply(try c.decide(.enquiryCreated(enquiry), by: "liaison", at: now.adding(days: -2))[0])
        let sentAt = now.adding(days: -2).adding(seconds: 3600)
        c.apply(try c.decide(.enquiryStatusChanged(reference: "NZL/LKA/15-900", to: .sent), by: "k.perera", at: now, happened: sentAt)[0])
        #expect(c.enquiries["NZL/LKA/15-900"]?.sent == sentAt)
        #expect(c.enquiries["NZL/LKA/15-900"]?.sentRecorded == now)
        #expect(c.enquiries["NZL/LKA/15-900"]?.isOverdue(at: now) == true)
    }

    // The four boundary cases of finding 6, entered in the officer's zone.

    /// JPA-2015's figures with one more outcome, entered by an officer in `zone` at `when` local time.
    func arrests(adding country: String, at when: String, zone: OfficerZone, enteredAt entered: Timestamp) throws -> Int {
        var c = sample
        let happened = try local(zone, when)
        let outcome = try RecordFields.outcome(
            { ["outcome": "arrests", "count": "1", "country": country][$0] ?? "" }, investigation: nil, now: entered,
            happened: happened, zones: zones)
        for event in try c.decide(.outcomeRecorded(outcome), by: "p.srisuk", at: entered, happened: happened) { c.apply(event) }
        return Debrief(operation: c.operations["JPA-2015"]!, caseFile: c, asOf: now.adding(days: 400), zones: zones)[.arrests]
    }

    @Test func nineInTheMorningOfTheFirstDayInAucklandCounts() throws {
        let entered = Timestamp(iso8601: "2015-09-28T00:00:00Z")!
        #expect(try arrests(adding: "NZL", at: "2015-09-28 09:00", zone: auckland, enteredAt: entered) == 32 + 1)
    }

    @Test func threeInTheMorningAfterTheLastDayInColomboDoesNot() throws {
        let entered = Timestamp(iso8601: "2015-10-29T00:00:00Z")!
        #expect(try local(colombo, "2015-10-29 03:00") == Timestamp(iso8601: "2015-10-28T21:30:00Z")!)
        #expect(try arrests(adding: "LKA", at: "2015-10-29 03:00", zone: colombo, enteredAt: entered) == 32)
    }

    @Test func anOutcomeDatedTodayInAucklandHasHappenedThoughUTCIsStillYesterday() throws {
        // 07:00 on 29 October in Auckland is 18:00 on the 28th in UTC.
        let entered = try local(auckland, "2015-10-29 07:00")
        #expect(entered.day == Day(iso8601: "2015-10-28")!)
        let outcome = Outcome(investigation: nil, country: CountryCode("NZL")!, day: Day(iso8601: "2015-10-29")!, kind: .arrests, count: 1)
        #expect((try? sample.decide(.outcomeRecorded(outcome), by: "p.srisuk", at: entered)) != nil)
        // A day that has begun nowhere has not happened.
        var tomorrow = outcome
        tomorrow.day = Day(iso8601: "2015-10-31")!
        #expect(throws: Refusal(field: "day", reason: "2015-10-31 has not begun anywhere yet; it is recorded once it has happened")) {
            try sample.decide(.outcomeRecorded(tomorrow), by: "p.srisuk", at: entered)
        }
    }

    @Test func anEnquiryCountsOnTheRequestingCountrysCalendar() throws {
        var c = sample
        func sent(_ reference: String, from: String, to: String, at local: Timestamp) throws {
            let enquiry = Enquiry(reference: reference, requesting: CountryCode(from)!, requested: CountryCode(to)!, channel: .interpol,
                                  priority: .routine, subject: "Check", drafted: local.adding(days: -1), due: local.adding(days: 7), handling: .h1)
            c.apply(try c.decide(.enquiryCreated(enquiry), by: "liaison", at: local.adding(days: -1))[0])
            c.apply(try c.decide(.enquiryStatusChanged(reference: reference, to: .sent), by: "k.perera", at: local)[0])
        }
        let before = Debrief(operation: "JPA-2015", events: SampleScenario.events(), asOf: now.adding(days: 400), zones: zones)![.enquiries]
        // 09:00 on 28 September in Auckland (the 27th in UTC) counts; 03:00 on 29 October in Colombo (the 28th in UTC) does not.
        try sent("NZL/PHL/15-901", from: "NZL", to: "PHL", at: try local(auckland, "2015-09-28 09:00"))
        try sent("LKA/MDV/15-902", from: "LKA", to: "MDV", at: try local(colombo, "2015-10-29 03:00"))
        let after = Debrief(operation: c.operations["JPA-2015"]!, caseFile: c, asOf: now.adding(days: 400), zones: zones)
        #expect(after[.enquiries] == before + 1)
        #expect(after.byCountry[CountryCode("NZL")!]?[.enquiries] == (Debrief(operation: "JPA-2015", events: SampleScenario.events(),
            asOf: now.adding(days: 400), zones: zones)!.byCountry[CountryCode("NZL")!]?[.enquiries] ?? 0) + 1)
    }

    @Test func timesAreShownInTheOfficersZoneAndLabelled() {
        let t = Timestamp(iso8601: "2015-10-05T07:00:00Z")!
        #expect(OfficerZone(name: "Asia/Bangkok", rules: zones).minuteText(t) == "2015-10-05 14:00 +07")
        #expect(colombo.minuteText(t) == "2015-10-05 12:30 +05:30")
        #expect(OfficerZone.utc.minuteText(t) == "2015-10-05 07:00 UTC")
        #expect(OfficerZone.label(-3 * 3600) == "-03")
        // Typed in the zone, kept in UTC.
        #expect(try! DateInput.parse("2015-10-05 14:00", now: t, field: "due", zone: OfficerZone(name: "Asia/Bangkok", rules: zones))
                == t)
    }

    /// A due time inside a change's words is in the officer's zone too, as the log and the history show it
    /// beside the event's own time (it was in UTC whatever the zone); due by the end of a day there, the date alone.
    @Test func dueTimesInAChangesWordsAreInTheOfficersZone() {
        let bangkok = OfficerZone(name: "Asia/Bangkok", rules: zones)
        let due = Timestamp(iso8601: "2015-10-05T07:00:00Z")!
        #expect(Change.enquiryDueRevised(reference: "THA/IDN/15-031", to: due).summary(in: bangkok) == "due date revised to 2015-10-05 14:00 +07")
        let endOfDay = bangkok.moment(atLocal: Timestamp(iso8601: "2015-10-12T23:59:59Z")!)
        #expect(Change.enquiryDueRevised(reference: "THA/IDN/15-031", to: endOfDay).summary(in: bangkok) == "due date revised to 2015-10-12")
        #expect(Change.enquiryDueRevised(reference: "THA/IDN/15-031", to: endOfDay).summary() == "due date revised to 2015-10-12 16:59 UTC")
        // The sample's first enquiry, due at 03:00 UTC.
        let enquiry = SampleScenario.events().compactMap { if case .enquiryCreated(let e) = $0.change { e } else { nil } }[0]
        #expect(CaseFile().summary(of: .enquiryCreated(enquiry), in: bangkok)
                .contains("THA→IDN by liaison officer, routine, due 2015-10-05 10:00 +07: Crew lists"))
    }
}
