import TandemCore

/// Networks and syndicates.
enum NetworksPane: PaneSpec {
    static let title = "Networks"

    static let columns = [
        Column(title: "Code", width: 8, priority: 10), Column(title: "Name", width: 21, priority: 9, flexible: true),
        Column(title: "Crime types", width: 10, priority: 6), Column(title: "Sectors", width: 12, priority: 4),
        Column(title: "Route", width: 11, priority: 7), Column(title: "Status", width: 19, priority: 8),
        Column(title: "Investigation", width: 13, priority: 3), Column(title: "Handling", width: 9, priority: 8),
    ]

    static func count(_ c: CaseFile) -> Int { c.networks.count }
    static func code(_ c: CaseFile, _ index: Int) -> String { c.networks.all[index].code }
    static func index(_ c: CaseFile, _ code: String) -> Int? { c.networks.index(of: code) }

    static func row(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> TableRow {
        let n = c.networks.all[index]
        let investigations = c.investigations.all.filter { $0.targetNetworks.contains(n.code) }.map(\.code)
        return TableRow(cells: [
            n.code, n.name, n.crimeTypes.map(\.shortLabel).joined(separator: ","),
            n.sectors.map(\.label).joined(separator: ","), Formatting.route(n.route), n.status.label,
            investigations.joined(separator: ","), n.handling.rawValue,
        ], style: style(n.status))
    }

    static func style(_ status: NetworkStatus) -> Style {
        switch status {
        case .prioritised, .underInvestigation: Style(colour: .yellow)
        case .disrupted, .dismantled: Style(colour: .green)
        case .dormant, .archived: .dim
        default: .plain
        }
    }

    static let filterFields: [(name: String, values: [String]?)] = [
        ("status", filterTerms(NetworkStatus.self, \.label)), ("handling", filterTerms(Handling.self)),
        ("sector", filterTerms(Sector.self, \.label)), ("crime", filterTerms(CrimeType.self, \.shortLabel)), ("country", nil),
    ]

    static func facets(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> RecordFilter.Facets {
        let n = c.networks.all[index]
        return RecordFilter.Facets(fields: [
            "status": [n.status.rawValue, n.status.label], "handling": [n.handling.rawValue],
            "sector": n.sectors.flatMap { [$0.rawValue, $0.label] }, "crime": n.crimeTypes.flatMap { [$0.rawValue, $0.shortLabel] },
            "country": n.route.map(\.code),
        ], text: [n.code, n.name, n.modusOperandi] + n.aliases)
    }

    static func title(_ c: CaseFile, _ index: Int) -> (String, Handling) {
        let n = c.networks.all[index]
        return ("\(n.code) · \(n.name)", n.handling)
    }

    static func detailLines(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> [DetailView.Line] {
        let n = c.networks.all[index]
        var lines: [DetailView.Line] = [
            ("Status", n.status.label, style(n.status)),
            ("Crime types", n.crimeTypes.map { "\($0.label) (\($0.rawValue))" }.joined(separator: ", "), .plain),
            ("Sectors", n.sectors.map(\.label).joined(separator: ", "), .plain),
            ("Route", n.route.map(Formatting.countryWithName).joined(separator: " → "), .plain),
            ("Grading", "source \(n.reliability.rawValue), information \(n.accuracy.rawValue)", .plain),
        ]
        if !n.aliases.isEmpty { lines.append(("Aliases", n.aliases.joined(separator: ", "), .plain)) }
        let investigations = c.investigations.all.filter { $0.targetNetworks.contains(n.code) }
        lines.append(("Investigations", investigations.isEmpty ? "none yet" : investigations.map { "\($0.code) (\($0.status.label))" }.joined(separator: ", "), .plain))
        let suspects = c.suspects.all.filter { $0.network == n.code }
        if !suspects.isEmpty {
            lines.append(("Suspects", suspects.map { "\($0.reference) (\($0.nationality.code), \($0.role.label), \($0.status.label))" }
                .joined(separator: ", "), .plain))
        }
        lines.append(("Modus operandi", n.modusOperandi, .plain))
        return lines
    }

    static func newForm() -> RecordForm { .newNetwork() }
    static func editForm(_ c: CaseFile, _ code: String, zone: OfficerZone) -> RecordForm? { c.networks[code].map { .editing($0) } }

    static func statusChoices(_ c: CaseFile, _ code: String) -> (current: String, options: [(String, Change)])? {
        c.networks[code].map { n in (n.status.label, n.status.allowedNext.map { ($0.label, .networkStatusChanged(code: code, to: $0)) }) }
    }

    static func sameRecord(_ a: CaseFile, _ b: CaseFile, _ index: Int) -> Bool { a.networks.all[index] == b.networks.all[index] }

    static func isCreation(_ change: Change) -> Bool {
        if case .networkCreated = change { true } else { false }
    }
}
