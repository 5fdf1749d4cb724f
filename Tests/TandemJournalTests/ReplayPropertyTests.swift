import PropertyBased
import TandemCore
import TestSupport
import Testing
@testable import TandemJournal

/// Replay equals live: for random sequences of commands (valid and not), the
/// case file rebuilt from the written journal equals the one built as they were made.
@Suite struct ReplayPropertyTests {
    static let t0 = Timestamp(iso8601: "2015-09-28T00:00:00Z")!
    static let countries = ["AUS", "IDN", "MYS", "MDV", "NZL", "PHL", "LKA", "THA"].map { CountryCode($0)! }
    static let texts = ["Crew lists", "ไทย ภาษา", "ශ්‍රී ලංකා", "中文 名字", "quote \" back\\slash", "line\nbreak \u{1B}[2J", "ދިވެހި", "🚢 Tiếng Việt"]

    /// Turns a number into a change that may or may not be valid for the current case file.
    static func change(from n: Int, step: Int, in caseFile: CaseFile) -> Change {
        func pick<T>(_ items: [T], _ salt: Int) -> T { items[(n / 31 + salt) % items.count] }
        func existing(_ codes: [String], fallback: String) -> String { codes.isEmpty ? fallback : pick(codes, 3) }
        let time = t0.adding(seconds: Int64(step) * 3600)
        let networks = caseFile.networks.all.map(\.code)
        let investigations = caseFile.investigations.all.map(\.code)
        let enquiries = caseFile.enquiries.all.map(\.reference)
        let referrals = caseFile.referrals.all.map(\.reference)
        let country = pick(countries, 1)
        let other = pick(countries, 2)
        let text = pick(texts, 5)
        // The kind of change, from the lowest digits (who acts comes from those above: see `actor`).
        switch n % 25 {
        case 0:
            return .userAdded(User(name: "user\(n % 7)", displayName: text, role: pick(Role.allCases, 0)))
        case 1:
            return .networkCreated(Network(
                code: "NET-\(n % 50)", name: text, crimeTypes: [pick(CrimeType.allCases, 0)], sectors: [pick(Sector.allCases, 1)],
                route: [country, other], modusOperandi: text, handling: pick(Handling.allCases, 2)))
        case 2:
            return .networkStatusChanged(code: existing(networks, fallback: "NET-X"), to: pick(NetworkStatus.allCases, 0))
        case 3:
            return .investigationCreated(JointInvestigation(
                code: "JIT-\(n % 20)", title: text, lead: country, partners: [other], targetNetworks: networks.prefix(n % 2).map { $0 },
                legalBasis: pick(LegalBasis.allCases, 0), start: time.day, end: time.day.adding(days: n % 200 - 10),
                handling: pick(Handling.allCases, 1)))
        case 4:
            return .investigationStatusChanged(code: existing(investigations, fallback: "JIT-X"), to: pick(InvestigationStatus.allCases, 0))
        case 5:
            return .enquiryCreated(Enquiry(
                reference: "ENQ-\(n % 80)", requesting: country, requested: other, channel: pick(Channel.allCases, 0),
                priority: pick(Priority.allCases, 1), subject: text, drafted: time, due: time.adding(days: n % 20 - 2),
                handling: pick(Handling.allCases, 2), coerciveMeasures: n % 3 == 0 ? [.search] : []))
        case 6, 7:
            return .enquiryStatusChanged(reference: existing(enquiries, fallback: "ENQ-X"), to: pick(EnquiryStatus.allCases, 0))
        case 8:
            return .enquiryChased(reference: existing(enquiries, fallback: "ENQ-X"),
                                  chase: Chase(means: n % 3 == 0 ? nil : pick(ChaseMeans.allCases, 0), note: n % 2 == 0 ? text : ""))
        case 9:
            return .enquiryDueRevised(reference: existing(enquiries, fallback: "ENQ-X"), to: time.adding(days: 3))
        case 10:
            let kind = pick(ReferralKind.allCases, 0)
            return .referralCreated(Referral(
                reference: "NCB-\(n % 40)", kind: kind, issuingNCB: country, recipients: kind == .diffusion ? [other] : [],
                subject: text, handling: pick(Handling.allCases, 1)))
        case 11:
            let reference = existing(referrals, fallback: "NCB-X")
            let kind = caseFile.referrals[reference]?.kind ?? .red
            return .referralStatusChanged(reference: reference, to: pick(ReferralStatus.allCases.filter { _ in true }, kind.isNotice ? 0 : 1))
        case 12:
            return .outcomeRecorded(Outcome(
                investigation: investigations.isEmpty ? nil : pick(investigations, 0), country: country, day: time.day,
                kind: pick(OutcomeKind.allCases, 1), count: n % 5))
        case 13:
            return .noteAdded(entity: existing(enquiries + networks, fallback: "ENQ-X"), text: text)
        case 14:
            return .linkAdded(Link(from: existing(enquiries, fallback: "ENQ-X"), to: existing(investigations + networks, fallback: "JIT-X")))
        case 15:
            return .actionItemAdded(investigation: existing(investigations, fallback: "JIT-X"), ActionItem(
                id: (caseFile.investigations[existing(investigations, fallback: "JIT-X")]?.actionItems.count ?? 0) + 1,
                item: text, owner: country, due: time.day.adding(days: 7)))
        case 16:
            guard var network = caseFile.networks[existing(networks, fallback: "NET-X")] else { break }
            network.name = text
            network.route = [other, country]
            network.handling = pick(Handling.allCases, 3)
            return .networkRevised(network)
        case 17:
            guard var investigation = caseFile.investigations[existing(investigations, fallback: "JIT-X")] else { break }
            investigation.title = text
            investigation.partners = [other]
            return .investigationRevised(investigation)
        case 18:
            guard var referral = caseFile.referrals[existing(referrals, fallback: "NCB-X")] else { break }
            referral.subject = text
            referral.interpolReference = n % 2 == 0 ? "A-\(n % 9000)/2015" : nil
            return .referralRevised(referral)
        case 19 where !caseFile.outcomes.isEmpty && n % 3 != 0:
            // A correction of the first outcome recorded for an investigation or country (withdrawn now and then).
            let outcome = pick(caseFile.outcomes, 0)
            let entity = outcome.investigation ?? outcome.country.code
            let first = caseFile.numberedOutcomes(of: entity)[0].outcome
            return .outcomeCorrected(OutcomeCorrection(entity: entity, number: 1, count: n % 5 == 0 ? 0 : first.count + 1 + n % 3, reason: text))
        case 19 where caseFile.enquiries.all.contains { $0.status.allowedNext.isEmpty }:
            // A final status taken back (a supervisor's, so often refused by role).
            let final = caseFile.enquiries.all.filter { $0.status.allowedNext.isEmpty }.map(\.reference)
            let code = pick(final, 0)
            let back = caseFile.reversions(of: code)?.to.first?.value ?? "sent"
            return .statusReverted(StatusReversion(entity: code, to: back, reason: text))
        case 20:
            return .enquiryAnswered(reference: existing(enquiries, fallback: "ENQ-X"), EnquiryAnswer(full: n % 2 == 0, text: text))
        case 21:
            if n % 2 == 0, let submitted = caseFile.enquiries.all.first(where: { $0.status == .submitted }) {
                return .enquiryReturned(reference: submitted.reference, reason: text)
            }
            let reference = existing(enquiries, fallback: "ENQ-X")
            return .enquiryEdited(reference: reference, EnquiryEdit(requested: other, coerciveMeasures: n % 2 == 0 ? [.arrest] : []))
        case 22:
            let code = existing(investigations, fallback: "JIT-X")
            guard let investigation = caseFile.investigations[code] else { break }
            if let item = investigation.actionItems.first(where: { $0.status == .open }), n % 2 == 0 {
                return .actionItemDueRevised(investigation: code, item: item.id, to: item.due.adding(days: 1 + n % 30))
            }
            return .investigationPeriodCorrected(code: code, PeriodCorrection(
                start: investigation.start.adding(days: n % 5), end: investigation.end.adding(days: n % 7 - 3), reason: text))
        case 23:
            return .activityRecorded(Activity(operation: nil, country: country, day: time.day, kind: pick(ActivityKind.allCases, 0),
                                              count: 1 + n % 4, officersTrained: [:]))
        default:
            break
        }
        return .victimAdded(Victim(
            reference: "V-\(String(n % 100_000, radix: 36).uppercased())XYZ", nationality: country, sex: pick(Sex.allCases, 0),
            ageBand: pick(AgeBand.allCases, 1), exploitation: pick(CrimeType.allCases, 2), sector: pick(Sector.allCases, 3),
            assistance: [pick(Assistance.allCases, 4)], consentToShare: n % 2 == 0))
    }

