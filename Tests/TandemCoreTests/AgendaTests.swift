import Testing
@testable import TandemCore
import TandemSample

/// What waits for each officer in the sample, at its fixed moment (20 Oct 2015, 09:00).
@Suite struct AgendaTests {
    let c = CaseFile(replaying: SampleScenario.events())
    let now = SampleScenario.screensNow
    let twoDays: Int64 = 48 * 3600

    @Test func aLiaisonOfficerSeesTheirOverdueEnquiriesMostOverdueFirst() throws {
        let items = Agenda.items(c, user: "liaison", now: now, within: twoDays)
        let overdue = items.filter { $0.kind == .overdue }
        let expected = c.enquiries.all.filter { $0.isOverdue(at: now) && c.stamp(of: $0.reference)!.isMine("liaison") }
        #expect(Set(overdue.map(\.code)) == Set(expected.map(\.reference)))
        #expect(overdue.map { $0.due! } == overdue.map { $0.due! }.sorted(), "the longest overdue first")
        #expect(try #require(overdue.first).text.hasSuffix("chase it"))
        #expect(!items.contains { $0.kind == .toApprove }, "a liaison officer approves nothing")
        // Overdue comes before what is merely due soon.
        if let firstSoon = items.firstIndex(where: { $0.kind == .dueSoon }) {
            #expect(items[..<firstSoon].allSatisfy { $0.kind != .dueSoon })
        }
    }

    @Test func aSupervisorSeesWhatWasSubmittedForApprovalAndEveryonesLateItems() throws {
        var c = self.c
        let draft = try #require(c.enquiries.all.first { $0.status == .draft })
        #expect(!Agenda.items(c, user: "k.perera", now: now, within: twoDays).contains { $0.kind == .toApprove }, "a draft is its drafter's still")
        c.apply(try c.decide(.enquiryStatusChanged(reference: draft.reference, to: .submitted), by: "liaison", at: now)[0])
        let items = Agenda.items(c, user: "k.perera", now: now, within: twoDays)
        #expect(items.filter { $0.kind == .toApprove }.map(\.code) == [draft.reference])
        #expect(items.contains { $0.kind == .lateAction && $0.code == "JIT-TRAWLER" })
        let kinds = items.map(\.kind)
        let order = AgendaItem.Kind.allCases
        #expect(kinds == kinds.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }, "sorted by urgency")
    }

    @Test func anInvestigatorSeesTheirLateActionItemAndNothingElse() {
        let items = Agenda.items(c, user: "p.srisuk", now: now, within: twoDays)
        #expect(items.map(\.kind) == [.lateAction])
        #expect(items.first?.text == "action 1 for IDN, due 2015-10-16: Exchange crew lists and vessel registrations")
    }

    /// How long an enquiry has been overdue is said in days, or in hours or
    /// minutes within its first day: it said "0 days ago".
    @Test func howLongOverdueIsSaidInItsLargestWholeUnit() throws {
        let overdue = Agenda.items(c, user: "k.perera", now: now, within: twoDays).filter { $0.kind == .overdue }
        for item in overdue {
            let late = now.secondsSinceEpoch - item.due!.secondsSinceEpoch
            #expect(item.text.contains("(\(NumberText.span(seconds: late)) ago;"), "\(item.text)")
        }
        #expect(!overdue.contains { $0.text.contains("(0 ") })
        #expect(NumberText.span(seconds: 3 * 86_400 + 5) == "3 days")
        #expect(NumberText.span(seconds: 86_400) == "1 day")
        #expect(NumberText.span(seconds: 86_399) == "23 hours")
        #expect(NumberText.span(seconds: 3_600) == "1 hour")
        #expect(NumberText.span(seconds: 3_599) == "59 minutes")
        #expect(NumberText.span(seconds: 20) == "1 minute")
        // An enquiry due four hours before the agenda's moment.
        var c = self.c
        let sent = try #require(c.enquiries.all.first { $0.status == .sent && !$0.isOverdue(at: now) })
        c.apply(Event(time: now, actor: "k.perera", change: .enquiryDueRevised(reference: sent.reference, to: now.adding(seconds: -4 * 3600))))
        let item = try #require(Agenda.items(c, user: "k.perera", now: now, within: twoDays).first { $0.code == sent.reference })
        #expect(item.text.contains("(4 hours ago;"), "\(item.text)")
    }

