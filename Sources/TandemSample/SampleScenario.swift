import TandemCore

/// The scenario behind `sample-data/`: the 2015 Joint Period of Action, as the
/// commands officers would have entered. Everyone and everything in it is fictional.
public enum SampleScenario {
    public static let journalID = "jpa-2015-sample"
    public static let created = at("2015-09-07", 8, 0)
    /// The moment the screens in `screens/` are rendered at: mid-operation.
    public static let screensNow = at("2015-10-20", 9, 0)

    /// Who `--demo` runs as when no `--user` is given: a supervisor on the roster.
    public static let demoUser = "k.perera"

    /// The sample officers, by user name: each signs with `SampleKeys.privateKey(for:)`.
    public static let officers: [String] = events().compactMap { event in
        if case .userAdded(let user) = event.change { user.name } else { nil }
    }

    public struct Step: Sendable {
        public var time: Timestamp
        public var actor: String
        public var change: Change
    }

    /// Every step decided against the case file as it stands, so the sample is
    /// checked by the same rules as live use. Crashes on a refusal: a broken
    /// scenario is a bug in this file.
    public static func events() -> [Event] {
        var caseFile = CaseFile()
        var events: [Event] = []
        for step in steps {
            do {
                let made = try caseFile.decide(step.change, by: step.actor, at: step.time)
                made.forEach { caseFile.apply($0) }
                events += made
            } catch {
                preconditionFailure("sample scenario step refused: \(error) in \(step.change)")
            }
        }
        return events
    }

    static func at(_ day: String, _ hour: Int, _ minute: Int) -> Timestamp {
        Timestamp(Day(iso8601: day)!, hour: hour, minute: minute)
    }

    static func country(_ code: String) -> CountryCode { CountryCode(code)! }
    static func countries(_ codes: String) -> [CountryCode] { codes.split(separator: " ").map { country(String($0)) } }

    static func enquiry(
        _ reference: String, _ from: String, _ to: String, _ channel: Channel, _ priority: Priority,
        _ subject: String, drafted: Timestamp, dueDays: Int? = nil, handling: Handling = .h2,
        coercive: [CoerciveMeasure] = []
    ) -> Change {
        let due = dueDays.map { drafted.adding(days: $0) }
            ?? drafted.adding(seconds: channel.defaultAnswerTime(priority: priority))
        return .enquiryCreated(Enquiry(
            reference: reference, requesting: country(from), requested: country(to), channel: channel,
            priority: priority, subject: subject, drafted: drafted, due: due, handling: handling,
            coerciveMeasures: coercive
        ))
    }

    /// Every step, in time order. Built from several small functions: one huge
    /// function would need a stack frame larger than a test thread's stack.
    static let steps: [Step] = {
        let all = setupSteps() + networkSteps() + investigationSteps() + enquirySteps() + personSteps() + referralSteps()
            + OperationTallies.steps()
        // The journal is written in time order, as it would have been.
        return all.enumerated().sorted { a, b in
            a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
        }.map(\.element)
    }()