    /// When it happened, now and then, for what may carry it: up to a day before it is recorded.
    static func happened(_ change: Change, n: Int, step: Int) -> Timestamp? {
        switch change {
        case .enquiryStatusChanged, .enquiryChased, .enquiryAnswered, .outcomeRecorded, .activityRecorded:
            n % 3 == 0 ? t0.adding(seconds: Int64(step) - Int64(n % 86_400)) : nil
        default: nil
        }
    }

    /// A reason, now and then (the rules ask for one to lower a handling code or change a sent enquiry).
    static func reason(_ n: Int) -> String? { n % 4 == 0 ? nil : "reason \(n % 97)" }

    /// One user of each role, so that every kind of change has someone allowed to make it,
    /// each with a key: every commit is signed. The supervisor starts the roster.
    static let keys: [String: OfficerKey] = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0.rawValue, OfficerKey(user: $0.rawValue)) })
    static let actors = Role.allCases.map(\.rawValue)
    /// Who acts: taken from the digits above those that choose the kind of change, so every kind meets every role.
    static func actor(_ n: Int) -> String { actors[(n / 25) % actors.count] }
    static let roster: [Event] = ([Role.supervisor] + Role.allCases.filter { $0 != .supervisor }).map { role in
        Event(time: t0, actor: Role.supervisor.rawValue, change: .userAdded(User(
            name: role.rawValue, displayName: role.label, role: role, publicKey: keys[role.rawValue]!.publicText)))
    }

    @Test func replayEqualsLive() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000).array(of: 1...120)) { numbers in
            let dir = TemporaryDirectory()
            let path = dir.file("journal.jsonl")
            let journal = try Journal.create(at: path, id: "property", now: { Self.t0 }).journal
            journal.signers = Self.keys
            try journal.append(Self.roster)
            var live = CaseFile(replaying: Self.roster)
            var accepted = Self.roster.count
            for (step, n) in numbers.enumerated() {
                let change = Self.change(from: n, step: step, in: live)
                // Act as someone on the roster once there is one (roles refuse some changes).
                let actor = Self.actor(n)
                guard let events = try? live.decide(change, by: actor, at: Self.t0.adding(seconds: Int64(step)),
                                                    happened: Self.happened(change, n: n, step: step), reason: Self.reason(n))
                else { continue }
                try journal.append(events)
                for event in events { live.apply(event) }
                accepted += 1
            }
            journal.close()
            let reopened = try Journal.open(at: path, create: false, now: { Self.t0 })
            #expect(reopened.notices.isEmpty)
            #expect(reopened.records.count == accepted)
            #expect(CaseFile(replaying: reopened.records.map(\.event)) == live)
            let report = try Journal.verify(at: path)
            #expect(report.isIntact && report.signedCommits == accepted - Self.roster.count + 1)
            reopened.journal.close()
            // And through a snapshot: made by one opening, read by the next.
            let first = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 1, now: { Self.t0 })
            first.journal.startDeferredWork()
            first.journal.finishDeferredWork(waitingAtMost: 30)
            first.journal.close()
            let second = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 1, now: { Self.t0 })
            #expect(second.fromSnapshot && second.replayed == 0)
            #expect(second.caseFile == live)
            #expect(second.journal.waitForCheck())
        }
    }

    /// The generator is worth its salt: a long run accepts many changes of many types.
    @Test func generatedChangesCoverTheModel() throws {
        var live = CaseFile(replaying: Self.roster)
        var types: Set<String> = []
        var accepted = 0
        var state: UInt64 = 0x5EED   // a fixed seed: this test checks the generator, not luck
        for step in 0..<3000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let n = Int((state >> 33) % 1_000_001)
            let change = Self.change(from: n, step: step, in: live)
            let actor = Self.actor(n)
            guard let events = try? live.decide(change, by: actor, at: Self.t0.adding(seconds: Int64(step)),
                                                happened: Self.happened(change, n: n, step: step), reason: Self.reason(n))
            else { continue }
            events.forEach { live.apply($0) }
            types.insert(change.type)
            accepted += 1
        }
        #expect(accepted > 300)
        #expect(types.count >= 18, "only \(types.sorted()), \(accepted)")
        #expect(types.contains("outcome.corrected") && types.contains("status.reverted"), "\(types.sorted())")
        #expect(["enquiry.answered", "investigation.period-corrected", "investigation.action-due", "activity.recorded"].filter { !types.contains($0) } == [],
                "\(types.sorted())")
    }
}