    /// Times are said in the officer's zone with its offset, as everywhere else
    /// (they were UTC without saying so); the items are the same.
    @Test func timesAreSaidInTheOfficersZone() throws {
        let bangkok = OfficerZone(name: "Asia/Bangkok", rules: .fixed(["Asia/Bangkok": 7 * 3600]))
        let utc = Agenda.items(c, user: "k.perera", now: now, within: twoDays)
        let local = Agenda.items(c, user: "k.perera", now: now, within: twoDays, zone: bangkok)
        #expect(local.map(\.code) == utc.map(\.code))
        let overdue = try #require(utc.first { $0.kind == .overdue })
        let due = try #require(overdue.due)
        #expect(overdue.text.contains("— due \(due.minuteText) UTC ("), "\(overdue.text)")
        #expect(local.first { $0.code == overdue.code }?.text.contains("— due \(bangkok.local(due).minuteText) +07 (") == true)
    }

    /// An action item is late once its day is over where the officer is: at noon UTC on its due day,
    /// already the next morning in Auckland (it was late only once the UTC day was over).
    @Test func anActionItemIsLateOnceItsDayIsOverWhereTheOfficerIs() {
        let noon = Timestamp(iso8601: "2015-10-16T12:00:00Z")!
        let auckland = OfficerZone(name: "Pacific/Auckland", rules: .fixed(["Pacific/Auckland": 13 * 3600]))
        #expect(!Agenda.items(c, user: "p.srisuk", now: noon, within: twoDays).contains { $0.kind == .lateAction })
        #expect(Agenda.items(c, user: "p.srisuk", now: noon, within: twoDays, zone: auckland)
                    .contains { $0.kind == .lateAction && $0.code == "JIT-TRAWLER" })
    }

    /// A day typed is that day; a day counted from now (`+1d`) is counted from today where the officer is.
    @Test func aDayCountedFromNowIsCountedFromTheOfficersToday() throws {
        let noon = Timestamp(iso8601: "2015-10-16T12:00:00Z")!
        let auckland = OfficerZone(name: "Pacific/Auckland", rules: .fixed(["Pacific/Auckland": 13 * 3600]))
        #expect(try RecordFields.day("+1d", now: noon, field: "due date").iso8601 == "2015-10-17")
        #expect(try RecordFields.day("+1d", now: noon, field: "due date", zone: auckland).iso8601 == "2015-10-18")
        #expect(try RecordFields.day("2015-10-05", now: noon, field: "due date", zone: auckland).iso8601 == "2015-10-05")
        #expect(try RecordFields.day("2015-10-05", now: noon, field: "due date").iso8601 == "2015-10-05")
    }

    @Test func referralsAwaitingAHitAndWhatFallsDueAhead() {
        let officer = Agenda.items(c, user: "ncb.officer", now: now, within: twoDays)
        let awaiting = c.referrals.all.filter { $0.status == .published || ($0.status == .sent && $0.allowedNext.contains(.hit)) }
            .filter { c.stamp(of: $0.reference)!.isMine("ncb.officer") }
        #expect(officer.filter { $0.kind == .awaitingHit }.map(\.code) == awaiting.map(\.reference))
        // Looking further ahead finds more that falls due, never less.
        let week = Agenda.items(c, user: "k.perera", now: now, within: 7 * 86_400).filter { $0.kind == .dueSoon }.count
        let twoDaysAhead = Agenda.items(c, user: "k.perera", now: now, within: twoDays).filter { $0.kind == .dueSoon }.count
        #expect(week >= twoDaysAhead)
        // Someone with nothing waiting has an empty agenda.
        #expect(Agenda.items(c, user: "nobody.here", now: now, within: twoDays).isEmpty)
    }
}
