import Testing
@testable import TandemCore

/// Every role × action pair: DOMAIN.md's rules, written out here by hand.
@Suite struct RoleTests {
    static let t0 = Timestamp(iso8601: "2015-10-01T00:00:00Z")!
    static let day = t0.day
    static let tha = CountryCode("THA")!
    static let idn = CountryCode("IDN")!

    /// A case file with one record of each kind and one user of each role.
    static let caseFile: CaseFile = {
        var c = CaseFile()
        let setup: [Change] = [
            .userAdded(User(name: "sup", displayName: "Supervisor", role: .supervisor)),
            .userAdded(User(name: "inv", displayName: "Investigator", role: .investigator)),
            .userAdded(User(name: "lia", displayName: "Liaison", role: .liaisonOfficer)),
            .agencyAdded(Agency(code: "AG-1", name: "Police", country: tha, kind: .police)),
            .focalPointAppointed(FocalPoint(code: "FP-1", name: "Officer", agency: "AG-1", country: tha, role: .jitLeader, since: day)),
            .networkCreated(Network(code: "NET-1", name: "Net", crimeTypes: [.migrantSmuggling], sectors: [.fishing], route: [tha, idn], handling: .h2)),
            .suspectAdded(Suspect(reference: "S-1", nationality: tha, network: "NET-1", role: .recruiter, handling: .h2)),
            .investigationCreated(JointInvestigation(code: "JIT-1", title: "Op", lead: tha, partners: [idn], targetNetworks: ["NET-1"],
                                                     legalBasis: .mou, start: day, end: day.adding(days: 90), handling: .h2)),
            .investigationStatusChanged(code: "JIT-1", to: .agreed),
            .investigationStatusChanged(code: "JIT-1", to: .active),
            .actionItemAdded(investigation: "JIT-1", ActionItem(id: 1, item: "Exchange lists", owner: idn, due: day.adding(days: 7))),
            .enquiryCreated(Enquiry(reference: "ENQ-1", requesting: tha, requested: idn, channel: .policeToPolice, priority: .routine,
                                    subject: "Crew lists", drafted: t0, due: t0.adding(days: 7), handling: .h2)),
            .enquiryCreated(Enquiry(reference: "ENQ-2", requesting: tha, requested: idn, channel: .policeToPolice, priority: .routine,
                                    subject: "Draft", drafted: t0, due: t0.adding(days: 7), handling: .h2)),
            .enquiryStatusChanged(reference: "ENQ-1", to: .sent),
            .referralCreated(Referral(reference: "NCB-1", kind: .red, issuingNCB: tha, subject: "Wanted", handling: .h2)),
            .operationCreated(Operation(code: "OP-1", name: "JPA", start: day, end: day.adding(days: 30), countries: [tha, idn])),
        ]
        for change in setup { c.apply(try! c.decide(change, by: "sup", at: t0)[0]) }
        return c
    }()

    static let investigator: Set<Role> = [.investigator, .supervisor]
    static let liaison: Set<Role> = [.liaisonOfficer, .supervisor]
    static let supervisorOnly: Set<Role> = [.supervisor]
    static let everyone = Set(Role.allCases)

