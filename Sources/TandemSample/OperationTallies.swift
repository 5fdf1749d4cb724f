import TandemCore

/// The bulk of the Joint Period of Action: dated outcomes, activities and
/// enquiries whose totals inside 28 September – 28 October 2015 are the
/// co-chairs' statement's, plus a few before and after the period that a
/// debrief must not count. Deterministic: the same journal every time.
enum OperationTallies {
    typealias Step = SampleScenario.Step

    static let start = Day(iso8601: "2015-09-28")!
    static let periodDays = 31

    /// Who records each country's work.
    static let investigator: [String: String] = [
        "AUS": "m.walsh", "IDN": "d.pratama", "MYS": "a.rahman", "MDV": "i.waheed",
        "NZL": "r.aroha", "PHL": "j.santos", "LKA": "s.fernando", "THA": "p.srisuk",
    ]
    static let order = ["AUS", "IDN", "MYS", "MDV", "NZL", "PHL", "LKA", "THA"]

    /// Per-country tallies inside the period; each column adds up to the statement's figure.
    static let outcomes: [(OutcomeKind, [Int])] = [
        (.personsAssisted, [6, 9, 8, 3, 4, 12, 5, 12]),     // 59
        (.searchWarrants, [1, 1, 1, 0, 0, 2, 0, 2]),         // 7
        (.suspectsIdentified, [7, 9, 8, 4, 5, 12, 6, 12]),   // 63
        (.arrests, [3, 5, 4, 1, 2, 7, 3, 7]),                // 32
        (.newInvestigations, [1, 1, 1, 1, 1, 1, 1, 1]),      // 8
    ]
    static let awareness = [8, 9, 7, 5, 10, 11, 8, 10]       // 68
    /// Officers trained at each training session: 12 sessions, 485 officers.
    static let trainingSessions: [String: [[OfficerKind: Int]]] = [
        "AUS": [[.police: 30, .airport: 15], [.immigration: 20, .compliance: 18]],
        "IDN": [[.police: 40, .immigration: 12]],
        "MYS": [[.police: 25, .immigration: 15]],
        "MDV": [[.immigration: 15, .airport: 10]],
        "NZL": [[.immigration: 24, .compliance: 11], [.compliance: 30]],
        "PHL": [[.police: 30, .airport: 18], [.immigration: 44]],
        "LKA": [[.police: 35, .immigration: 15]],
        "THA": [[.police: 28, .immigration: 12], [.airport: 20, .police: 18]],
    ]

    static let subjects = [
        "Criminal history of a recruitment agent", "Travel movements of a suspected facilitator",
        "Subscriber details for a mobile number", "Company registration of a labour contractor",
        "Identity of a vessel's registered owner", "Remittances sent by a suspect",
        "Visa applications lodged by an agency", "Whereabouts of a victim's family for tracing",
        "Passport issue records", "Bank account holder details", "Arrest of a wanted recruiter",
        "Search of a boarding house used by the network", "Seizure of a vessel's logbooks",
        "Witness statement from a rescued worker", "Flight manifests for a suspected route",
    ]

    static func at(_ day: Day, _ hour: Int, _ minute: Int = 0) -> Timestamp { Timestamp(day, hour: hour, minute: minute) }