    static func setupSteps() -> [Step] {
        var steps: [Step] = []
        func step(_ time: Timestamp, _ actor: String, _ change: Change) {
            steps.append(Step(time: time, actor: actor, change: change))
        }
        // The roster, agencies and focal points, set up before the planning meeting.
        let setup = at("2015-09-07", 8, 0)
        let roster: [(String, String, Role)] = [
            ("k.perera", "Kamala Perera", .supervisor), ("s.fernando", "Suresh Fernando", .investigator),
            ("r.aroha", "Rangi Aroha", .investigator), ("j.santos", "Joy Santos", .investigator),
            ("p.srisuk", "Pim Srisuk", .investigator), ("m.walsh", "Megan Walsh", .investigator),
            ("liaison", "Duty liaison officer", .liaisonOfficer), ("ncb.officer", "NCB duty officer", .liaisonOfficer),
            ("d.pratama", "Dewi Pratama", .investigator), ("a.rahman", "Aziz Rahman", .investigator),
            ("i.waheed", "Ibrahim Waheed", .investigator),
        ]
        for (name, display, role) in roster {
            step(setup, "k.perera", .userAdded(User(name: name, displayName: display, role: role, publicKey: SampleKeys.publicText(for: name))))
        }
        let agencies: [(String, String, String, AgencyKind)] = [
            ("AG-LKA-CID", "Criminal Investigation Department", "LKA", .police),
            ("AG-NZL-INZ", "Immigration Compliance and Investigations", "NZL", .immigration),
            ("AG-THA-ATHD", "Anti-Trafficking in Persons Division", "THA", .police),
            ("AG-AUS-HTT", "Human Trafficking Team", "AUS", .police),
            ("AG-THA-NCB", "NCB Bangkok", "THA", .ncb),
            ("AG-MYS-NCB", "NCB Kuala Lumpur", "MYS", .ncb),
        ]
        for (code, name, country, kind) in agencies {
            step(setup, "k.perera", .agencyAdded(Agency(code: code, name: name, country: CountryCode(country)!, kind: kind)))
        }
        step(setup, "k.perera", .focalPointAppointed(FocalPoint(
            code: "FP-LKA-01", name: "Insp. A. Jayasuriya", agency: "AG-LKA-CID", country: country("LKA"),
            role: .operationFocalPoint, channels: ["secure e-mail", "phone"], timeZone: "Asia/Colombo",
            languages: ["si", "ta", "en"], since: Day(iso8601: "2015-05-19")!)))
        step(setup, "k.perera", .focalPointAppointed(FocalPoint(
            code: "FP-THA-01", name: "Pol. Maj. N. Chaiyasit", agency: "AG-THA-ATHD", country: country("THA"),
            role: .jitLeader, channels: ["secure e-mail"], timeZone: "Asia/Bangkok", languages: ["th", "en"],
            since: Day(iso8601: "2015-05-19")!)))
        step(setup, "k.perera", .focalPointAppointed(FocalPoint(
            code: "FP-THA-02", name: "Pol. Capt. S. Boonmee", agency: "AG-THA-NCB", country: country("THA"),
            role: .ncbOfficer, channels: ["I-24/7"], timeZone: "Asia/Bangkok", languages: ["th", "en"],
            since: Day(iso8601: "2014-01-06")!)))
        step(setup, "k.perera", .operationCreated(Operation(
            code: "JPA-2015", name: "Joint Period of Action 2015", start: Day(iso8601: "2015-09-28")!,
            end: Day(iso8601: "2015-10-28")!, countries: countries("AUS IDN MYS MDV NZL PHL LKA THA"),
            organisations: ["INTERPOL"], coChairs: countries("NZL LKA"))))
        return steps
    }

