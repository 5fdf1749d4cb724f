import TandemCore

/// A decade of a national unit's casework, made up, one event at a time:
/// the mix of kinds and event types of real use (mostly enquiries moving
/// through their lifecycle, notes and links; fewer networks, investigations,
/// referrals, suspects, victims and outcomes). Deterministic from its seed;
/// every event is one `decide` accepts.
public struct SyntheticCasework: IteratorProtocol, Sendable {
    private var random: Dice
    private var time: Timestamp
    private var setup: [Event]
    private var made = 0
    private let countries = ["AUS", "IDN", "MYS", "MDV", "NZL", "PHL", "LKA", "THA", "VNM", "KHM", "MMR", "BGD"]
        .map { CountryCode($0)! }
    private let people: [(name: String, role: Role)] = (1...12).map { ("inv\($0)", Role.investigator) }
        + (1...8).map { ("lo\($0)", Role.liaisonOfficer) } + (1...4).map { ("sup\($0)", Role.supervisor) }

    // What exists, so that each event acts on a record in a state that allows it.
    private var networks: [(code: String, status: NetworkStatus)] = []
    private var investigations: [(code: String, status: InvestigationStatus, countries: [CountryCode], items: Int)] = []
    private var openEnquiries: [(reference: String, status: EnquiryStatus)] = []
    private var referrals: [(reference: String, kind: ReferralKind, status: ReferralStatus)] = []
    private var suspects: [(reference: String, status: SuspectStatus)] = []
    private var enquiryCount = 0
    private var victimCount = 0
    private var linkCount = 0
    private var operations: [Int] = []
    /// Each officer's public key on the roster, when the casework is signed.
    private let publicKey: @Sendable (String) -> String?

    /// The officers of the made-up unit, by user name.
    public static let officers: [String] = (1...12).map { "inv\($0)" } + (1...8).map { "lo\($0)" } + (1...4).map { "sup\($0)" }

    /// `publicKey` gives each officer's key for the roster (nil: a roster without keys, whose commits are not signed).
    public init(seed: UInt64, publicKey: @escaping @Sendable (String) -> String? = { _ in nil }) {
        random = Dice(seed: seed)
        time = Timestamp(Day(iso8601: "2015-01-05")!, hour: 1)
        self.publicKey = publicKey
        setup = []
        setup = makeSetup()
    }

    /// The next event, forever.
    public mutating func next() -> Event? {
        made += 1
        if !setup.isEmpty { return setup.removeFirst() }
        // About ten years for a million events: a few minutes apart on average.
        time = time.adding(seconds: Int64(random.roll(600) + 1))
        return casework()
    }

    private func makeSetup() -> [Event] {
        var events: [Event] = []
        for (name, role) in people {
            events.append(Event(time: time, actor: "sup1", change: .userAdded(User(
                name: name, displayName: "Officer \(name)", role: role, publicKey: publicKey(name)))))
        }
        // The first user added is the supervisor who adds the rest.
        if let first = events.firstIndex(where: { $0.change.entity == "sup1" }) { events.insert(events.remove(at: first), at: 0) }
        for country in countries {
            let agency = "AG-\(country.code)-POL"
            events.append(Event(time: time, actor: "sup1", change: .agencyAdded(Agency(
                code: agency, name: "National police of \(country.name)", country: country, kind: .police))))
            events.append(Event(time: time, actor: "sup1", change: .focalPointAppointed(FocalPoint(
                code: "FP-\(country.code)-01", name: "Focal point \(country.code)", agency: agency, country: country,
                role: .operationFocalPoint, since: time.day))))
        }
        return events
    }

    private mutating func anyone() -> String { people[random.roll(people.count)].name }
    private mutating func actor(_ role: Role) -> String {
        let allowed = people.filter { $0.role == role || $0.role == .supervisor }
        return allowed[random.roll(allowed.count)].name
    }

