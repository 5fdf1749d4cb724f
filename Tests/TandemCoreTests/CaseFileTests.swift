import Testing
@testable import TandemCore
import TandemSample

@Suite struct CaseFileTests {
    let t0 = Timestamp(iso8601: "2015-10-01T00:00:00Z")!

    func enquiry(_ reference: String = "AUS/THA/15-001", due days: Int = 7) -> Enquiry {
        Enquiry(reference: reference, requesting: CountryCode("AUS")!, requested: CountryCode("THA")!,
                channel: .policeToPolice, priority: .routine, subject: "Subscriber check",
                drafted: t0, due: t0.adding(days: days), handling: .h2)
    }

    func network(_ code: String = "NET-7KQ2") -> Network {
        Network(code: code, name: "Andaman trawler crews", crimeTypes: [.traffickingForcedLabour], sectors: [.fishing],
                route: [CountryCode("MMR")!, CountryCode("THA")!], handling: .h2)
    }

    func applied(_ caseFile: inout CaseFile, _ command: Change, at time: Timestamp? = nil) throws {
        for event in try caseFile.decide(command, by: "liaison", at: time ?? t0) { caseFile.apply(event) }
    }

    @Test func createdEnquiryIsListedAndOneEventNamesActorAndTime() throws {
        let caseFile = CaseFile()
        let events = try caseFile.decide(.enquiryCreated(enquiry()), by: "liaison", at: t0)
        #expect(events.count == 1)
        #expect(events[0].actor == "liaison")
        #expect(events[0].time == t0)
        #expect(events[0].change.type == "enquiry.created")
        #expect(events[0].change.entity == "AUS/THA/15-001")
        let after = CaseFile(replaying: events)
        #expect(after.enquiries["AUS/THA/15-001"]?.subject == "Subscriber check")
        #expect(after.recordCount == 1)
    }

