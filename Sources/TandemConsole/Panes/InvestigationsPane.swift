import TandemCore

/// Joint investigations (JITs and the like).
enum InvestigationsPane: PaneSpec {
    static let title = "Joint investigations"
    static let shortTitle = "Joint inv."

    static let columns = [
        Column(title: "Code", width: 13, priority: 10), Column(title: "Title", width: 16, priority: 9, flexible: true),
        Column(title: "Lead", width: 4, priority: 8), Column(title: "Partners", width: 8, priority: 7),
        Column(title: "Targets", width: 8, priority: 4), Column(title: "Period", width: 21, priority: 5),
        Column(title: "Left", width: 5, priority: 3, alignRight: true), Column(title: "Status", width: 9, priority: 8),
        Column(title: "Handling", width: 9, priority: 6),
    ]

    static func count(_ c: CaseFile) -> Int { c.investigations.count }
    static func code(_ c: CaseFile, _ index: Int) -> String { c.investigations.all[index].code }
    static func index(_ c: CaseFile, _ code: String) -> Int? { c.investigations.index(of: code) }

    static func row(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> TableRow {
        let i = c.investigations.all[index]
        return TableRow(cells: [
            i.code, i.title, i.lead.code, Formatting.codes(i.partners), i.targetNetworks.joined(separator: ","),
            "\(i.start.iso8601)–\(i.end.iso8601)", i.status.isOpen ? Formatting.daysLeft(i.daysLeft(on: zone.day(of: now))) : "",
            i.status.label, i.handling.rawValue,
        ], style: i.status.isOpen ? .plain : .dim)
    }

    static let filterFields: [(name: String, values: [String]?)] = [
        ("status", filterTerms(InvestigationStatus.self)), ("handling", filterTerms(Handling.self)), ("lead", nil), ("country", nil),
        ("network", []),
    ]

    static let dateFields: [String: @Sendable (CaseFile, Int, OfficerZone) -> Day?] = [
        "start": { c, i, _ in c.investigations.all[i].start }, "end": { c, i, _ in c.investigations.all[i].currentEnd },
    ]

    /// An open action-plan item past its due date.
    static func isOverdue(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> Bool {
        hasLateItems(c.investigations.all[index], on: zone.day(of: now))
    }

    static func hasLateItems(_ i: JointInvestigation, on day: Day) -> Bool {
        i.actionItems.contains { $0.isLate(on: day) }
    }

    static func facets(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> RecordFilter.Facets {
        let i = c.investigations.all[index]
        return RecordFilter.Facets(fields: [
            "status": [i.status.rawValue], "handling": [i.handling.rawValue], "lead": [i.lead.code],
            "country": i.countries.map(\.code), "network": i.targetNetworks,
        ], text: [i.code, i.title], overdue: isOverdue(c, index, now: now, zone: zone))
    }

    static func title(_ c: CaseFile, _ index: Int) -> (String, Handling) {
        let i = c.investigations.all[index]
        return ("\(i.code) · \(i.title)", i.handling)
    }

    static func detailLines(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> [DetailView.Line] {
        let i = c.investigations.all[index]
        let extended = i.extensions.isEmpty ? "" : ", extended from \(i.end.iso8601)"
        var lines: [DetailView.Line] = [
            ("Status", i.status.label, .plain),
            ("Lead", Formatting.countryWithName(i.lead), .plain),
            ("Partners", i.partners.map { Formatting.unbroken(Formatting.countryWithName($0)) }.joined(separator: ", "), .plain),
            ("Period", "\(i.start.iso8601) to \(i.currentEnd.iso8601) (\(Formatting.periodEnd(daysLeft: i.daysLeft(on: zone.day(of: now))))\(extended))", .plain),
            ("Legal basis", i.legalBasis.label, .plain),
            ("Targets", i.targetNetworks.map { code in c.networks[code].map { "\(code) \($0.name)" } ?? code }.joined(separator: ", "), .plain),
        ]
        if !i.teamLeaders.isEmpty {
            lines.append(("Team leaders", i.teamLeaders.map { code in
                c.focalPoints[code].map { "\($0.name) (\($0.country.code))" } ?? code }.joined(separator: ", "), .plain))
        }
        let outcomes = c.outcomes.filter { $0.investigation == i.code }
        if !outcomes.isEmpty {
            let tallies = OutcomeKind.allCases.compactMap { kind -> String? in
                let total = outcomes.filter { $0.kind == kind }.reduce(0) { $0 + $1.count }
                return total == 0 ? nil : kind.count(total)
            }
            lines.append(("Outcomes", tallies.joined(separator: ", "), .plain))
        }
        for item in i.actionItems {
            let late = item.isLate(on: zone.day(of: now))
            lines.append(("Action \(item.id)", "\(item.status.rawValue) · \(item.owner.code) · due \(item.due.iso8601)\(late ? " (late)" : "") · \(item.item)",
                          late ? .error : item.status == .open ? .plain : .dim))
        }
        return lines
    }

    static func newForm() -> RecordForm { .newInvestigation() }
    static func editForm(_ c: CaseFile, _ code: String, zone: OfficerZone) -> RecordForm? { c.investigations[code].map { .editing($0) } }

    static func statusChoices(_ c: CaseFile, _ code: String) -> (current: String, options: [(String, Change)])? {
        c.investigations[code].map { i in
            (i.status.label, i.status.allowedNext.map { ($0.label, .investigationStatusChanged(code: code, to: $0)) })
        }
    }

    static func sameRecord(_ a: CaseFile, _ b: CaseFile, _ index: Int) -> Bool {
        a.investigations.all[index] == b.investigations.all[index]
    }

    static func isCreation(_ change: Change) -> Bool {
        if case .investigationCreated = change { true } else { false }
    }
}