    private mutating func country() -> CountryCode { countries[random.roll(countries.count)] }
    private mutating func pair() -> (CountryCode, CountryCode) {
        let a = random.roll(countries.count)
        let b = (a + 1 + random.roll(countries.count - 1)) % countries.count
        return (countries[a], countries[b])
    }
    private mutating func pick<T>(_ items: [T]) -> T { items[random.roll(items.count)] }
    private mutating func handling() -> Handling { random.roll(10) < 7 ? .h2 : pick(Handling.allCases) }

    private mutating func casework() -> Event {
        while true {
            let roll = random.roll(1000)
            if let event = event(for: roll) { return event }
        }
    }

    /// The mix, per thousand events.
    private mutating func event(for roll: Int) -> Event? {
        switch roll {
        case 0..<110: return newEnquiry()
        case 110..<430: return enquiryStatus()
        case 430..<480: return chase()
        case 480..<485: return enquiryEdit()
        case 485..<490: return dueRevision()
        case 490..<690: return note()
        case 690..<740: return link()
        case 740..<755: return newNetwork()
        case 755..<775: return networkStatus()
        case 775..<785: return networkRevision()
        case 785..<815: return newSuspect()
        case 815..<835: return suspectStatus()
        case 835..<855: return newVictim()
        case 855..<860: return newInvestigation()
        case 860..<868: return investigationStatus()
        case 868..<888: return actionItem()
        case 888..<938: return outcome()
        case 938..<958: return newReferral()
        case 958..<990: return referralStatus()
        case 990..<998: return activity()
        default: return newOperation()
        }
    }

    private mutating func newEnquiry() -> Event {
        enquiryCount += 1
        let (from, to) = pair()
        let channel = pick(Channel.allCases)
        let priority: Priority = random.roll(10) == 0 ? .urgent : .routine
        let reference = "\(from.code)/\(to.code)/\(enquiryCount)"
        openEnquiries.append((reference, .draft))
        return Event(time: time, actor: actor(.liaisonOfficer), change: .enquiryCreated(Enquiry(
            reference: reference, requesting: from, requested: to, channel: channel, priority: priority,
            subject: pick(Self.subjects) + " (\(pick(Self.places)))", drafted: time,
            due: time.adding(seconds: channel.defaultAnswerTime(priority: priority)), handling: handling(),
            coerciveMeasures: channel == .mutualLegalAssistance && random.roll(3) == 0 ? [.search] : [])))
    }

    private mutating func enquiryStatus() -> Event? {
        guard !openEnquiries.isEmpty else { return nil }
        // Older enquiries move first, as they do: pick near the front.
        let index = random.roll(min(openEnquiries.count, 400))
        let (reference, status) = openEnquiries[index]
        let choices = status.allowedNext.filter { $0 != .withdrawn || random.roll(20) == 0 }
        guard !choices.isEmpty else { return nil }
        let next = status == .draft ? .sent : choices.contains(.answeredFull) && random.roll(3) > 0 ? .answeredFull : pick(choices)
        if next.allowedNext.isEmpty { openEnquiries.remove(at: index) } else { openEnquiries[index].status = next }
        let who = next == .sent ? actor(.supervisor) : actor(.liaisonOfficer)
        return Event(time: time, actor: who, change: .enquiryStatusChanged(reference: reference, to: next))
    }

    private mutating func chase() -> Event? {
        let awaiting = openEnquiries.prefix(400).filter { $0.status.isAwaitingAnswer }
        guard !awaiting.isEmpty else { return nil }
        return Event(time: time, actor: actor(.liaisonOfficer), change: .enquiryChased(reference: pick(awaiting).reference))
    }