    static func steps() -> [Step] {
        var dice = Dice()
        var steps: [Step] = []
        func step(_ time: Timestamp, _ actor: String, _ change: Change) { steps.append(Step(time: time, actor: actor, change: change)) }

        // Outcomes, split into dated reports of one to three.
        for (kind, perCountry) in outcomes {
            for (index, code) in order.enumerated() {
                var left = perCountry[index]
                while left > 0 {
                    let count = min(left, 1 + dice.roll(3))
                    left -= count
                    let day = start.adding(days: dice.roll(periodDays))
                    let jit = jointInvestigation(for: code)
                    step(at(day, 6 + dice.roll(10), dice.roll(60)), investigator[code]!, .outcomeRecorded(Outcome(
                        investigation: jit, country: CountryCode(code)!, day: day, kind: kind, count: count)))
                }
            }
        }
        // Before and after the period: a debrief must leave these out.
        step(at(Day(iso8601: "2015-09-20")!, 5), "m.walsh", .outcomeRecorded(Outcome(
            investigation: nil, country: CountryCode("AUS")!, day: Day(iso8601: "2015-09-20")!, kind: .searchWarrants, count: 2)))
        step(at(Day(iso8601: "2015-11-05")!, 5), "p.srisuk", .outcomeRecorded(Outcome(
            investigation: "JIT-TRAWLER", country: CountryCode("THA")!, day: Day(iso8601: "2015-11-05")!, kind: .arrests, count: 4)))
        step(at(Day(iso8601: "2015-11-06")!, 5), "j.santos", .outcomeRecorded(Outcome(
            investigation: "JIT-LANTERN", country: CountryCode("PHL")!, day: Day(iso8601: "2015-11-06")!, kind: .personsAssisted, count: 2)))

        // Awareness-raising activities and training sessions.
        let audiences = ["employers", "civil society", "vulnerable groups", "recruitment agencies", "schools"]
        for (index, code) in order.enumerated() {
            var left = awareness[index]
            while left > 0 {
                let count = min(left, 1 + dice.roll(3))
                left -= count
                let day = start.adding(days: dice.roll(periodDays))
                step(at(day, 3 + dice.roll(6)), investigator[code]!, .activityRecorded(Activity(
                    operation: "JPA-2015", country: CountryCode(code)!, day: day, kind: .awareness, count: count,
                    description: "Briefings for \(audiences[dice.roll(audiences.count)])")))
            }
            for trained in trainingSessions[code]! {
                let day = start.adding(days: dice.roll(periodDays))
                step(at(day, 2 + dice.roll(6)), investigator[code]!, .activityRecorded(Activity(
                    operation: "JPA-2015", country: CountryCode(code)!, day: day, kind: .training, count: 1,
                    officersTrained: trained, description: "Indicators of trafficking and smuggling")))
            }
        }
        step(at(Day(iso8601: "2015-11-10")!, 4), "r.aroha", .activityRecorded(Activity(
            operation: "JPA-2015", country: CountryCode("NZL")!, day: Day(iso8601: "2015-11-10")!, kind: .awareness, count: 2,
            description: "Follow-up briefings (after the period)")))

        // Enquiries between the countries: 64 more, sent inside the period.
        let channels: [Channel] = [.policeToPolice, .policeToPolice, .policeToPolice, .policeToPolice, .liaisonOfficer,
                                   .liaisonOfficer, .interpol, .interpol, .mutualLegalAssistance, .liaisonOfficer]
        let handlings: [Handling] = [.h1, .h2, .h2, .tlpAmber]
        for i in 0..<64 {
            let from = order[dice.roll(order.count)]
            var to = order[dice.roll(order.count)]
            if to == from { to = order[(order.firstIndex(of: from)! + 1 + dice.roll(order.count - 1)) % order.count] }
            let channel = channels[dice.roll(channels.count)]
            let priority: Priority = dice.roll(5) == 0 ? .urgent : .routine
            let subject = subjects[dice.roll(subjects.count)]
            let coercive: [CoerciveMeasure] = subject.hasPrefix("Arrest") ? [.arrest]
                : subject.hasPrefix("Search") ? [.search] : subject.hasPrefix("Seizure") ? [.seizure] : []
            let drafted = at(start.adding(days: dice.roll(periodDays - 1)), 1 + dice.roll(8), dice.roll(60))
            let reference = "\(from)/\(to)/15-\(200 + i)"
            step(drafted, "liaison", .enquiryCreated(Enquiry(
                reference: reference, requesting: CountryCode(from)!, requested: CountryCode(to)!, channel: channel,
                priority: priority, subject: subject, drafted: drafted,
                due: drafted.adding(seconds: channel.defaultAnswerTime(priority: priority)),
                handling: handlings[dice.roll(handlings.count)], coerciveMeasures: coercive)))
            let sent = drafted.adding(seconds: 3600)
            step(sent, "k.perera", .enquiryStatusChanged(reference: reference, to: .sent))
            func move(_ hours: Int, _ status: EnquiryStatus) {
                step(sent.adding(seconds: Int64(hours) * 3600), "liaison", .enquiryStatusChanged(reference: reference, to: status))
            }
            switch dice.roll(10) {
            case 0, 1, 2:
                move(20, .acknowledged)
                move(24 * (2 + dice.roll(6)), .answeredFull)
                if dice.roll(2) == 0 { move(24 * 9, .closed) }
            case 3:
                move(30, .acknowledged)
                move(24 * 5, .answeredPartial)
            case 4, 5:
                move(24, .acknowledged)
                move(48, .inProgress)
            case 6:
                move(24 * 9, .acknowledged)
                step(sent.adding(days: 8), "liaison", .enquiryChased(reference: reference))
            case 7:
                move(12, .declined)
            default:
                break  // sent, no word back yet
            }
        }
        // A follow-up after the period: sent in November, so not one of the period's enquiries.
        let followUp = at(Day(iso8601: "2015-11-12")!, 3)
        step(followUp, "liaison", .enquiryCreated(Enquiry(
            reference: "THA/IDN/15-330", requesting: CountryCode("THA")!, requested: CountryCode("IDN")!, channel: .mutualLegalAssistance,
            priority: .routine, subject: "Evidence for the prosecution of the vessel owner", drafted: followUp,
            due: followUp.adding(days: 30), handling: .h2, coerciveMeasures: [.seizure])))
        step(followUp.adding(seconds: 3600), "k.perera", .enquiryStatusChanged(reference: "THA/IDN/15-330", to: .sent))

        // Focal points: one changed hands during the period, one after it.
        let setup = at(Day(iso8601: "2015-09-07")!, 8)
        step(setup, "k.perera", .focalPointAppointed(FocalPoint(
            code: "FP-MYS-01", name: "ASP R. Lim", agency: "AG-MYS-NCB", country: CountryCode("MYS")!, role: .ncbOfficer,
            channels: ["I-24/7"], timeZone: "Asia/Kuala_Lumpur", languages: ["ms", "en", "zh"], since: Day(iso8601: "2014-06-02")!)))
        step(at(Day(iso8601: "2015-10-15")!, 9), "k.perera", .focalPointEnded(code: "FP-MYS-01", on: Day(iso8601: "2015-10-15")!))
        step(at(Day(iso8601: "2015-10-15")!, 9, 5), "k.perera", .focalPointAppointed(FocalPoint(
            code: "FP-MYS-02", name: "Insp. N. Hashim", agency: "AG-MYS-NCB", country: CountryCode("MYS")!, role: .ncbOfficer,
            channels: ["I-24/7"], timeZone: "Asia/Kuala_Lumpur", languages: ["ms", "en"], since: Day(iso8601: "2015-10-16")!)))
        step(at(Day(iso8601: "2016-01-29")!, 9), "k.perera", .focalPointEnded(code: "FP-THA-01", on: Day(iso8601: "2016-01-29")!))

        // Persons: more suspects and pseudonymised victims.
        let suspects: [(String, String, String, NetworkRole)] = [
            ("S-IDN-0107", "IDN", "NET-7KQ2", .recruiter), ("S-MYS-0044", "MYS", "NET-3HXB", .organiser),
            ("S-PHL-0210", "PHL", "NET-K8RZ", .financier), ("S-LKA-0019", "LKA", "NET-Q9M4", .recruiter),
            ("S-LKA-0020", "LKA", "NET-M5JV", .transporter), ("S-THA-0032", "THA", "NET-3HXB", .documentSupplier),
        ]
        for (n, (reference, nationality, network, role)) in suspects.enumerated() {
            step(at(start.adding(days: 2 + 3 * n), 4), investigator[nationality]!, .suspectAdded(Suspect(
                reference: reference, nationality: CountryCode(nationality)!, network: network, role: role, handling: .h2)))
        }
        step(at(Day(iso8601: "2015-10-21")!, 4), "j.santos", .suspectStatusChanged(reference: "S-PHL-0210", to: .arrested))
        let victims: [(String, String, Sex, AgeBand, CrimeType, Sector, [Assistance])] = [
            ("V-7QM2XA", "MMR", .male, .from18to24, .traffickingForcedLabour, .fishing, [.shelter, .repatriation, .interpretation]),
            ("V-R4T8LZ", "THA", .female, .from25to39, .traffickingSexualExploitation, .beautyServices, [.shelter, .legal]),
            ("V-B9K3PW", "LKA", .female, .from25to39, .traffickingForcedLabour, .domesticWork, [.repatriation]),
            ("V-H2N6DE", "PHL", .male, .from18to24, .traffickingForcedLabour, .agriculture, [.legal, .financial]),
        ]
        for (n, v) in victims.enumerated() {
            let who = ["p.srisuk", "a.rahman", "i.waheed", "r.aroha"][n]
            step(at(start.adding(days: 4 + 5 * n), 7), who, .victimAdded(Victim(
                reference: v.0, nationality: CountryCode(v.1)!, sex: v.2, ageBand: v.3, exploitation: v.4, sector: v.5,
                assistance: v.6, consentToShare: n % 2 == 0)))
        }
        return steps
    }

    /// The joint investigation a country's outcomes belong to, when it has one.
    static func jointInvestigation(for code: String) -> String? {
        switch code {
        case "THA", "IDN": "JIT-TRAWLER"
        case "AUS", "PHL": "JIT-LANTERN"
        default: nil
        }
    }
}
