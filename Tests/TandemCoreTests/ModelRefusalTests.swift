import Testing
@testable import TandemCore

/// Each refusal of the wider model, with the words the user sees.
@Suite struct ModelRefusalTests {
    let c = RoleTests.caseFile
    let t0 = RoleTests.t0
    let day = RoleTests.day
    let tha = RoleTests.tha
    let idn = RoleTests.idn

    func refusal(_ change: Change, by actor: String = "sup") -> Refusal? {
        do { _ = try c.decide(change, by: actor, at: t0); return nil } catch { return error }
    }

    @Test func roster() {
        #expect(refusal(.userAdded(User(name: "inv", displayName: "Again", role: .investigator)))
            == Refusal(field: "user name", reason: "inv is already on the roster"))
        #expect(refusal(.userAdded(User(name: "two words", displayName: "x", role: .investigator)))
            == Refusal(field: "user name", reason: "may hold only letters, digits, \".\", \"-\" and \"_\""))
        #expect(refusal(.userRoleChanged(name: "inv", to: .investigator)) == Refusal(field: "role", reason: "inv is already an investigator"))
        #expect(refusal(.userRoleChanged(name: "ghost", to: .investigator)) == Refusal(field: "user name", reason: "ghost is not on the roster"))
    }

    /// From the attack: 4.5 MB of aliases was accepted. Every text field has a limit, named when refused.
    @Test func textLongerThanItsFieldsLimitIsRefusedNamingTheLimit() {
        var network = Network(code: "NET-9", name: "Net", crimeTypes: [.migrantSmuggling], sectors: [.fishing], route: [tha, idn], handling: .h2)
        network.aliases = Array(repeating: String(repeating: "a", count: 90_000), count: 50)
        #expect(refusal(.networkCreated(network)) == Refusal(field: "alias", reason: "is longer than 200 characters (90,000)"))
        network.aliases = (0..<51).map { "alias \($0)" }
        #expect(refusal(.networkCreated(network)) == Refusal(field: "aliases", reason: "holds more than 50 entries (51)"))
        network.aliases = ["Sea Dragon"]
        network.modusOperandi = String(repeating: "ไ", count: 5_001)
        #expect(refusal(.networkCreated(network)) == Refusal(field: "modus operandi", reason: "is longer than 5,000 characters (5,001)"))
        network.modusOperandi = String(repeating: "ไ", count: 5_000)
        #expect(refusal(.networkCreated(network)) == nil)
        #expect(refusal(.noteAdded(entity: "NET-1", text: String(repeating: "n", count: 10_001)))
            == Refusal(field: "note", reason: "is longer than 10,000 characters (10,001)"))
    }

    /// Counts a decade of casework reaches are read with their thousands marked, on screen
    /// (the status line, the tabs, the filter, a note's length) and on the command line alike.
    @Test func countsMarkTheirThousands() {
        #expect([0, 7, 999, 1000, 10_000, 110_000, 1_000_000, -1234].map(NumberText.count)
                == ["0", "7", "999", "1,000", "10,000", "110,000", "1,000,000", "-1,234"])
        #expect([1, -1, 0, 2, 1000].map { NumberText.count($0, "record", "records") }
                == ["1 record", "-1 record", "0 records", "2 records", "1,000 records"])
    }

    @Test func focalPointsKeepTheirHistory() throws {
        #expect(refusal(.focalPointAppointed(FocalPoint(code: "FP-9", name: "X", agency: "AG-1", country: idn, role: .ncbOfficer, since: day)))
            == Refusal(field: "country", reason: "AG-1 is an agency of THA, not IDN"))
        #expect(refusal(.focalPointAppointed(FocalPoint(code: "FP-9", name: "X", agency: "AG-9", country: idn, role: .ncbOfficer, since: day)))
            == Refusal(field: "agency", reason: "no agency \"AG-9\" in this journal"))
        #expect(refusal(.focalPointEnded(code: "FP-1", on: day.adding(days: -1)))
            == Refusal(field: "until", reason: "2015-09-30 is before the appointment began (2015-10-01)"))
        var history = c
        for change: Change in [
            .focalPointEnded(code: "FP-1", on: day.adding(days: 40)),
            .focalPointAppointed(FocalPoint(code: "FP-2", name: "Successor", agency: "AG-1", country: tha, role: .jitLeader, since: day.adding(days: 41))),
        ] { history.apply(try history.decide(change, by: "sup", at: t0)[0]) }
        #expect(throws: Refusal(field: "until", reason: "FP-1 already ended on 2015-11-10")) {
            try history.decide(.focalPointEnded(code: "FP-1", on: day.adding(days: 50)), by: "sup", at: t0)
        }
        let holders = history.focalPointHistory(country: tha, role: .jitLeader)
        #expect(holders.map(\.code) == ["FP-1", "FP-2"])
        #expect(holders[0].holds(on: day.adding(days: 40)) && !holders[0].holds(on: day.adding(days: 41)))
        #expect(holders[1].holds(on: day.adding(days: 41)))
    }

    @Test func investigationsPlansAndOutcomes() {
        #expect(refusal(.investigationExtended(code: "JIT-1", Extension(day: day, newEnd: day.adding(days: 90), consentRecorded: true)))
            == Refusal(field: "new end", reason: "2015-12-30 does not extend the period (it ends 2015-12-30)"))
        #expect(refusal(.actionItemAdded(investigation: "JIT-1", ActionItem(id: 5, item: "x", owner: tha, due: day)))
            == Refusal(field: "item", reason: "the next item of JIT-1 is number 2"))
        #expect(refusal(.actionItemAdded(investigation: "JIT-1", ActionItem(id: 2, item: "x", owner: CountryCode("AUS")!, due: day)))
            == Refusal(field: "owner", reason: "AUS is not a country of JIT-1 (THA, IDN)"))
        #expect(refusal(.actionItemStatusChanged(investigation: "JIT-1", item: 1, to: .open)) == Refusal(field: "status", reason: "item 1 is already open"))
        #expect(refusal(.actionItemStatusChanged(investigation: "JIT-1", item: 7, to: .done)) == Refusal(field: "item", reason: "JIT-1 has no action item 7"))
        #expect(refusal(.outcomeRecorded(Outcome(investigation: "JIT-1", country: tha, day: day, kind: .arrests, count: 0)))
            == Refusal(field: "count", reason: "must be at least 1"))
        #expect(refusal(.outcomeRecorded(Outcome(investigation: "JIT-1", country: CountryCode("NZL")!, day: day, kind: .arrests, count: 1)))
            == Refusal(field: "country", reason: "NZL is not a country of JIT-1"))
        #expect(refusal(.investigationCreated(JointInvestigation(code: "JIT-3", title: "t", lead: tha, partners: [idn], targetNetworks: [],
            legalBasis: .mou, start: day, end: day, handling: .h2, teamLeaders: ["FP-404"])))
            == Refusal(field: "team leaders", reason: "no focal point \"FP-404\" in this journal"))
    }

    @Test func enquiriesChasesAndCoerciveMeasures() {
        #expect(refusal(.enquiryChased(reference: "ENQ-2"))
            == Refusal(field: "status", reason: "only a sent enquiry awaiting an answer can be chased; ENQ-2 is draft"))
        #expect(refusal(.enquiryDueRevised(reference: "ENQ-1", to: t0.adding(days: -1)))
            == Refusal(field: "due date", reason: "2015-09-30 00:00 UTC is before the enquiry was drafted (2015-10-01 00:00 UTC)"))
        var chased = c
        chased.apply(try! chased.decide(.enquiryChased(reference: "ENQ-1"), by: "lia", at: t0.adding(days: 8))[0])
        chased.apply(try! chased.decide(.enquiryDueRevised(reference: "ENQ-1", to: t0.adding(days: 10)), by: "lia", at: t0.adding(days: 8))[0])
        let e = chased.enquiries["ENQ-1"]!
        #expect(e.chases == 1 && e.lastChased == t0.adding(days: 8))
        #expect(e.currentDue == t0.adding(days: 10))
        #expect(!e.isOverdue(at: t0.adding(days: 9)))
        #expect(chased.overdueEnquiries(at: t0.adding(days: 11)).map(\.reference) == ["ENQ-1"])
        var wrong = Enquiry(reference: "X", requesting: tha, requested: idn, channel: .policeToPolice, priority: .routine,
                            subject: "Search the premises", drafted: t0, due: t0, handling: .h2, coerciveMeasures: [.search])
        #expect(wrong.coerciveOnWrongChannel)
        wrong.channel = .mutualLegalAssistance
        #expect(!wrong.coerciveOnWrongChannel)
    }

    @Test func personsNotesLinksAndActivities() {
        #expect(refusal(.victimAdded(Victim(reference: "Maria", nationality: idn, sex: .female, ageBand: .unknown,
                                            exploitation: .traffickingOther, sector: .other)))
            == Refusal(field: "reference", reason: "a victim's reference is a pseudonym such as V-Q7K2M9, never a name"))
        #expect(refusal(.suspectStatusChanged(reference: "S-1", to: .convicted))
            == Refusal(field: "status", reason: "cannot go from identified to convicted; allowed from identified: wanted, arrested"))
        #expect(refusal(.noteAdded(entity: "NOPE", text: "x")) == Refusal(field: "code", reason: "no record \"NOPE\" in this journal"))
        #expect(refusal(.noteAdded(entity: "ENQ-1", text: "  ")) == Refusal(field: "note", reason: "is required"))
        #expect(refusal(.linkAdded(Link(from: "ENQ-1", to: "ENQ-1"))) == Refusal(field: "link", reason: "a record cannot be linked to itself"))
        var linked = c
        linked.apply(try! linked.decide(.linkAdded(Link(from: "ENQ-1", to: "JIT-1")), by: "lia", at: t0)[0])
        #expect(throws: Refusal(field: "link", reason: "JIT-1 and ENQ-1 are already linked")) {
            try linked.decide(.linkAdded(Link(from: "JIT-1", to: "ENQ-1")), by: "lia", at: t0)
        }
        #expect(linked.linked(to: "JIT-1") == ["ENQ-1"])
        #expect(refusal(.activityRecorded(Activity(operation: "OP-1", country: tha, day: day, kind: .awareness, count: 1, officersTrained: [.police: 3])))
            == Refusal(field: "officers trained", reason: "only a training session trains officers"))
        #expect(refusal(.activityRecorded(Activity(operation: "OP-9", country: tha, day: day, kind: .training, count: 1)))
            == Refusal(field: "code", reason: "no operation \"OP-9\" in this journal"))
    }

    @Test func periodCountsTakeOnlyDatedEventsInsideThePeriod() throws {
        var c = self.c
        let changes: [Change] = [
            .outcomeRecorded(Outcome(investigation: "JIT-1", country: tha, day: day, kind: .arrests, count: 2)),
            .outcomeRecorded(Outcome(investigation: nil, country: idn, day: day.adding(days: 5), kind: .arrests, count: 1)),
            .outcomeRecorded(Outcome(investigation: nil, country: idn, day: day.adding(days: 40), kind: .arrests, count: 9)),
            .activityRecorded(Activity(operation: "OP-1", country: tha, day: day, kind: .training, count: 1, officersTrained: [.police: 20, .airport: 5])),
            .activityRecorded(Activity(operation: "OP-1", country: tha, day: day.adding(days: -1), kind: .awareness, count: 4)),
        ]
        // All recorded once the latest has happened; the earliest so late that a supervisor gives the reason.
        for change in changes {
            c.apply(try c.decide(change, by: "sup", at: Timestamp(day.adding(days: 40), hour: 12), reason: "entered from the paper log")[0])
        }
        let counts = c.counts(in: day...day.adding(days: 30))
        #expect(counts["arrests"] == 3)
        #expect(counts.byCountry[idn]?["arrests"] == 1)
        #expect(counts["training-sessions"] == 1)
        #expect(counts["officers-trained"] == 25)
        #expect(counts["awareness-activities"] == 0)
        #expect(counts["enquiries"] == 1)   // ENQ-1 was sent inside the period; ENQ-2 never was
        #expect(c.openInvestigations.map(\.code) == ["JIT-1"])
    }
}