    private mutating func enquiryEdit() -> Event? {
        guard !openEnquiries.isEmpty else { return nil }
        let enquiry = pick(openEnquiries)
        let edit = EnquiryEdit(subject: pick(Self.subjects) + " — revised \(time.day.iso8601)")
        // Once sent, what it asks is a supervisor's to change, with a reason.
        if enquiry.status == .draft || enquiry.status == .submitted {
            return Event(time: time, actor: actor(.liaisonOfficer), change: .enquiryEdited(reference: enquiry.reference, edit))
        }
        return Event(time: time, actor: actor(.supervisor), change: .enquiryEdited(reference: enquiry.reference, edit),
                     reason: "the requested country asked for it")
    }

    private mutating func dueRevision() -> Event? {
        let open = openEnquiries.prefix(400).filter { $0.status == .draft || $0.status.isAwaitingAnswer }
        guard !open.isEmpty else { return nil }
        return Event(time: time, actor: actor(.liaisonOfficer), change: .enquiryDueRevised(
            reference: pick(open).reference, to: time.adding(days: 14)))
    }

    private mutating func note() -> Event? {
        let entity: String
        if random.roll(3) > 0, !openEnquiries.isEmpty { entity = pick(openEnquiries).reference }
        else if !investigations.isEmpty, random.roll(2) == 0 { entity = pick(investigations).code }
        else if !networks.isEmpty { entity = pick(networks).code }
        else { return nil }
        return Event(time: time, actor: anyone(), change: .noteAdded(entity: entity, text: pick(Self.notes)))
    }

    private mutating func link() -> Event? {
        guard !openEnquiries.isEmpty, !investigations.isEmpty else { return nil }
        linkCount += 1
        // A fresh pair each time: links are never repeated.
        let enquiry = openEnquiries[openEnquiries.count - 1 - (linkCount % min(openEnquiries.count, 50))].reference
        let target = investigations[(linkCount / 50) % investigations.count].code
        guard linked.insert("\(enquiry)→\(target)").inserted else { return nil }
        return Event(time: time, actor: anyone(), change: .linkAdded(Link(from: enquiry, to: target)))
    }
    private var linked: Set<String> = []

    private mutating func newNetwork() -> Event {
        let code = "NET-\(String(networks.count + 1, radix: 36).uppercased())"
        networks.append((code, .identified))
        var route = [country()]
        for _ in 0..<random.roll(3) { route.append(country()) }
        return Event(time: time, actor: actor(.investigator), change: .networkCreated(Network(
            code: code, name: "\(pick(Self.places)) \(pick(Self.networkNames))", aliases: random.roll(3) == 0 ? [pick(Self.aliases)] : [],
            crimeTypes: [pick(CrimeType.allCases)], sectors: [pick(Sector.allCases)], route: route,
            modusOperandi: pick(Self.modus), handling: handling())))
    }

    private mutating func networkStatus() -> Event? {
        guard !networks.isEmpty else { return nil }
        let index = random.roll(networks.count)
        guard !networks[index].status.allowedNext.isEmpty else { return nil }
        let next = pick(networks[index].status.allowedNext)
        networks[index].status = next
        return Event(time: time, actor: actor(.investigator), change: .networkStatusChanged(code: networks[index].code, to: next))
    }

    private mutating func networkRevision() -> Event? {
        guard !networks.isEmpty else { return nil }
        // The revision is built from what the generator knows; status comes from its own changes.
        let (code, status) = pick(networks)
        var network = Network(code: code, name: "\(pick(Self.places)) \(pick(Self.networkNames)) (revised)", crimeTypes: [pick(CrimeType.allCases)],
                              sectors: [pick(Sector.allCases)], route: [country(), country()], modusOperandi: pick(Self.modus) + " Revised.",
                              handling: handling())
        network.status = status
        // Its handling may go down: the reason is given either way.
        return Event(time: time, actor: actor(.investigator), change: .networkRevised(network), reason: "reviewed at the weekly meeting")
    }

