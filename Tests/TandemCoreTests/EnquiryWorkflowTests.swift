import TandemCore
import TandemSample
import Testing

/// Findings 8 and 9 of "Nothing recorded stays wrong", and the corrections that
/// are events, never edits: approval of drafts, answers and chases with their
/// content, what a sent enquiry still lets change, handling downgrades, and
/// activities, periods and action-item due dates put right.
@Suite struct EnquiryWorkflowTests {
    let sample = CaseFile(replaying: SampleScenario.events())
    let now = SampleScenario.screensNow
    let sentReference = "THA/IDN/15-031"

    func applying(_ c: inout CaseFile, _ change: Change, by actor: String, reason: String? = nil) throws {
        for event in try c.decide(change, by: actor, at: now, reason: reason) { c.apply(event) }
    }

    func draft(_ c: inout CaseFile) throws -> String {
        let enquiry = Enquiry(reference: "AUS/IDN/15-950", requesting: CountryCode("AUS")!, requested: CountryCode("IDN")!,
                              channel: .policeToPolice, priority: .routine, subject: "Boat registration", drafted: now,
                              due: now.adding(days: 7), handling: .h2)
        try applying(&c, .enquiryCreated(enquiry), by: "liaison")
        return enquiry.reference
    }

    @Test func aLiaisonOfficerSubmitsADraftAndASupervisorApprovesOrReturnsIt() throws {
        var c = sample
        let code = try draft(&c)
        #expect(throws: Refusal(field: "role", reason: "only a supervisor may approve and send an enquiry; liaison is a liaison officer")) {
            try c.decide(.enquiryStatusChanged(reference: code, to: .sent), by: "liaison", at: now)
        }
        try applying(&c, .enquiryStatusChanged(reference: code, to: .submitted), by: "liaison")
        #expect(c.enquiries[code]?.status == .submitted)
        // Returned with a reason, by a supervisor only.
        #expect(throws: Refusal(field: "role", reason: "only a supervisor may return an enquiry to its drafter; liaison is a liaison officer")) {
            try c.decide(.enquiryReturned(reference: code, reason: "x"), by: "liaison", at: now)
        }
        #expect(throws: Refusal(field: "reason", reason: "is required")) {
            try c.decide(.enquiryReturned(reference: code, reason: " "), by: "k.perera", at: now)
        }
        try applying(&c, .enquiryReturned(reference: code, reason: "Name the vessel"), by: "k.perera")
        #expect(c.enquiries[code]?.status == .draft)
        #expect(c.summary(of: .enquiryReturned(reference: code, reason: "Name the vessel")) == "returned to its drafter; reason: Name the vessel")
        // Submitted again, then approved: sent.
        try applying(&c, .enquiryStatusChanged(reference: code, to: .submitted), by: "liaison")
        try applying(&c, .enquiryStatusChanged(reference: code, to: .sent), by: "k.perera")
        #expect(c.enquiries[code]?.status == .sent && c.enquiries[code]?.sent == now)
    }

    @Test func aChaseRecordsItsMeansAndANote() throws {
        var c = sample
        try applying(&c, .enquiryChased(reference: "LKA/MDV/15-007", chase: Chase(means: .interpolMessage, note: "Reminder via NCB Malé")), by: "liaison")
        #expect(c.enquiries["LKA/MDV/15-007"]?.chases == 3)
        #expect(Change.enquiryChased(reference: "LKA/MDV/15-007", chase: Chase(means: .interpolMessage, note: "Reminder via NCB Malé")).summary()
                == "chased by I-24/7 message: Reminder via NCB Malé")
    }

    @Test func anAnswerSaysWhatItAnswered() throws {
        var c = sample
        let code = "AUS/PHL/15-114"   // in progress
        #expect(throws: Refusal(field: "answer", reason: "is required")) {
            try c.decide(.enquiryAnswered(reference: code, EnquiryAnswer(full: false, text: "")), by: "liaison", at: now)
        }
        try applying(&c, .enquiryAnswered(reference: code, EnquiryAnswer(full: false, text: "Subscriber of one account")), by: "liaison")
        #expect(c.enquiries[code]?.status == .answeredPartial)
        #expect(c.enquiries[code]?.answer == "Subscriber of one account")
        // A full answer cannot be answered again in part.
        #expect(throws: Refusal(field: "status", reason: "cannot go from answered (full) to answered (partial); allowed from answered (full): closed")) {
            try c.decide(.enquiryAnswered(reference: sentReference, EnquiryAnswer(full: false, text: "x")), by: "liaison", at: now)
        }
    }

    @Test func onceSentWhatItAsksChangesOnlyByASupervisorWithAReason() throws {
        var c = sample
        let subject = Change.enquiryEdited(reference: sentReference, EnquiryEdit(subject: "Crew lists, all vessels"))
        #expect(throws: Refusal(field: "subject", reason: "\(sentReference) has been sent; only a supervisor changes its subject, with a reason")) {
            try c.decide(subject, by: "liaison", at: now)
        }
        #expect(throws: Refusal(field: "reason", reason: "\(sentReference) has been sent; say why its subject change")) {
            try c.decide(subject, by: "k.perera", at: now)
        }
        try applying(&c, subject, by: "k.perera", reason: "IDN asked to widen it")
        #expect(c.enquiries[sentReference]?.subject == "Crew lists, all vessels")
        // The requested country and the coercive measures too; the priority stays the liaison officer's.
        #expect(throws: Refusal(field: "requested country", reason: "\(sentReference) has been sent; only a supervisor changes its requested country, with a reason")) {
            try c.decide(.enquiryEdited(reference: sentReference, EnquiryEdit(requested: CountryCode("MYS")!)), by: "liaison", at: now)
        }
        try applying(&c, .enquiryEdited(reference: sentReference, EnquiryEdit(priority: .urgent)), by: "liaison")
        #expect(c.enquiries[sentReference]?.priority == .urgent)
        // A draft is its drafter's to change freely.
        let code = try draft(&c)
        try applying(&c, .enquiryEdited(reference: code, EnquiryEdit(subject: "Boat registration and owner", coerciveMeasures: [.search])), by: "liaison")
        #expect(c.enquiries[code]?.coerciveMeasures == [.search])
    }

    @Test func aHandlingDowngradeNeedsAReasonAndIsMarked() throws {
        var c = sample
        var network = try #require(c.networks["NET-7KQ2"])
        let before = network.handling
        network.handling = .tlpGreen
        #expect(before.strictness > Handling.tlpGreen.strictness)
        #expect(throws: Refusal(field: "reason", reason: "handling goes down from \(before.rawValue) to TLP:GREEN; a downgrade needs a reason")) {
            try c.decide(.networkRevised(network), by: "p.srisuk", at: now)
        }
        let event = try c.decide(.networkRevised(network), by: "p.srisuk", at: now, reason: "published by the court")[0]
        #expect(c.summary(of: event).hasSuffix("; handling DOWNGRADED \(before.rawValue) → TLP:GREEN; reason: published by the court"))
        c.apply(event)
        #expect(c.stamp(of: "NET-7KQ2")?.downgrade == HandlingDowngrade(from: before, to: .tlpGreen, actor: "p.srisuk", time: now, reason: "published by the court"))
        // An export marks it beside the code.
        let networks = try #require(c.exportTables(includeVictims: false).first { $0.name == "networks" })
        let row = try #require(networks.rows.first { $0[0] == "NET-7KQ2" })
        #expect(row.last == "\(before.rawValue) → TLP:GREEN by p.srisuk on 2015-10-20: published by the court")
        // Raising it again needs no reason.
        network.handling = .tlpRed
        #expect((try? c.decide(.networkRevised(network), by: "p.srisuk", at: now)) != nil)
        // An enquiry's too.
        #expect(throws: Refusal(field: "reason", reason: "handling goes down from H2 to TLP:CLEAR; a downgrade needs a reason")) {
            try c.decide(.enquiryEdited(reference: sentReference, EnquiryEdit(handling: .tlpClear)), by: "liaison", at: now)
        }
    }

    @Test func anActivityIsCorrectedByAnEventAndTheReportCountsTheCorrection() throws {
        var c = sample
        let (number, activity) = try #require(c.numberedActivities(of: "JPA-2015").first { $0.activity.kind == .training })
        let before = Debrief(operation: c.operations["JPA-2015"]!, caseFile: c, asOf: now)
        let correction = ActivityCorrection(entity: "JPA-2015", number: number, count: activity.count,
                                            officersTrained: [.police: 1], reason: "attendance sheet recounted")
        try applying(&c, .activityCorrected(correction), by: "p.srisuk")
        let after = Debrief(operation: c.operations["JPA-2015"]!, caseFile: c, asOf: now)
        #expect(after[.officersTrained] == before[.officersTrained] - activity.officersTrained.values.reduce(0, +) + 1)
        #expect(throws: Refusal(field: "count", reason: "activity \(number) already counts \(activity.count)")) {
            try c.decide(.activityCorrected(correction), by: "p.srisuk", at: now)
        }
    }

    @Test func aSupervisorCorrectsAPeriodAndAnActionItemsDueDateIsRevised() throws {
        var c = sample
        let code = "JIT-PLACEMENT"
        let investigation = try #require(c.investigations[code])
        let period = PeriodCorrection(start: investigation.start, end: investigation.end.adding(days: 30), reason: "the agreement says six months")
        #expect(throws: Refusal(field: "role", reason: "only a supervisor may correct a joint investigation's period; p.srisuk is an investigator")) {
            try c.decide(.investigationPeriodCorrected(code: code, period), by: "p.srisuk", at: now)
        }
        let event = try c.decide(.investigationPeriodCorrected(code: code, period), by: "k.perera", at: now)[0]
        #expect(c.summary(of: event) == "period corrected: \(investigation.start.iso8601) to \(investigation.end.iso8601) → \(investigation.start.iso8601) to \(period.end.iso8601); reason: the agreement says six months")
        c.apply(event)
        #expect(c.investigations[code]?.end == period.end)

        let trawler = try #require(c.investigations["JIT-TRAWLER"])
        let item = try #require(trawler.actionItems.first { $0.status == .open })
        let later = now.day.adding(days: 10)
        try applying(&c, .actionItemDueRevised(investigation: "JIT-TRAWLER", item: item.id, to: later), by: "p.srisuk")
        #expect(c.investigations["JIT-TRAWLER"]?.actionItems.first { $0.id == item.id }?.due == later)
        #expect(c.investigations["JIT-TRAWLER"]?.actionItems.first { $0.id == item.id }?.isLate(on: now.day) == false)
    }
}

extension EnquiryWorkflowTests {
    /// "mine" shows what waits for me: a supervisor's includes what was submitted for approval.
    @Test func whatWasSubmittedIsTheSupervisorsToo() throws {
        var c = sample
        let code = try draft(&c)
        #expect(!c.isMine(code, user: "k.perera") && c.isMine(code, user: "liaison"))
        try applying(&c, .enquiryStatusChanged(reference: code, to: .submitted), by: "liaison")
        #expect(c.isMine(code, user: "k.perera"), "it waits for a supervisor")
        #expect(!c.isMine(code, user: "p.srisuk"), "an investigator approves nothing")
    }
}