    static func networkSteps() -> [Step] {
        var steps: [Step] = []
        func step(_ time: Timestamp, _ actor: String, _ change: Change) {
            steps.append(Step(time: time, actor: actor, change: change))
        }
        let planning = at("2015-09-08", 2, 30)
        // Networks nominated at the planning meeting in Bangkok.
        step(planning, "k.perera", .networkCreated(Network(
            code: "NET-7KQ2", name: "Andaman trawler crews", aliases: ["Sea Dragon"],
            crimeTypes: [.traffickingForcedLabour], sectors: [.fishing], route: countries("MMR THA IDN"),
            modusOperandi: "Recruits men in border towns with promises of factory work; crews held at sea for months, wages withheld.",
            reliability: .b, accuracy: .two, handling: .h2)))
        step(planning.adding(seconds: 600), "k.perera", .networkCreated(Network(
            code: "NET-3HXB", name: "Golden Lotus salons", crimeTypes: [.traffickingSexualExploitation],
            sectors: [.beautyServices], route: countries("THA MYS AUS"),
            modusOperandi: "Student and tourist visas; debt bondage through beauty and massage businesses.",
            reliability: .c, accuracy: .three, handling: .h1)))
        step(planning.adding(seconds: 1200), "s.fernando", .networkCreated(Network(
            code: "NET-Q9M4", name: "Kandy domestic placements", crimeTypes: [.traffickingForcedLabour],
            sectors: [.domesticWork], route: countries("LKA MDV MYS"),
            modusOperandi: "Unlicensed placement agents; passports confiscated on arrival.",
            reliability: .b, accuracy: .two, handling: .h2)))
        step(planning.adding(seconds: 1800), "r.aroha", .networkCreated(Network(
            code: "NET-W2TD", name: "Orchard seasonal labour", crimeTypes: [.traffickingForcedLabour, .migrantSmuggling],
            sectors: [.agriculture, .farming], route: countries("PHL MYS NZL"),
            modusOperandi: "Fees charged for seasonal work visas; workers housed by the contractor and charged for it.",
            reliability: .a, accuracy: .two, handling: .tlpAmber)))
        step(planning.adding(seconds: 2400), "j.santos", .networkCreated(Network(
            code: "NET-K8RZ", name: "Cebu livestream ring", crimeTypes: [.onlineChildSexualExploitation],
            sectors: [.online], route: countries("PHL AUS"),
            modusOperandi: "Paid live-streamed abuse; payments through remittance agents in small amounts.",
            reliability: .a, accuracy: .one, handling: .tlpRed)))
        step(planning.adding(seconds: 3000), "s.fernando", .networkCreated(Network(
            code: "NET-M5JV", name: "Negombo boat route", aliases: ["Captain Lal"],
            crimeTypes: [.migrantSmuggling], sectors: [.other], route: countries("LKA IDN AUS"),
            modusOperandi: "Fishing vessels bought for one voyage; passengers charged in instalments.",
            reliability: .b, accuracy: .three, handling: .h3)))
        for code in ["NET-7KQ2", "NET-K8RZ", "NET-Q9M4", "NET-3HXB"] {
            step(planning.adding(seconds: 3600), "k.perera", .networkStatusChanged(code: code, to: .assessed))
        }
        for code in ["NET-7KQ2", "NET-K8RZ", "NET-Q9M4"] {
            step(planning.adding(seconds: 3900), "k.perera", .networkStatusChanged(code: code, to: .prioritised))
        }

        return steps
    }

    static func investigationSteps() -> [Step] {
        var steps: [Step] = []
        func step(_ time: Timestamp, _ actor: String, _ change: Change) {
            steps.append(Step(time: time, actor: actor, change: change))
        }
        // Joint investigations.
        let jpaStart = Day(iso8601: "2015-09-28")!
        step(at("2015-09-10", 4, 0), "p.srisuk", .investigationCreated(JointInvestigation(
            code: "JIT-TRAWLER", title: "Operation Trawler Net", lead: country("THA"), partners: countries("IDN MYS"),
            targetNetworks: ["NET-7KQ2"], legalBasis: .jitAgreement, start: jpaStart,
            end: Day(iso8601: "2016-03-31")!, handling: .h2, teamLeaders: ["FP-THA-01"])))
        step(at("2015-09-11", 1, 0), "m.walsh", .investigationCreated(JointInvestigation(
            code: "JIT-LANTERN", title: "Operation Lantern", lead: country("AUS"), partners: countries("PHL"),
            targetNetworks: ["NET-K8RZ"], legalBasis: .mou, start: jpaStart,
            end: Day(iso8601: "2015-12-18")!, handling: .tlpRed)))
        step(at("2015-10-02", 5, 0), "s.fernando", .investigationCreated(JointInvestigation(
            code: "JIT-PLACEMENT", title: "Kandy placements", lead: country("LKA"), partners: countries("MDV MYS"),
            targetNetworks: ["NET-Q9M4"], legalBasis: .informalPlan, start: Day(iso8601: "2015-10-12")!,
            end: Day(iso8601: "2016-01-29")!, handling: .h2)))
        for (code, time) in [("JIT-TRAWLER", at("2015-09-21", 3, 0)), ("JIT-LANTERN", at("2015-09-22", 0, 0))] {
            step(time, "k.perera", .investigationStatusChanged(code: code, to: .agreed))
            step(time.adding(days: 7), "k.perera", .investigationStatusChanged(code: code, to: .active))
            step(time.adding(days: 7), "k.perera", .networkStatusChanged(
                code: code == "JIT-TRAWLER" ? "NET-7KQ2" : "NET-K8RZ", to: .underInvestigation))
        }
        step(at("2015-10-14", 6, 0), "s.fernando", .investigationStatusChanged(code: "JIT-PLACEMENT", to: .agreed))

        return steps
    }