    private mutating func newSuspect() -> Event? {
        guard !networks.isEmpty else { return nil }
        let reference = "S-\(suspects.count + 1)"
        suspects.append((reference, .identified))
        return Event(time: time, actor: actor(.investigator), change: .suspectAdded(Suspect(
            reference: reference, aliases: [pick(Self.aliases)], nationality: country(), network: pick(networks).code,
            role: pick(NetworkRole.allCases), handling: .h3)))
    }

    private mutating func suspectStatus() -> Event? {
        guard !suspects.isEmpty else { return nil }
        let index = random.roll(suspects.count)
        let next = pick(suspects[index].status.allowedNext)
        suspects[index].status = next
        return Event(time: time, actor: actor(.investigator), change: .suspectStatusChanged(reference: suspects[index].reference, to: next))
    }

    private mutating func newVictim() -> Event {
        victimCount += 1
        return Event(time: time, actor: actor(.investigator), change: .victimAdded(Victim(
            reference: "V-\(String(victimCount + 46_656, radix: 36).uppercased())", nationality: country(), sex: pick(Sex.allCases),
            ageBand: pick(AgeBand.allCases), exploitation: pick(CrimeType.allCases), sector: pick(Sector.allCases),
            assistance: [pick(Assistance.allCases)], consentToShare: random.roll(2) == 0)))
    }

    private mutating func newInvestigation() -> Event? {
        guard !networks.isEmpty else { return nil }
        let (lead, partner) = pair()
        let code = "JIT-\(lead.code)-\(investigations.count + 1)"
        investigations.append((code, .proposed, [lead, partner], 0))
        return Event(time: time, actor: actor(.investigator), change: .investigationCreated(JointInvestigation(
            code: code, title: "Operation \(pick(Self.places))", lead: lead, partners: [partner], targetNetworks: [pick(networks).code],
            legalBasis: pick(LegalBasis.allCases), start: time.day, end: time.day.adding(days: 180 + random.roll(180)),
            handling: handling(), teamLeaders: ["FP-\(lead.code)-01"])))
    }

    private mutating func investigationStatus() -> Event? {
        guard !investigations.isEmpty else { return nil }
        let index = random.roll(investigations.count)
        guard !investigations[index].status.allowedNext.isEmpty else { return nil }
        let next = pick(investigations[index].status.allowedNext)
        investigations[index].status = next
        let who = next == .concluded || next == .closed ? actor(.supervisor) : actor(.investigator)
        return Event(time: time, actor: who, change: .investigationStatusChanged(code: investigations[index].code, to: next))
    }

    private mutating func actionItem() -> Event? {
        guard !investigations.isEmpty else { return nil }
        let index = random.roll(investigations.count)
        investigations[index].items += 1
        let (code, _, countries, items) = investigations[index]
        return Event(time: time, actor: actor(.investigator), change: .actionItemAdded(investigation: code, ActionItem(
            id: items, item: pick(Self.actions), owner: pick(countries), due: time.day.adding(days: 7 + random.roll(60)))))
    }

    private mutating func outcome() -> Event? {
        guard !investigations.isEmpty else { return nil }
        let (code, _, countries, _) = pick(investigations)
        return Event(time: time, actor: actor(.investigator), change: .outcomeRecorded(Outcome(
            investigation: code, country: pick(countries), day: time.day, kind: pick(OutcomeKind.allCases), count: 1 + random.roll(5))))
    }

    private mutating func newReferral() -> Event {
        let kind = pick(ReferralKind.allCases)
        let reference = "NCB-\(referrals.count + 1)"
        referrals.append((reference, kind, .draft))
        let (ncb, other) = pair()
        return Event(time: time, actor: actor(.liaisonOfficer), change: .referralCreated(Referral(
            reference: reference, kind: kind, issuingNCB: ncb, recipients: kind == .diffusion ? [other] : [],
            subject: pick(Self.subjects), handling: handling())))
    }