    @Test func codesAreUniqueAcrossKinds() throws {
        var caseFile = CaseFile()
        try applied(&caseFile, .networkCreated(network("X-1")))
        #expect(throws: Refusal(field: "reference", reason: "X-1 is already in use")) {
            try caseFile.decide(.enquiryCreated(enquiry("X-1")), by: "liaison", at: t0)
        }
    }

    @Test func enquiryRulesAreChecked() {
        let caseFile = CaseFile()
        var same = enquiry()
        same.requested = same.requesting
        #expect(throws: Refusal(field: "requested country", reason: "must differ from the requesting country")) {
            try caseFile.decide(.enquiryCreated(same), by: "liaison", at: t0)
        }
        #expect(throws: Refusal(field: "due date", reason: "2015-09-30 00:00 UTC is before the enquiry was drafted (2015-10-01 00:00 UTC)")) {
            try caseFile.decide(.enquiryCreated(enquiry(due: -1)), by: "liaison", at: t0)
        }
        let colombo = OfficerZone(name: "Asia/Colombo", rules: .fixed(["Asia/Colombo": 5 * 3600 + 1800]))
        #expect(throws: Refusal(field: "due date", reason: "2015-09-30 05:30 +05:30 is before the enquiry was drafted (2015-10-01 05:30 +05:30)")) {
            try caseFile.decide(.enquiryCreated(enquiry(due: -1)), by: "liaison", at: t0, zone: colombo)
        }
        #expect(throws: Refusal(field: "user", reason: "is required: every change names who made it")) {
            try caseFile.decide(.enquiryCreated(enquiry()), by: " ", at: t0)
        }
    }

    @Test func refusedTransitionListsTheAllowedOnes() throws {
        var caseFile = CaseFile()
        try applied(&caseFile, .enquiryCreated(enquiry()))
        #expect(throws: Refusal(field: "status", reason: "cannot go from draft to closed; allowed from draft: submitted for approval, sent, withdrawn")) {
            try caseFile.decide(.enquiryStatusChanged(reference: "AUS/THA/15-001", to: .closed), by: "liaison", at: t0)
        }
        try applied(&caseFile, .enquiryStatusChanged(reference: "AUS/THA/15-001", to: .sent))
        try applied(&caseFile, .enquiryStatusChanged(reference: "AUS/THA/15-001", to: .answeredFull))
        try applied(&caseFile, .enquiryStatusChanged(reference: "AUS/THA/15-001", to: .closed))
        #expect(throws: Refusal(field: "status", reason: "cannot go from closed to sent; allowed from closed: none (it is final)")) {
            try caseFile.decide(.enquiryStatusChanged(reference: "AUS/THA/15-001", to: .sent), by: "liaison", at: t0)
        }
        #expect(throws: Refusal(field: "code", reason: "no enquiry \"NOPE\" in this journal")) {
            try caseFile.decide(.enquiryStatusChanged(reference: "NOPE", to: .sent), by: "liaison", at: t0)
        }
    }

    @Test func statusChangesFillTheTimelineAndOverdueIsDerived() throws {
        var caseFile = CaseFile()
        try applied(&caseFile, .enquiryCreated(enquiry()))
        let reference = "AUS/THA/15-001"
        // A draft is never overdue, however late.
        #expect(caseFile.enquiries[reference]?.isOverdue(at: t0.adding(days: 30)) == false)
        try applied(&caseFile, .enquiryStatusChanged(reference: reference, to: .sent), at: t0.adding(seconds: 60))
        let sent = caseFile.enquiries[reference]!
        #expect(sent.sent == t0.adding(seconds: 60))
        #expect(sent.isOverdue(at: t0.adding(days: 7)) == false)
        #expect(sent.isOverdue(at: t0.adding(days: 7).adding(seconds: 1)))
        try applied(&caseFile, .enquiryStatusChanged(reference: reference, to: .answeredPartial), at: t0.adding(days: 8))
        let answered = caseFile.enquiries[reference]!
        #expect(answered.answered == t0.adding(days: 8))
        #expect(answered.isOverdue(at: t0.adding(days: 30)) == false)
    }

    @Test func investigationNeedsPartnersKnownTargetsAndAPeriod() throws {
        var caseFile = CaseFile()
        try applied(&caseFile, .networkCreated(network()))
        let start = Day(iso8601: "2015-09-28")!
        func jit(partners: [String], targets: [String] = ["NET-7KQ2"], end: Day? = nil) -> Change {
            .investigationCreated(JointInvestigation(
                code: "JIT-1", title: "Trawler", lead: CountryCode("THA")!, partners: partners.map { CountryCode($0)! },
                targetNetworks: targets, legalBasis: .jitAgreement, start: start, end: end ?? start.adding(days: 90), handling: .h2))
        }
        #expect(throws: Refusal(field: "partners", reason: "a joint investigation needs at least one partner country besides the lead")) {
            try caseFile.decide(jit(partners: []), by: "inv", at: t0)
        }
        #expect(throws: Refusal(field: "partners", reason: "each country may appear only once (lead included)")) {
            try caseFile.decide(jit(partners: ["THA"]), by: "inv", at: t0)
        }
        #expect(throws: Refusal(field: "target networks", reason: "no network \"NET-0000\" in this journal")) {
            try caseFile.decide(jit(partners: ["IDN"], targets: ["NET-0000"]), by: "inv", at: t0)
        }
        #expect(throws: Refusal.self) { try caseFile.decide(jit(partners: ["IDN"], end: start.adding(days: -1)), by: "inv", at: t0) }
        try applied(&caseFile, jit(partners: ["IDN", "MYS"]))
        #expect(caseFile.investigations["JIT-1"]?.countries.map(\.code) == ["THA", "IDN", "MYS"])
        #expect(throws: Refusal(field: "status", reason: "cannot go from proposed to active; allowed from proposed: agreed")) {
            try caseFile.decide(.investigationStatusChanged(code: "JIT-1", to: .active), by: "inv", at: t0)
        }
    }

    @Test func referralLifecycleDependsOnKind() throws {
        var caseFile = CaseFile()
        let red = Referral(reference: "NCB-1", kind: .red, issuingNCB: CountryCode("THA")!, subject: "Wanted", handling: .h2)
        let check = Referral(reference: "NCB-2", kind: .sltdCheck, issuingNCB: CountryCode("MYS")!, subject: "Passports", handling: .h1)
        try applied(&caseFile, .referralCreated(red))
        try applied(&caseFile, .referralCreated(check))
        #expect(caseFile.referrals["NCB-1"]?.allowedNext == [.submitted, .cancelled])
        #expect(caseFile.referrals["NCB-2"]?.allowedNext == [.sent])
        try applied(&caseFile, .referralStatusChanged(reference: "NCB-2", to: .sent))
        try applied(&caseFile, .referralStatusChanged(reference: "NCB-2", to: .noHit))
        #expect(caseFile.referrals["NCB-2"]?.status == .noHit)
        var diffusion = red
        diffusion.reference = "NCB-3"
        diffusion.kind = .diffusion
        #expect(throws: Refusal(field: "recipients", reason: "a diffusion names the countries it goes to")) {
            try caseFile.decide(.referralCreated(diffusion), by: "ncb", at: t0)
        }
    }

    @Test func everyLifecycleTransitionTargetIsAnotherStatus() {
        for s in NetworkStatus.allCases { #expect(!s.allowedNext.contains(s)) }
        for s in InvestigationStatus.allCases { #expect(!s.allowedNext.contains(s)) }
        for s in EnquiryStatus.allCases { #expect(!s.allowedNext.contains(s)) }
        for kind in ReferralKind.allCases {
            for s in ReferralStatus.allCases { #expect(!s.allowedNext(for: kind).contains(s)) }
        }
    }

    /// A case file made only to be counted keeps no stamps, and is otherwise the case file.
    @Test func aCaseFileKeptOnlyForTheStatementHoldsEverythingButTheStamps() {
        let events = SampleScenario.events()
        let full = CaseFile(replaying: events)
        var counted = CaseFile(keepingStamps: false)
        for event in events { counted.apply(event) }
        #expect(counted.stampCount == 0 && full.stampCount > 0)
        #expect(counted.networks == full.networks && counted.investigations == full.investigations
            && counted.enquiries == full.enquiries && counted.referrals == full.referrals && counted.focalPoints == full.focalPoints
            && counted.operations == full.operations && counted.outcomes == full.outcomes && counted.activities == full.activities
            && counted.users == full.users && counted.agencies == full.agencies && counted.suspects == full.suspects
            && counted.victims == full.victims && counted.notes == full.notes && counted.links == full.links
            && counted.exports == full.exports)
        // The statement `tandem report` makes this way is the Dashboard's, from the whole case file.
        let asOf = SampleScenario.screensNow
        #expect(Debrief(operation: "JPA-2015", events: events, asOf: asOf)
            == Debrief(operation: full.operations["JPA-2015"]!, caseFile: full, asOf: asOf))
    }

    /// Who created a record and who changed it last, kept as events are applied.
    @Test func eachRecordKnowsWhoCreatedItAndWhoChangedItLast() {
        let events = SampleScenario.events()
        let c = CaseFile(replaying: events)
        // The reference: each record's creating event and its last event, looked for one by one.
        for code in c.enquiries.all.map(\.reference) + c.networks.all.map(\.code) + c.investigations.all.map(\.code)
            + c.referrals.all.map(\.reference) {
            let about = events.filter { $0.change.entity == code }
            let stamp = c.stamp(of: code)
            #expect(stamp?.createdBy == about.first!.actor && stamp?.lastChangedBy == about.last!.actor, "\(code)")
            // Its version counts its events; each field's last change names the event that made it.
            #expect(stamp?.version == about.count, "\(code)")
            for change in stamp?.fieldChanges ?? [] {
                let event = about[change.version - 1]
                #expect(event.actor == change.actor && event.time == change.time, "\(code) \(change.field)")
                #expect(!about[change.version...].contains { later in later.change.type.hasSuffix(".status") && change.field == "status" },
                        "\(code): a later status change would be the last")
            }
        }
        #expect(c.stampCount == c.enquiries.count + c.networks.count + c.investigations.count + c.referrals.count)
        #expect(c.stamp(of: "THA/IDN/15-031")?.isMine("liaison") == true)
        var later = c
        later.apply(Event(time: SampleScenario.screensNow, actor: "k.perera", change: .noteAdded(entity: "THA/IDN/15-031", text: "seen")))
        #expect(later.stamp(of: "THA/IDN/15-031")?.lastChangedBy == "k.perera")
        #expect(later.version(of: "THA/IDN/15-031") == c.version(of: "THA/IDN/15-031") + 1, "a note is an event of the record")
        #expect(later.stamp(of: "THA/IDN/15-031")?.fieldChanges == c.stamp(of: "THA/IDN/15-031")?.fieldChanges, "a note changes no field")
        #expect(later != c, "the stamps are part of the case file's value")
    }

    /// The stamps kept beside the records are those a plain table of stamps by
    /// code would hold, over the sample and 20k events of made-up casework.
    @Test func stampsBesideTheirRecordsAreThoseATableByCodeWouldHold() {
        var casework = SyntheticCasework(seed: 11)
        for events in [SampleScenario.events(), SampleScenario.events() + (0..<20_000).compactMap { _ in casework.next() }] {
            var c = CaseFile()
            var reference: [String: RecordStamp] = [:]
            for event in events {
                switch event.change {
                case .networkCreated, .investigationCreated, .enquiryCreated, .referralCreated:
                    if reference[event.change.entity] == nil { reference[event.change.entity] = RecordStamp(createdBy: event.actor, lastChangedBy: event.actor) }
                default:
                    if var stamp = reference[event.change.entity] {
                        let fields = c.fieldsChanged(by: event.change)
                        var downgrade: HandlingDowngrade?
                        if fields.contains("handling"), let (from, to) = c.handlingChange(event.change), to.strictness < from.strictness {
                            downgrade = HandlingDowngrade(from: from, to: to, actor: event.actor, time: event.time, reason: event.reason ?? "")
                        }
                        stamp.downgrade = downgrade ?? stamp.downgrade
                        stamp.lastChangedBy = event.actor
                        stamp.version += 1
                        var changes = stamp.fieldChanges
                        for field in fields {
                            let change = FieldChange(field: field, version: stamp.version, actor: event.actor, time: event.time)
                            if let i = changes.firstIndex(where: { $0.field == field }) { changes[i] = change } else { changes.append(change) }
                        }
                        stamp.fieldChanges = changes
                        reference[event.change.entity] = stamp
                    }
                }
                c.apply(event)
            }
            let kept = Dictionary(uniqueKeysWithValues: c.stampsByCode.map { ($0.code, $0.stamp) })
            #expect(kept.count == reference.count)
            for (code, stamp) in reference { #expect(kept[code] == stamp && c.stamp(of: code) == stamp, "\(code)") }
        }
    }

    /// Every network, investigation, enquiry and referral has a stamp (157k of them in 1M events):
    /// the rare downgrade is held apart, and reads and compares as if it were a field.
    @Test func aStampIsSmallAndItsDowngradeReadsAsAField() {
        // Its one field change (most records') inline, its downgrade (few records') apart.
        #expect(MemoryLayout<RecordStamp>.size <= 104)
        let lowered = HandlingDowngrade(from: .h2, to: .tlpGreen, actor: "p.srisuk", time: SampleScenario.screensNow, reason: "published")
        var stamp = RecordStamp(createdBy: "a", lastChangedBy: "a")
        #expect(stamp.downgrade == nil && stamp == RecordStamp(createdBy: "a", lastChangedBy: "a", downgrade: nil))
        stamp.downgrade = lowered
        #expect(stamp.downgrade == lowered && stamp == RecordStamp(createdBy: "a", lastChangedBy: "a", downgrade: lowered))
        stamp.downgrade = nil
        #expect(stamp == RecordStamp(createdBy: "a", lastChangedBy: "a"))
    }

    @Test func aStampsFieldChangesReadAsAListHoweverMany() {
        let now = SampleScenario.screensNow
        var stamp = RecordStamp.created(by: "a")
        var expected: [FieldChange] = []
        for (n, field) in ["status", "status", "subject", "status", "due date", "subject"].enumerated() {
            let event = Event(time: now.adding(seconds: Int64(n)), actor: "officer\(n)", change: .noteAdded(entity: "X", text: ""))
            stamp.moveOn(by: event, fields: [field], downgrade: nil)
            let change = FieldChange(field: field, version: n + 2, actor: "officer\(n)", time: event.time)
            if let i = expected.firstIndex(where: { $0.field == field }) { expected[i] = change } else { expected.append(change) }
            #expect(stamp.fieldChanges == expected)
            #expect(stamp.version == n + 2 && stamp.lastChangedBy == "officer\(n)")
            #expect(stamp == RecordStamp(createdBy: "a", lastChangedBy: "officer\(n)", version: n + 2, fieldChanges: expected))
        }
        stamp.fieldChanges = [expected[0]]
        #expect(stamp == RecordStamp(createdBy: "a", lastChangedBy: "officer5", version: 7, fieldChanges: [expected[0]]))
        stamp.fieldChanges = []
        #expect(stamp.fieldChanges.isEmpty && stamp == RecordStamp(createdBy: "a", lastChangedBy: "officer5", version: 7))
    }

    @Test func anEnquirysTimelineIsSmallAndEachTimeReadsAsAField() throws {
        #expect(MemoryLayout<Enquiry>.stride <= 136)
        var enquiry = try #require(CaseFile(replaying: SampleScenario.events()).enquiries.all.first)
        let times: [WritableKeyPath<Enquiry, Timestamp?>] = [\.sent, \.acknowledged, \.answered, \.revisedDue, \.lastChased, \.sentRecorded]
        for time in times { enquiry[keyPath: time] = nil }
        let cleared = enquiry
        for (index, time) in times.enumerated() {
            let when = Timestamp(secondsSinceEpoch: Int64(index) * 1000 - 62_135_596_800)   // from the year 1 on
            enquiry[keyPath: time] = when
            #expect(enquiry[keyPath: time] == when)
            #expect(times.filter { $0 != time }.allSatisfy { enquiry[keyPath: $0] == cleared[keyPath: $0] }, "only that time is set")
            #expect(enquiry != cleared)
            enquiry[keyPath: time] = nil
            #expect(enquiry == cleared)
        }
        enquiry.revisedDue = Timestamp(secondsSinceEpoch: 0)
        #expect(enquiry.revisedDue == Timestamp(secondsSinceEpoch: 0) && enquiry.currentDue == Timestamp(secondsSinceEpoch: 0))
    }

    /// The Dashboard's day-by-day lines and the debrief's totals are one rule.
    @Test func dailyCountsAddUpToThePeriodsTotals() {
        let c = CaseFile(replaying: SampleScenario.events())
        let operation = c.operations.all[0]
        let period = operation.start...operation.end
        let totals = c.counts(in: period)
        let daily = c.dailyCounts(in: period)
        #expect(!daily.isEmpty)
        for (measure, days) in daily {
            #expect(days.count == period.upperBound.daysSinceEpoch - period.lowerBound.daysSinceEpoch + 1)
            #expect(days.reduce(0, +) == totals[measure], "\(measure)")
        }
        #expect(Set(daily.keys) == Set(totals.totals.keys))
    }

    /// An export's summary counts its records in words that fit one (`tandem agenda` often reads out one).
    @Test func anExportOfOneRecordIsSaidSo() {
        func export(_ records: Int) -> Change {
            .exportMade(ExportRecord(id: "EXP-1", format: "agenda", destination: "standard output", tables: ["agenda"], records: records,
                                     includesVictims: false, restricted: true, recipient: "", reason: "morning mail"))
        }
        #expect(CaseFile().summary(of: export(1)) == "exported 1 record (agenda) as agenda to standard output; reason: morning mail")
        #expect(CaseFile().summary(of: export(2)).hasPrefix("exported 2 records (agenda)"))
    }

    /// Outcomes and activities are counted in words that fit their number: "1 arrest", "2 awareness-raising activities".
    @Test func outcomesAndActivitiesAreCountedInTheirWords() {
        let day = Day(iso8601: "2015-10-05")!, thailand = CountryCode("THA")!
        func outcome(_ kind: OutcomeKind, _ count: Int) -> String {
            CaseFile().summary(of: .outcomeRecorded(Outcome(investigation: "JIT-1", country: thailand, day: day, kind: kind, count: count)))
        }
        #expect(outcome(.arrests, 1) == "1 arrest by THA on 2015-10-05")
        #expect(outcome(.arrests, 3) == "3 arrests by THA on 2015-10-05")
        #expect(outcome(.personsAssisted, 1) == "1 trafficked person assisted by THA on 2015-10-05")
        #expect(outcome(.newInvestigations, 1200) == "1,200 new investigations launched by THA on 2015-10-05")
        #expect(OutcomeKind.allCases.map { $0.count(1) }
                == ["1 trafficked person assisted", "1 search warrant executed", "1 suspect identified", "1 arrest", "1 new investigation launched"])
        func activity(_ kind: ActivityKind, _ count: Int) -> String {
            CaseFile().summary(of: .activityRecorded(Activity(operation: "JPA-2015", country: thailand, day: day, kind: kind, count: count)))
        }
        #expect(activity(.awareness, 2) == "2 awareness-raising activities by THA on 2015-10-05", "it said 'activitys'")
        #expect(activity(.training, 1) == "1 training session by THA on 2015-10-05")
    }

    /// A wrong count is put right by a correction, never an edit: the period's
    /// figures count the corrected value, and the history says original → correction and why.
    @Test func anOutcomeIsCorrectedOrWithdrawnWithAReason() throws {
        var c = CaseFile(replaying: SampleScenario.events())
        let operation = c.operations.all[0]
        let period = operation.start...operation.end
        let arrests = c.counts(in: period)["arrests"]
        let (number, outcome) = try #require(c.numberedOutcomes(of: "JIT-TRAWLER").last { $0.outcome.kind == .arrests && $0.outcome.count >= 2 && period.contains($0.outcome.day) })
        let correction = OutcomeCorrection(entity: "JIT-TRAWLER", number: number, count: outcome.count - 1, reason: "one arrest counted twice")
        let summary = c.summary(of: .outcomeCorrected(correction))
        #expect(summary == "outcome \(number) corrected: \(outcome.count) → \(outcome.count - 1) arrests by \(outcome.country.code) on \(outcome.day.iso8601); reason: one arrest counted twice")
        for event in try c.decide(.outcomeCorrected(correction), by: "p.srisuk", at: SampleScenario.screensNow) { c.apply(event) }
        #expect(c.counts(in: period)["arrests"] == arrests - 1)
        // Withdrawn: counted as nothing.
        let withdrawn = OutcomeCorrection(entity: "JIT-TRAWLER", number: number, count: 0, reason: "recorded under the wrong investigation")
        for event in try c.decide(.outcomeCorrected(withdrawn), by: "k.perera", at: SampleScenario.screensNow) { c.apply(event) }
        #expect(c.counts(in: period)["arrests"] == arrests - outcome.count)
        // Refused, naming the field: no reason, the same count, an outcome that is not there, a role that may not.
        func refusal(_ change: OutcomeCorrection, by actor: String = "p.srisuk") -> Refusal? {
            do { _ = try c.decide(.outcomeCorrected(change), by: actor, at: SampleScenario.screensNow); return nil } catch { return error }
        }
        #expect(refusal(OutcomeCorrection(entity: "JIT-TRAWLER", number: number, count: 2, reason: " "))?.field == "reason")
        #expect(refusal(OutcomeCorrection(entity: "JIT-TRAWLER", number: number, count: 0, reason: "again"))?.field == "count")
        #expect(refusal(OutcomeCorrection(entity: "JIT-TRAWLER", number: 999, count: 1, reason: "x"))?.field == "outcome")
        #expect(refusal(OutcomeCorrection(entity: "JIT-TRAWLER", number: number, count: -1, reason: "x"))?.field == "count")
        #expect(refusal(OutcomeCorrection(entity: "JIT-TRAWLER", number: number, count: 3, reason: "x"), by: "liaison")?.field == "role")
    }
}