    /// Each action, who may take it, and the words a refusal uses for it.
    static let table: [(Change, Set<Role>, String)] = [
        (.userAdded(User(name: "new", displayName: "New", role: .investigator)), supervisorOnly, "add a user to the roster"),
        (.userRoleChanged(name: "inv", to: .supervisor), supervisorOnly, "change a user's role"),
        (.agencyAdded(Agency(code: "AG-2", name: "Immigration", country: idn, kind: .immigration)), supervisorOnly, "add an agency"),
        (.focalPointAppointed(FocalPoint(code: "FP-2", name: "Next", agency: "AG-1", country: tha, role: .jitLeader, since: day)),
         supervisorOnly, "appoint a focal point"),
        (.focalPointEnded(code: "FP-1", on: day.adding(days: 1)), supervisorOnly, "end a focal point's appointment"),
        (.networkCreated(Network(code: "NET-2", name: "Other", crimeTypes: [.traffickingOther], sectors: [.other], route: [idn], handling: .h1)),
         investigator, "create a network"),
        (.networkStatusChanged(code: "NET-1", to: .assessed), investigator, "change a network's status"),
        (.suspectAdded(Suspect(reference: "S-2", nationality: idn, network: nil, role: .financier, handling: .h2)), investigator, "add a suspect"),
        (.suspectStatusChanged(reference: "S-1", to: .wanted), investigator, "change a suspect's status"),
        (.victimAdded(Victim(reference: "V-ABC123", nationality: idn, sex: .male, ageBand: .from18to24, exploitation: .traffickingForcedLabour,
                             sector: .fishing)), investigator, "record a victim"),
        (.investigationCreated(JointInvestigation(code: "JIT-2", title: "Two", lead: idn, partners: [tha], targetNetworks: [],
                                                  legalBasis: .informalPlan, start: day, end: day, handling: .h2)), investigator, "create a joint investigation"),
        (.investigationStatusChanged(code: "JIT-1", to: .suspended), investigator, "change a joint investigation's status"),
        (.investigationStatusChanged(code: "JIT-1", to: .concluded), supervisorOnly, "conclude a joint investigation"),
        (.investigationExtended(code: "JIT-1", Extension(day: day, newEnd: day.adding(days: 200), consentRecorded: true)), investigator, "extend a joint investigation"),
        (.actionItemAdded(investigation: "JIT-1", ActionItem(id: 2, item: "Arrests", owner: tha, due: day)), investigator, "add an action-plan item"),
        (.actionItemStatusChanged(investigation: "JIT-1", item: 1, to: .done), investigator, "change an action-plan item"),
        (.outcomeRecorded(Outcome(investigation: "JIT-1", country: tha, day: day, kind: .arrests, count: 2)), investigator, "record an outcome"),
        (.enquiryCreated(Enquiry(reference: "ENQ-3", requesting: idn, requested: tha, channel: .interpol, priority: .urgent, subject: "New",
                                 drafted: t0, due: t0.adding(days: 1), handling: .h1)), liaison, "create an enquiry"),
        (.enquiryStatusChanged(reference: "ENQ-2", to: .sent), supervisorOnly, "approve and send an enquiry"),
        (.enquiryStatusChanged(reference: "ENQ-1", to: .acknowledged), liaison, "change an enquiry's status"),
        (.enquiryChased(reference: "ENQ-1"), liaison, "chase an enquiry"),
        (.enquiryEdited(reference: "ENQ-1", EnquiryEdit(priority: .urgent)), liaison, "edit an enquiry"),
        (.enquiryDueRevised(reference: "ENQ-1", to: t0.adding(days: 14)), liaison, "revise an enquiry's due date"),
        (.referralCreated(Referral(reference: "NCB-2", kind: .sltdCheck, issuingNCB: idn, subject: "Passport", handling: .h1)), liaison, "create an NCB referral"),
        (.referralStatusChanged(reference: "NCB-1", to: .submitted), liaison, "change an NCB referral's status"),
        (.referralInterpolReferenceSet(reference: "NCB-1", to: "A-1/2015"), liaison, "record an INTERPOL reference"),
        (.operationCreated(Operation(code: "OP-2", name: "Next", start: day, end: day, countries: [idn])), supervisorOnly, "create an operation"),
        (.activityRecorded(Activity(operation: "OP-1", country: tha, day: day, kind: .awareness, count: 3)), everyone, "record an activity"),
        (.noteAdded(entity: "ENQ-1", text: "Called the desk officer"), everyone, "add a note"),
        (.linkAdded(Link(from: "ENQ-1", to: "JIT-1")), everyone, "link two records"),
        (.exportMade(ExportRecord(id: "EXP-1", format: "csv", destination: "/tmp/x", tables: ["networks"], records: 1,
                                  includesVictims: false, restricted: false, recipient: "", reason: "")), everyone, "export records"),
    ]

    static let users: [(String, Role)] = [("sup", .supervisor), ("inv", .investigator), ("lia", .liaisonOfficer)]

    @Test func everyChangeKindIsInTheTable() {
        #expect(Set(Self.table.map(\.0.type)).count == 29)
    }

    @Test(arguments: 0..<table.count)
    func rolesAllowedAndRefused(_ row: Int) {
        let (change, allowed, action) = Self.table[row]
        for (name, role) in Self.users {
            do {
                let events = try Self.caseFile.decide(change, by: name, at: Self.t0)
                #expect(allowed.contains(role), "\(name) (\(role.label)) was allowed to \(action)")
                #expect(events == [Event(time: Self.t0, actor: name, change: change)])
            } catch {
                #expect(!allowed.contains(role), "\(name) (\(role.label)) was refused \(action): \(error)")
                let article = { (r: Role) in r == .investigator ? "an" : "a" }
                let roles = Role.allCases.filter { allowed.contains($0) }
                let who = "\(article(roles[0])) \(roles.map(\.label).joined(separator: " or "))"
                #expect(error == Refusal(field: "role", reason: "only \(who) may \(action); \(name) is \(article(role)) \(role.label)"))
            }
        }
        // Someone not on the roster may only read.
        #expect(throws: Refusal(field: "user", reason: "visitor is not on the roster and may only read; to \(action) ask a supervisor to add you")) {
            try Self.caseFile.decide(change, by: "visitor", at: Self.t0)
        }
    }

    @Test func aJournalWithoutARosterLetsItsOneUserDoEverything() throws {
        let empty = CaseFile()
        #expect(empty.role(of: "anyone") == .supervisor)
        #expect(Self.caseFile.role(of: "inv") == .investigator)
        #expect(Self.caseFile.role(of: "visitor") == nil)
    }

    /// Each commit's changes are judged by the role its actor holds at that
    /// change, even when the roster changed in between and the same officer
    /// acts again at once.
    @Test func aRoleIsJudgedAsItStandsAfterEachChangeToTheRoster() {
        var roster = KeyRoster([User(name: "chief", displayName: "Chief", role: .supervisor),
                                User(name: "boss", displayName: "Boss", role: .supervisor),
                                User(name: "lo", displayName: "Liaison", role: .liaisonOfficer)])
        let approve = { (actor: String) in
            Event(time: Self.t0, actor: actor, change: .enquiryStatusChanged(reference: "AUS/THA/1", to: .sent))
        }
        #expect(roster.takeCommit([approve("chief")]) == nil)
        #expect(roster.takeCommit([Event(time: Self.t0, actor: "chief", change: .userRoleChanged(name: "chief", to: .liaisonOfficer))]) == nil)
        #expect(roster.takeCommit([approve("chief")])?.refusal.reason.contains("only a supervisor may") == true)
        #expect(roster.takeCommit([approve("lo")]) != nil)
        #expect(roster.takeCommit([Event(time: Self.t0, actor: "boss", change: .userRoleChanged(name: "lo", to: .supervisor)),
                                   approve("lo")]) == nil)
        #expect(roster.takeCommit([approve("lo"), Event(time: Self.t0, actor: "lo", change: .userRemoved(name: "lo")), approve("lo")])?.index == 2)
    }
}