    private mutating func referralStatus() -> Event? {
        guard !referrals.isEmpty else { return nil }
        let index = random.roll(referrals.count)
        let (reference, kind, status) = referrals[index]
        let choices = status.allowedNext(for: kind)
        guard !choices.isEmpty else { return nil }
        let next = pick(choices)
        referrals[index].status = next
        return Event(time: time, actor: actor(.liaisonOfficer), change: .referralStatusChanged(reference: reference, to: next))
    }

    private mutating func activity() -> Event {
        let training = random.roll(3) == 0
        return Event(time: time, actor: anyone(), change: .activityRecorded(Activity(
            operation: operations.last.map { "OP-\($0)" }, country: country(), day: time.day, kind: training ? .training : .awareness,
            count: 1 + random.roll(4), officersTrained: training ? [.police: 5 + random.roll(30)] : [:],
            description: training ? "Victim identification training" : "Community awareness session")))
    }

    private mutating func newOperation() -> Event? {
        let year = time.day.components.year
        guard operations.last != year else { return nil }
        operations.append(year)
        return Event(time: time, actor: "sup1", change: .operationCreated(Operation(
            code: "OP-\(year)", name: "Joint Period of Action \(year)", start: time.day, end: time.day.adding(days: 30),
            countries: Array(countries.prefix(8)))))
    }

    /// The `number`th of a run of enquiries made without the rest of the casework
    /// (for bulk imports of a million rows).
    public static func enquiry(number: Int) -> Enquiry {
        let countries = ["AUS", "IDN", "MYS", "MDV", "NZL", "PHL", "LKA", "THA"].map { CountryCode($0)! }
        let from = countries[number % countries.count]
        // Never the same country: an offset of one to seven places.
        let to = countries[(number % countries.count + 1 + (number / countries.count) % (countries.count - 1)) % countries.count]
        let drafted = Timestamp(Day(iso8601: "2015-01-05")!).adding(seconds: Int64(number) * 60)
        let channel = Channel.allCases[number % Channel.allCases.count]
        return Enquiry(
            reference: "\(from.code)/\(to.code)/\(number)", requesting: from, requested: to, channel: channel,
            priority: number % 10 == 0 ? .urgent : .routine, subject: subjects[number % subjects.count] + " (\(places[number % places.count]))",
            drafted: drafted, due: drafted.adding(days: 7), handling: .h2)
    }

    static let subjects = [
        "Crew lists for vessels landing at the port", "Subscriber details for a recruiter's phone", "Bank account holder and transfers",
        "Travel history of a facilitator", "Visa applications lodged by a placement agency", "Company registration of a labour agent",
        "Exit records of workers recruited in the district", "Identity of a vessel owner", "Remittance records to the origin village",
        "Hotel registrations on the route", "Social media accounts advertising jobs abroad", "Passport issue records",
    ]
    static let places = ["Ambon", "Songkhla", "Negombo", "Cebu", "Kandy", "Penang", "Malé", "Darwin", "Suva", "Chittagong", "Yangon", "Can Tho"]
    static let networkNames = ["boat crews", "salons", "placements", "labour hire", "livestream ring", "boat route", "visa brokers"]
    static let aliases = ["Captain", "The Agent", "Uncle", "Big Sister", "Sea Dragon", "ไทย นาย", "ශ්‍රී"]
    static let modus = [
        "Recruits through village brokers with promises of factory work; debts taken for travel are never paid off.",
        "Moves people by fishing boat at night, transfers at sea, lands on remote beaches.",
        "Advertises jobs on social media; passports are held on arrival.",
    ]
    static let notes = [
        "Called the focal point; answer expected next week.", "Cross-checked with the rescued crew's statements: matches found.",
        "Partner asks for the request in their language; translation under way.", "Prosecutor consulted on admissibility.",
        "Victim support agency informed.", "Information shared with the joint team under its agreement.",
    ]
    static let actions = [
        "Exchange crew lists", "Interview rescued workers", "Trace remittances", "Check passport records", "Coordinate arrests",
    ]
}