    static func enquirySteps() -> [Step] {
        var steps: [Step] = []
        func step(_ time: Timestamp, _ actor: String, _ change: Change) {
            steps.append(Step(time: time, actor: actor, change: change))
        }
        // Enquiries between countries during the period.
        let enquiries: [(Change, [(Int, EnquiryStatus)])] = [
            (enquiry("THA/IDN/15-031", "THA", "IDN", .liaisonOfficer, .routine,
                     "Crew lists for vessels landing at Ambon, August–September", drafted: at("2015-09-28", 3, 0)),
             [(0, .sent), (2, .acknowledged), (9, .answeredFull)]),
            (enquiry("AUS/PHL/15-114", "AUS", "PHL", .policeToPolice, .urgent,
                     "Subscriber details for remittance accounts used by NET-K8RZ", drafted: at("2015-09-29", 22, 0)),
             [(0, .sent), (1, .acknowledged), (3, .inProgress)]),
            (enquiry("LKA/MDV/15-007", "LKA", "MDV", .policeToPolice, .routine,
                     "Work permits issued to placement agency 'Island Helpers'", drafted: at("2015-10-01", 4, 30)),
             [(0, .sent)]),
            (enquiry("NZL/PHL/15-022", "NZL", "PHL", .liaisonOfficer, .routine,
                     "Licensing record of recruitment agent for seasonal workers", drafted: at("2015-10-02", 21, 0)),
             [(0, .sent), (4, .acknowledged), (8, .clarificationRequested)]),
            (enquiry("MYS/THA/15-048", "MYS", "THA", .interpol, .routine,
                     "Identity of salon manager travelling on a Thai passport", drafted: at("2015-10-05", 2, 0)),
             [(0, .sent), (5, .answeredPartial)]),
            (enquiry("AUS/LKA/15-090", "AUS", "LKA", .mutualLegalAssistance, .routine,
                     "Search of premises and seizure of vessel purchase records", drafted: at("2015-10-06", 0, 0), dueDays: 21,
                     coercive: [.search, .seizure]),
             [(1, .sent), (3, .acknowledged)]),
            (enquiry("IDN/MYS/15-012", "IDN", "MYS", .policeToPolice, .routine,
                     "Arrest of crew recruiter at Port Klang", drafted: at("2015-10-08", 2, 0), coercive: [.arrest]),
             [(0, .sent)]),
            (enquiry("PHL/AUS/15-003", "PHL", "AUS", .interpol, .urgent,
                     "Travel movements of two suspects flying Manila–Sydney", drafted: at("2015-10-09", 1, 0)),
             [(0, .sent), (0, .answeredFull), (2, .closed)]),
            (enquiry("THA/MMR/15-019", "THA", "MMR", .liaisonOfficer, .routine,
                     "Home villages of rescued crew members for family tracing", drafted: at("2015-10-12", 6, 0)),
             [(1, .sent)]),
            (enquiry("MDV/LKA/15-002", "MDV", "LKA", .policeToPolice, .routine,
                     "Criminal record of placement agency director", drafted: at("2015-10-15", 5, 0)),
             [(0, .sent), (1, .declined)]),
            (enquiry("NZL/MYS/15-031", "NZL", "MYS", .interpol, .routine,
                     "Bank account holder for visa fee payments", drafted: at("2015-10-19", 3, 0), handling: .tlpAmber),
             []),
        ]
        for (create, moves) in enquiries {
            guard case .enquiryCreated(let e) = create else { continue }
            step(e.drafted, "liaison", create)
            for (days, status) in moves {
                // Sending is a supervisor's approval of an outgoing enquiry.
                step(e.drafted.adding(days: days).adding(seconds: 3600), status == .sent ? "k.perera" : "liaison",
                     .enquiryStatusChanged(reference: e.reference, to: status))
            }
        }
        step(at("2015-10-12", 2, 0), "liaison", .enquiryChased(reference: "LKA/MDV/15-007"))
        step(at("2015-10-19", 2, 0), "liaison", .enquiryChased(reference: "LKA/MDV/15-007"))
        step(at("2015-10-16", 3, 0), "liaison", .enquiryDueRevised(reference: "NZL/PHL/15-022", to: at("2015-10-23", 23, 59).adding(seconds: 59)))
        step(at("2015-10-16", 3, 5), "liaison", .linkAdded(Link(from: "THA/IDN/15-031", to: "JIT-TRAWLER")))
        step(at("2015-10-16", 3, 6), "liaison", .noteAdded(entity: "THA/IDN/15-031", text: "Crew lists cross-checked with the rescued crew's statements: 14 matches."))

        return steps
    }