/// The roster of a unit: it starts with its supervisor, keeps one, and a removed officer only reads.
@Suite struct RosterTests {
    let t0 = Timestamp(iso8601: "2026-11-01T00:00:00Z")!
    let key = "ed25519:" + String(repeating: "A", count: 43) + "="

    @Test func theRosterStartsWithItsSupervisorKeepsOneAndARemovedOfficerOnlyReads() throws {
        var c = CaseFile()
        #expect(throws: Refusal(field: "user name", reason: "the roster starts with the officer who starts it: add yourself (chief) as supervisor first")) {
            try c.decide(.userAdded(User(name: "bob", displayName: "Bob", role: .investigator)), by: "chief", at: t0)
        }
        #expect(throws: Refusal(field: "key", reason: "is an Ed25519 public key as tandem key show prints it (ed25519: and 44 characters of base64)")) {
            try c.decide(.userAdded(User(name: "chief", displayName: "Chief", role: .supervisor, publicKey: "ssh-rsa AAAA")), by: "chief", at: t0)
        }
        for change: Change in [.userAdded(User(name: "chief", displayName: "Chief", role: .supervisor, publicKey: key)),
                               .userAdded(User(name: "bob", displayName: "Bob", role: .investigator))] {
            c.apply(try c.decide(change, by: "chief", at: t0)[0])
        }
        #expect(c.users["chief"]?.publicKey == key)
        #expect(throws: Refusal(field: "role", reason: "chief is the roster's last supervisor; make another officer supervisor first")) {
            try c.decide(.userRemoved(name: "chief"), by: "chief", at: t0)
        }
        c.apply(try c.decide(.userRemoved(name: "bob"), by: "chief", at: t0)[0])
        #expect(c.role(of: "bob") == nil)
        #expect(c.permissionRefusal(for: .noteAdded(entity: "X", text: "x"), by: "bob")?.field == "user")
        #expect(throws: Refusal(field: "user name", reason: "bob is not on the roster")) {
            try c.decide(.userKeyReplaced(name: "bob", key: key), by: "chief", at: t0)
        }
        let newKey = "ed25519:" + String(repeating: "B", count: 43) + "="
        c.apply(try c.decide(.userKeyReplaced(name: "chief", key: newKey), by: "chief", at: t0)[0])
        #expect(c.users["chief"]?.publicKey == newKey)
    }

    /// The check of a user name answers ASCII without Unicode's tables: it agrees with them on every scalar.
    @Test func aUserNameCharacterIsALetterOfAnyScriptADigitOrOneOfThreeMarks() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let reference = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-" || scalar == "_"
            if UserName.isNameCharacter(scalar) != reference { Issue.record("U+\(String(value, radix: 16)): \(reference)") }
        }
        #expect(throws: Refusal.self) { try UserName.check("j santos") }
        #expect(throws: Never.self) { try UserName.check("ส.สมชาย-2") }
    }
}

/// `KeyRoster.role(of:)` compares short ASCII names by their bytes; held to the
/// roster's own entries looked up as text (canonical equivalence included).
@Suite struct RosterLookupTests {
    /// Names a roster may hold and an actor may give, near one another.
    static let names = ["inv1", "inv2", "sup1", "a", "a\0", "", "K", "\u{212A}", "José", "Jose\u{301}", "k.perera",
                        "fifteen-letters", "sixteen-letters!", "a-much-longer-officer-name", "INV1", "inv1 ", "\u{1}entity"]

    @Test func aRoleIsFoundForTheNameTheRosterHoldsWhateverItsSpelling() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var users: [User] = []
            for name in Self.names where Bool.random(using: &generator) {
                var user = User(name: name, displayName: name, role: Role.allCases.randomElement(using: &generator)!)
                user.removed = Int.random(in: 0..<5, using: &generator) == 0
                users.append(user)
            }
            let roster = KeyRoster(users)
            let reference = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
            for name in Self.names {
                let expected = users.isEmpty ? .supervisor : reference[name].flatMap { $0.removed ? nil : $0.role }
                #expect(roster.role(of: name) == expected, "\(name) among \(users.map(\.name))")
            }
        }
    }
}
