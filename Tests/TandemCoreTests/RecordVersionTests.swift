import TandemCore
import TandemSample
import Testing

/// Finding 1 of "Nothing recorded stays wrong": a change decided against an
/// older version of its record merges with what others changed since, or is
/// refused naming who changed what and when; it never silently overwrites.
@Suite struct RecordVersionTests {
    let sample = CaseFile(replaying: SampleScenario.events())
    let later = SampleScenario.screensNow
    let code = "THA/IDN/15-031"

    func saved(_ c: inout CaseFile, _ proposal: Proposal, by actor: String, minutes: Int64) throws {
        for event in try c.decide(proposal, by: actor, at: later.adding(seconds: minutes * 60)) { c.apply(event) }
    }

    @Test func aStaleEditOfTheSameFieldIsRefusedNamingWhoChangedItAndWhen() throws {
        var c = sample
        let opened = c.version(of: code)
        // The liaison officer saves first (#515 in the finding: a sent enquiry's subject is now a
        // supervisor's to change, so the clash is on its handling)…
        try saved(&c, Proposal(.enquiryEdited(reference: code, EnquiryEdit(handling: .tlpRed)), basedOn: opened),
                  by: "liaison", minutes: 2)
        #expect(c.version(of: code) == opened + 1)
        // …then the supervisor saves from a form opened before that.
        let stale = Proposal(.enquiryEdited(reference: code, EnquiryEdit(handling: .h3)), basedOn: opened)
        #expect(throws: Refusal(
            field: "handling", reason: "\(code) was changed by liaison at 2015-10-20 09:02 UTC (handling) after you opened it",
            conflicts: [FieldChange(field: "handling", version: opened + 1, actor: "liaison", time: later.adding(seconds: 120))])) {
            try c.decide(stale, by: "k.perera", at: later.adding(seconds: 300))
        }
        #expect(c.enquiries[code]?.handling == .tlpRed, "nothing was overwritten")
        // Decided again against the version they now see (a downgrade from it now), it is saved: they were told.
        try saved(&c, Proposal(stale.change, basedOn: c.version(of: code), reason: "H3 is what IDN asked for"), by: "k.perera", minutes: 6)
        #expect(c.enquiries[code]?.handling == .h3)
    }

    /// An outcome, a note or a link moves on the version of the record it is about; an
    /// outcome of a country (no investigation) moves none.
    @Test func whatIsRecordedAboutARecordMovesItsVersion() throws {
        var c = sample
        let investigation = try #require(c.investigations.all.first)
        let before = c.version(of: investigation.code)
        let outcome = Outcome(investigation: investigation.code, country: investigation.lead, day: later.day, kind: .arrests, count: 1)
        try saved(&c, Proposal(.outcomeRecorded(outcome)), by: "k.perera", minutes: 1)
        #expect(c.version(of: investigation.code) == before + 1)
        #expect(c.stamp(of: investigation.code)?.lastChangedBy == "k.perera")
        try saved(&c, Proposal(.outcomeCorrected(OutcomeCorrection(entity: investigation.code, number: 1, count: 2, reason: "miscounted"))),
                  by: "k.perera", minutes: 2)
        #expect(c.version(of: investigation.code) == before + 2)
        try saved(&c, Proposal(.noteAdded(entity: code, text: "Chased by phone")), by: "liaison", minutes: 3)
        #expect(c.stamp(of: code)?.lastChangedBy == "liaison")
        let versions = c.stampsByCode.map(\.stamp.version)
        let national = Outcome(investigation: nil, country: investigation.lead, day: later.day, kind: .arrests, count: 1)
        try saved(&c, Proposal(.outcomeRecorded(national)), by: "k.perera", minutes: 4)
        #expect(c.stampsByCode.map(\.stamp.version) == versions)
    }

    @Test func editsOfDifferentFieldsMergeWithoutAsking() throws {
        var c = sample
        let opened = c.version(of: code)
        try saved(&c, Proposal(.enquiryEdited(reference: code, EnquiryEdit(handling: .tlpRed)), basedOn: opened),
                  by: "liaison", minutes: 2)
        try saved(&c, Proposal(.enquiryEdited(reference: code, EnquiryEdit(priority: .urgent)), basedOn: opened), by: "k.perera", minutes: 5)
        #expect(c.enquiries[code]?.handling == .tlpRed && c.enquiries[code]?.priority == .urgent)
    }

    @Test func aRevisionTakesOnlyTheFieldsTheOfficerChanged() throws {
        var c = sample
        let network = try #require(c.networks.all.first)
        let opened = c.version(of: network.code)
        // One officer renames it; another, from a form opened before, changes its modus operandi.
        var renamed = network
        renamed.name = "Pier Syndicate"
        try saved(&c, Proposal(.networkRevised(renamed), basedOn: opened, seen: .networkRevised(network)), by: "p.srisuk", minutes: 1)
        var described = network
        described.modusOperandi = "Recruits at the pier, pays in advance"
        try saved(&c, Proposal(.networkRevised(described), basedOn: opened, seen: .networkRevised(network)), by: "k.perera", minutes: 3)
        #expect(c.networks[network.code]?.name == "Pier Syndicate", "the other officer's name stays")
        #expect(c.networks[network.code]?.modusOperandi == "Recruits at the pier, pays in advance")
        // Both rename it: the second is refused and told.
        var other = network
        other.name = "Harbour Ring"
        #expect(throws: Refusal.self) {
            try c.decide(Proposal(.networkRevised(other), basedOn: opened, seen: .networkRevised(network)), by: "k.perera", at: later)
        }
        let refusal = try #require(refusalOf(Proposal(.networkRevised(other), basedOn: opened, seen: .networkRevised(network)), in: c))
        #expect(refusal.field == "name" && refusal.conflicts.map(\.actor) == ["p.srisuk"])
    }

    @Test func aStatusChosenFromAnOlderVersionIsRefused() throws {
        var c = sample
        let enquiry = try #require(c.enquiries.all.first { $0.status == .draft })
        let opened = c.version(of: enquiry.reference)
        try saved(&c, Proposal(.enquiryStatusChanged(reference: enquiry.reference, to: .withdrawn), basedOn: opened), by: "k.perera", minutes: 1)
        c = sample
        try saved(&c, Proposal(.enquiryStatusChanged(reference: enquiry.reference, to: .sent), basedOn: opened), by: "k.perera", minutes: 1)
        // Withdrawing a sent enquiry is a valid move, but not one decided before it was sent.
        let refusal = try #require(refusalOf(Proposal(.enquiryStatusChanged(reference: enquiry.reference, to: .withdrawn), basedOn: opened), in: c))
        #expect(refusal.field == "status" && refusal.reason.contains("k.perera at 2015-10-20 09:01 UTC (status)"))
        // A note in between changes no field: a status chosen before it still goes through.
        c = sample
        try saved(&c, Proposal(.noteAdded(entity: enquiry.reference, text: "Called the desk")), by: "liaison", minutes: 1)
        try saved(&c, Proposal(.enquiryStatusChanged(reference: enquiry.reference, to: .sent), basedOn: opened), by: "k.perera", minutes: 2)
        #expect(c.enquiries[enquiry.reference]?.status == .sent)
    }

    @Test func theVersionItWasDecidedAgainstIsKeptOnTheEvent() throws {
        let opened = sample.version(of: code)
        let events = try sample.decide(Proposal(.enquiryEdited(reference: code, EnquiryEdit(priority: .urgent)), basedOn: opened),
                                       by: "liaison", at: later)
        #expect(events.map(\.basedOn) == [opened])
        #expect(try sample.decide(.enquiryEdited(reference: code, EnquiryEdit(priority: .urgent)), by: "liaison", at: later)[0].basedOn == nil)
    }

    func refusalOf(_ proposal: Proposal, in c: CaseFile) -> Refusal? {
        do { _ = try c.decide(proposal, by: "k.perera", at: later); return nil } catch { return error }
    }
}