    static func personSteps() -> [Step] {
        var steps: [Step] = []
        func step(_ time: Timestamp, _ actor: String, _ change: Change) {
            steps.append(Step(time: time, actor: actor, change: change))
        }
        // Persons, outcomes and activities (a first few; the full tallies come with the complete scenario).
        step(at("2015-10-03", 4, 0), "p.srisuk", .suspectAdded(Suspect(
            reference: "S-THA-0031", aliases: ["Captain Somchai"], nationality: country("THA"), network: "NET-7KQ2",
            role: .organiser, handling: .h2)))
        step(at("2015-10-03", 4, 5), "p.srisuk", .suspectStatusChanged(reference: "S-THA-0031", to: .wanted))
        step(at("2015-10-09", 6, 0), "j.santos", .victimAdded(Victim(
            reference: "V-K3P9QD", nationality: country("PHL"), sex: .female, ageBand: .from12to17,
            exploitation: .onlineChildSexualExploitation, sector: .online, assistance: [.shelter, .counselling],
            consentToShare: false)))
        step(at("2015-10-05", 2, 0), "s.fernando", .actionItemAdded(investigation: "JIT-TRAWLER", ActionItem(
            id: 1, item: "Exchange crew lists and vessel registrations", owner: country("IDN"), due: Day(iso8601: "2015-10-16")!)))
        step(at("2015-10-06", 2, 0), "ncb.officer", .referralInterpolReferenceSet(reference: "NCB-BKK-15-0412", to: "A-5521/10-2015"))

        return steps
    }

    static func referralSteps() -> [Step] {
        var steps: [Step] = []
        func step(_ time: Timestamp, _ actor: String, _ change: Change) {
            steps.append(Step(time: time, actor: actor, change: change))
        }
        // INTERPOL NCB referrals.
        let referrals: [(Referral, [(Int, ReferralStatus)], Timestamp)] = [
            (Referral(reference: "NCB-BKK-15-0412", kind: .red, issuingNCB: country("THA"),
                      subject: "Vessel owner wanted for trafficking in persons (NET-7KQ2)", handling: .h2),
             [(0, .submitted), (2, .underReview), (9, .published)], at("2015-09-30", 4, 0)),
            (Referral(reference: "NCB-MNL-15-0288", kind: .yellow, issuingNCB: country("PHL"),
                      subject: "Missing minor believed moved to Cebu City", handling: .tlpRed),
             [(0, .submitted), (1, .underReview)], at("2015-10-03", 2, 0)),
            (Referral(reference: "NCB-CBR-15-1033", kind: .diffusion, issuingNCB: country("AUS"),
                      recipients: countries("PHL THA"), subject: "Locate two facilitators of NET-K8RZ", handling: .tlpAmber),
             [(0, .sent), (6, .hit)], at("2015-10-04", 23, 0)),
            (Referral(reference: "NCB-KUL-15-0777", kind: .sltdCheck, issuingNCB: country("MYS"),
                      subject: "Passports seized at salon premises, Kuala Lumpur", handling: .h1),
             [(0, .sent), (0, .noHit)], at("2015-10-07", 7, 0)),
            (Referral(reference: "NCB-CMB-15-0150", kind: .blue, issuingNCB: country("LKA"),
                      subject: "Location of placement agent who left for Malé", handling: .h2),
             [], at("2015-10-16", 5, 0)),
        ]
        for (referral, moves, time) in referrals {
            step(time, "ncb.officer", .referralCreated(referral))
            for (days, status) in moves {
                step(time.adding(days: days).adding(seconds: 1800), "ncb.officer",
                     .referralStatusChanged(reference: referral.reference, to: status))
            }
        }
        return steps
    }

}
