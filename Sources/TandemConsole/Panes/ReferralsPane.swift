import TandemCore

/// INTERPOL NCB referrals: notices, diffusions and database checks.
enum ReferralsPane: PaneSpec {
    static let title = "NCB referrals"
    static let shortTitle = "NCB ref."

    static let columns = [
        Column(title: "Reference", width: 15, priority: 10), Column(title: "Kind", width: 12, priority: 9),
        Column(title: "NCB", width: 4, priority: 8), Column(title: "Recipients", width: 11, priority: 5),
        Column(title: "Subject", width: 16, priority: 6, flexible: true), Column(title: "Status", width: 15, priority: 7),
        Column(title: "Handling", width: 9, priority: 7),
    ]

    static func count(_ c: CaseFile) -> Int { c.referrals.count }
    static func code(_ c: CaseFile, _ index: Int) -> String { c.referrals.all[index].reference }
    static func index(_ c: CaseFile, _ code: String) -> Int? { c.referrals.index(of: code) }

    static func row(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> TableRow {
        let r = c.referrals.all[index]
        return TableRow(cells: [
            r.reference, Formatting.referralKind(r.kind), r.issuingNCB.code, r.recipientsText, r.subject,
            r.status.label, r.handling.rawValue,
        ], style: style(r))
    }

    /// INTERPOL notices are known by their colour.
    static func style(_ r: Referral) -> Style {
        switch r.kind {
        case .red: Style(colour: .red)
        case .blue: Style(colour: .blue)
        case .green: Style(colour: .green)
        case .yellow: Style(colour: .yellow)
        case .orange: Style(colour: .yellow, bold: true)
        case .purple: Style(colour: .magenta)
        case .black: Style(bold: true)
        case .silver: Style(colour: .white)
        default: Style(colour: .cyan)
        }
    }

    static let filterFields: [(name: String, values: [String]?)] = [
        ("status", filterTerms(ReferralStatus.self, \.label)), ("handling", filterTerms(Handling.self)),
        ("kind", filterTerms(ReferralKind.self)), ("from", nil), ("to", nil), ("country", nil),
    ]

    static func facets(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> RecordFilter.Facets {
        let r = c.referrals.all[index]
        return RecordFilter.Facets(fields: [
            "status": [r.status.rawValue, r.status.label], "handling": [r.handling.rawValue], "kind": [r.kind.rawValue],
            "from": [r.issuingNCB.code], "to": r.recipients.map(\.code), "country": [r.issuingNCB.code] + r.recipients.map(\.code),
        ], text: [r.reference, r.subject, r.interpolReference ?? ""])
    }

    static func title(_ c: CaseFile, _ index: Int) -> (String, Handling) {
        let r = c.referrals.all[index]
        return ("\(r.reference) · \(r.kind.label)", r.handling)
    }

    static func detailLines(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> [DetailView.Line] {
        let r = c.referrals.all[index]
        return [
            ("Status", r.status.label, .plain),
            ("Kind", r.kind.label, style(r)),
            ("Issuing NCB", Formatting.countryWithName(r.issuingNCB), .plain),
            ("Recipients", r.recipients.isEmpty ? "all member countries" : r.recipients.map(Formatting.countryWithName).joined(separator: ", "), .plain),
            ("INTERPOL ref.", r.interpolReference ?? "not yet known", .plain),
            ("Subject", r.subject, .plain),
        ]
    }

    static func newForm() -> RecordForm { .newReferral() }
    static func editForm(_ c: CaseFile, _ code: String, zone: OfficerZone) -> RecordForm? { c.referrals[code].map { .editing($0) } }

    static func statusChoices(_ c: CaseFile, _ code: String) -> (current: String, options: [(String, Change)])? {
        c.referrals[code].map { r in (r.status.label, r.allowedNext.map { ($0.label, .referralStatusChanged(reference: code, to: $0)) }) }
    }

    static func sameRecord(_ a: CaseFile, _ b: CaseFile, _ index: Int) -> Bool { a.referrals.all[index] == b.referrals.all[index] }

    static func isCreation(_ change: Change) -> Bool {
        if case .referralCreated = change { true } else { false }
    }
}
