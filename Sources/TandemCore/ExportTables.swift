/// The records of each pane as plain tables (header and rows), for
/// spreadsheets. Every table carries each record's handling code.
public struct ExportTable: Equatable, Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[String]]
    /// The handling codes of the rows, to decide whether the export needs a stated reason.
    public var handlings: [Handling]
}

extension CaseFile {
    /// The tables an export writes. Victims appear one by one only when asked
    /// for; otherwise only as counts, which identify no one.
    public func exportTables(includeVictims: Bool) -> [ExportTable] {
        // A lowered handling code travels with the record: from what, by whom, when and why.
        func downgradeText(_ code: String) -> String { stamp(of: code)?.downgrade?.text ?? "" }
        func codes(_ c: [CountryCode]) -> String { c.map(\.code).joined(separator: " ") }
        var tables = [
            ExportTable(
                name: "networks",
                header: ["code", "name", "aliases", "crime types", "sectors", "route", "modus operandi", "reliability",
                         "accuracy", "status", "handling", "handling downgraded"],
                rows: networks.all.map { n in
                    [n.code, n.name, n.aliases.joined(separator: "; "), n.crimeTypes.map(\.rawValue).joined(separator: "; "),
                     n.sectors.map(\.rawValue).joined(separator: "; "), codes(n.route), n.modusOperandi, n.reliability.rawValue,
                     n.accuracy.rawValue, n.status.rawValue, n.handling.rawValue, downgradeText(n.code)]
                },
                handlings: networks.all.map(\.handling)),
            ExportTable(
                name: "investigations",
                header: ["code", "title", "lead", "partners", "target networks", "legal basis", "start", "end", "current end",
                         "status", "action items", "handling", "handling downgraded"],
                rows: investigations.all.map { i in
                    [i.code, i.title, i.lead.code, codes(i.partners), i.targetNetworks.joined(separator: " "), i.legalBasis.rawValue,
                     i.start.iso8601, i.end.iso8601, i.currentEnd.iso8601, i.status.rawValue, "\(i.actionItems.count)", i.handling.rawValue,
                     downgradeText(i.code)]
                },
                handlings: investigations.all.map(\.handling)),
            ExportTable(
                name: "enquiries",
                header: ["reference", "requesting", "requested", "channel", "priority", "subject", "coercive measures", "status",
                         "drafted", "sent", "acknowledged", "answered", "answer", "due", "revised due", "chases", "last chased",
                         "handling", "handling downgraded"],
                rows: enquiries.all.map { e in
                    [e.reference, e.requesting.code, e.requested.code, e.channel.rawValue, e.priority.rawValue, e.subject,
                     e.coerciveMeasures.map(\.rawValue).joined(separator: " "), e.status.rawValue, e.drafted.iso8601,
                     e.sent?.iso8601 ?? "", e.acknowledged?.iso8601 ?? "", e.answered?.iso8601 ?? "", e.answer ?? "", e.due.iso8601,
                     e.revisedDue?.iso8601 ?? "", "\(e.chases)", e.lastChased?.iso8601 ?? "", e.handling.rawValue,
                     downgradeText(e.reference)]
                },
                handlings: enquiries.all.map(\.handling)),
            ExportTable(
                name: "referrals",
                header: ["reference", "kind", "issuing NCB", "recipients", "subject", "INTERPOL reference", "status", "handling",
                         "handling downgraded"],
                rows: referrals.all.map { r in
                    [r.reference, r.kind.rawValue, r.issuingNCB.code, r.recipients.isEmpty ? "all" : codes(r.recipients), r.subject,
                     r.interpolReference ?? "", r.status.rawValue, r.handling.rawValue, downgradeText(r.reference)]
                },
                handlings: referrals.all.map(\.handling)),
            ExportTable(
                name: "suspects",
                header: ["reference", "aliases", "nationality", "network", "role", "status", "handling"],
                rows: suspects.all.map { s in
                    [s.reference, s.aliases.joined(separator: "; "), s.nationality.code, s.network ?? "", s.role.rawValue,
                     s.status.rawValue, s.handling.rawValue]
                },
                handlings: suspects.all.map(\.handling)),
        ]
        // Victims one by one only when asked, and only those who consented to sharing;
        // the others only as counts, each count row under the strictest code of the victims it counts.
        let oneByOne = includeVictims ? victims.all.filter(\.consentToShare) : []
        if includeVictims {
            tables.append(ExportTable(
                name: "victims",
                header: ["reference", "nationality", "sex", "age band", "exploitation", "sector", "assistance", "consent to share", "handling"],
                rows: oneByOne.map { v in
                    [v.reference, v.nationality.code, v.sex.rawValue, v.ageBand.rawValue, v.exploitation.rawValue, v.sector.rawValue,
                     v.assistance.map(\.rawValue).joined(separator: " "), v.consentToShare ? "yes" : "no", v.handling.rawValue]
                },
                handlings: oneByOne.map(\.handling)))
        }
        var counted: [[String]: [Handling]] = [:]
        for v in victims.all where !(includeVictims && v.consentToShare) {
            counted[[v.nationality.code, v.exploitation.rawValue, v.isMinor ? "minor" : "adult"], default: []].append(v.handling)
        }
        let keys = counted.keys.sorted { $0.joined() < $1.joined() }
        let strictest = keys.map { Handling.strictest(counted[$0]!)! }
        tables.append(ExportTable(
            name: "victim-counts",
            header: ["nationality", "exploitation", "minor or adult", "victims", "handling"],
            rows: zip(keys, strictest).map { $0 + ["\(counted[$0]!.count)", $1.rawValue] },
            handlings: strictest))
        return tables
    }
}
