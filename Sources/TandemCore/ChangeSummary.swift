extension Change {
    /// The change in a few words, for the log and a record's history; a time in it is in `zone`.
    public func summary(in zone: OfficerZone = .utc) -> String {
        switch self {
        case .userAdded(let u): "\(u.displayName) added to the roster as \(u.role.label)"
        case .userRoleChanged(_, let role): "role → \(role.label)"
        case .userRemoved: "removed from the roster (may only read from now on)"
        case .userKeyReplaced(_, let key): "key replaced: \(key)"
        case .agencyAdded(let a): "agency \(a.name) (\(a.kind.label), \(a.country.code))"
        case .focalPointAppointed(let f): "\(f.name) appointed \(f.role.label) for \(f.agency), \(f.country.code), from \(f.since.iso8601)"
        case .focalPointEnded(_, let day): "appointment ended \(day.iso8601)"
        case .networkCreated(let n):
            "network \(n.name) created: \(n.crimeTypes.map(\.label).joined(separator: ", ")); route \(n.route.map(\.code).joined(separator: "→")); \(n.handling.rawValue)"
        case .networkStatusChanged(_, let status): "status → \(status.label)"
        case .networkRevised, .investigationRevised, .referralRevised: "edited"
        case .suspectAdded(let s): "suspect (\(s.nationality.code), \(s.role.label)) added\(s.network.map { " to \($0)" } ?? ""); \(s.handling.rawValue)"
        case .suspectStatusChanged(_, let status): "status → \(status.label)"
        case .victimAdded(let v): "victim recorded (\(v.nationality.code), \(v.ageBand.rawValue), \(v.exploitation.label), \(v.sector.label)); \(v.handling.rawValue)"
        case .investigationCreated(let i):
            "joint investigation \"\(i.title)\" proposed: lead \(i.lead.code), partners \(i.partners.map(\.code).joined(separator: " ")), \(i.start.iso8601) to \(i.end.iso8601); \(i.handling.rawValue)"
        case .investigationStatusChanged(_, let status): "status → \(status.label)"
        case .investigationExtended(_, let e): "extended to \(e.newEnd.iso8601) on \(e.day.iso8601)\(e.consentRecorded ? ", consent recorded" : ", consent NOT recorded")"
        case .actionItemAdded(_, let item): "action \(item.id) for \(item.owner.code), due \(item.due.iso8601): \(item.item)"
        case .actionItemStatusChanged(_, let id, let status): "action \(id) → \(status.rawValue)"
        case .actionItemDueRevised(_, let id, let due): "action \(id) due date revised to \(due.iso8601)"
        case .investigationPeriodCorrected(_, let p):
            "period corrected to \(p.start.iso8601) to \(p.end.iso8601); reason: \(p.reason)"
        case .activityCorrected(let c):
            "activity \(c.number) corrected to \(c.count == 0 ? "none (withdrawn)" : "\(c.count)")"
                + (c.officersTrained.map { ", \($0.values.reduce(0, +)) officers trained" } ?? "") + "; reason: \(c.reason)"
        case .outcomeRecorded(let o): "\(o.kind.count(o.count)) by \(o.country.code) on \(o.day.iso8601)"
        case .statusReverted(let r): "final status taken back: status → \(r.to); reason: \(r.reason)"
        case .outcomeCorrected(let c):
            "outcome \(c.number) corrected to \(c.count == 0 ? "none (withdrawn)" : "\(c.count)"); reason: \(c.reason)"
        case .enquiryCreated(let e):
            "enquiry drafted \(e.requesting.code)→\(e.requested.code) by \(e.channel.label), \(e.priority.label), due \(zone.dueText(e.due)): \(e.subject); \(e.handling.rawValue)"
        case .enquiryStatusChanged(_, let status): "status → \(status.label)"
        case .enquiryChased(_, let chase):
            "chased" + (chase.means.map { " by \($0.label)" } ?? "") + (chase.note.isEmpty ? "" : ": \(chase.note)")
        case .enquiryReturned(_, let reason): "returned to its drafter; reason: \(reason)"
        case .enquiryAnswered(_, let answer): "answered (\(answer.full ? "full" : "partial"))" + (answer.text.isEmpty ? "" : ": \(answer.text)")
        case .enquiryDueRevised(_, let due): "due date revised to \(zone.dueText(due))"
        case .enquiryEdited(_, let edit):
            "edited: " + [edit.subject.map { "subject → \($0)" }, edit.priority.map { "priority → \($0.label)" },
                          edit.channel.map { "channel → \($0.label)" }, edit.handling.map { "handling → \($0.rawValue)" },
                          edit.requested.map { "requested country → \($0.code)" },
                          edit.coerciveMeasures.map { "coercive measures → \($0.isEmpty ? "none" : $0.map(\.rawValue).joined(separator: ", "))" }]
                .compactMap { $0 }.joined(separator: ", ")
        case .referralCreated(let r):
            "\(r.kind.label) drafted by NCB \(r.issuingNCB.code) to \(r.recipientsText): \(r.subject); \(r.handling.rawValue)"
        case .referralStatusChanged(_, let status): "status → \(status.label)"
        case .referralInterpolReferenceSet(_, let value): "INTERPOL reference \(value)"
        case .operationCreated(let o): "operation \(o.name), \(o.start.iso8601) to \(o.end.iso8601), \(o.countries.count) countries"
        case .operationRevised(let o): "operation edited: \(o.name), \(o.start.iso8601) to \(o.end.iso8601), \(o.countries.map(\.code).joined(separator: " "))"
        case .activityRecorded(let a):
            "\(a.kind.count(a.count)) by \(a.country.code) on \(a.day.iso8601)"
                + (a.officersTrained.isEmpty ? "" : ", \(a.officersTrained.values.reduce(0, +)) officers trained")
        case .noteAdded(_, let text): "note: \(text)"
        case .linkAdded(let link): "linked \(link.from) ↔ \(link.to)"
        case .journalRepaired(let r):
            "journal repaired: \(NumberText.count(r.bytes, "byte", "bytes")) from record \(r.fromSequence) on set aside in \(r.setAside) (SHA-256 \(r.sha256.prefix(16))…); \(r.reason)"
        case .exportMade(let e):
            "exported \(NumberText.count(e.records, "record", "records")) (\(e.tables.joined(separator: ", "))) as \(e.format) to \(e.destination)"
                + (e.recipient.isEmpty ? "" : " for \(e.recipient)") + (e.reason.isEmpty ? "" : "; reason: \(e.reason)")
                + (e.includesVictims ? "; victims included" : "")
        }
    }
}
