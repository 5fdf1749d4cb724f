/// One field an edit may change, named as the forms and refusals name it:
/// how to compare it, copy it from a revised record, and show it.
public struct RecordField<Record>: Sendable {
    public let name: String
    let same: @Sendable (Record, Record) -> Bool
    let take: @Sendable (inout Record, Record) -> Void
    public let text: @Sendable (Record) -> String

    static func of<Value: Equatable>(
        _ name: String, _ path: WritableKeyPath<Record, Value> & Sendable, text: @escaping @Sendable (Value) -> String
    ) -> RecordField {
        RecordField(name: name, same: { $0[keyPath: path] == $1[keyPath: path] },
                    take: { $0[keyPath: path] = $1[keyPath: path] }, text: { text($0[keyPath: path]) })
    }
}

/// The fields an edit may change, kind by kind; a revision carries the whole
/// record, and only these fields are taken from it, so its code, status and
/// dated history stay as their own changes made them.
public protocol Revisable {
    static var editableFields: [RecordField<Self>] { get }
}

extension Revisable {
    mutating func revise(to revised: Self) {
        for field in Self.editableFields { field.take(&self, revised) }
    }

    /// The names of the fields that differ from `revised`.
    func changedFields(to revised: Self) -> [String] {
        Self.editableFields.filter { !$0.same(self, revised) }.map(\.name)
    }

    /// "name old → new" for each field that differs from `revised`.
    public func differences(to revised: Self) -> [String] {
        Self.editableFields.filter { !$0.same(self, revised) }.map { "\($0.name) \($0.text(self)) → \($0.text(revised))" }
    }

    /// This record (as it stands now) with the fields the officer changed,
    /// `seen` → `revised`, taken from `revised`; the fields they left alone
    /// keep what others may have written since.
    func merging(_ revised: Self, seen: Self) -> Self {
        var merged = self
        for field in Self.editableFields where !field.same(revised, seen) { field.take(&merged, revised) }
        return merged
    }
}

private func list(_ values: [String], _ separator: String) -> String { values.isEmpty ? "none" : values.joined(separator: separator) }

extension Network: Revisable {
    public static let editableFields: [RecordField<Network>] = [
        .of("name", \.name) { $0 },
        .of("aliases", \.aliases) { list($0, "; ") },
        .of("crime types", \.crimeTypes) { list($0.map(\.label), ", ") },
        .of("sectors", \.sectors) { list($0.map(\.label), ", ") },
        .of("route", \.route) { list($0.map(\.code), "→") },
        .of("modus operandi", \.modusOperandi) { $0 },
        .of("reliability", \.reliability) { $0.rawValue },
        .of("accuracy", \.accuracy) { $0.rawValue },
        .of("handling", \.handling) { $0.rawValue },
    ]
}

extension JointInvestigation: Revisable {
    public static let editableFields: [RecordField<JointInvestigation>] = [
        .of("title", \.title) { $0 },
        .of("partners", \.partners) { list($0.map(\.code), " ") },
        .of("target networks", \.targetNetworks) { list($0, " ") },
        .of("legal basis", \.legalBasis) { $0.label },
        .of("team leaders", \.teamLeaders) { list($0, " ") },
        .of("handling", \.handling) { $0.rawValue },
    ]
}

extension Referral: Revisable {
    public static let editableFields: [RecordField<Referral>] = [
        .of("subject", \.subject) { $0 },
        .of("recipients", \.recipients) { list($0.map(\.code), " ") },
        .of("INTERPOL reference", \.interpolReference) { $0 ?? "none" },
        .of("handling", \.handling) { $0.rawValue },
    ]
}

extension Enquiry {
    public func differences(to edit: EnquiryEdit) -> [String] {
        [edit.subject.map { "subject \(subject) → \($0)" }, edit.priority.map { "priority \(priority.label) → \($0.label)" },
         edit.channel.map { "channel \(channel.label) → \($0.label)" }, edit.handling.map { "handling \(handling.rawValue) → \($0.rawValue)" }]
            .compactMap { $0 }
    }

    /// The names of the fields the edit sets to something other than they are.
    func changedFields(by edit: EnquiryEdit) -> [String] {
        var changed: [String] = []
        if let s = edit.subject, s != subject { changed.append("subject") }
        if let p = edit.priority, p != priority { changed.append("priority") }
        if let c = edit.channel, c != channel { changed.append("channel") }
        if let h = edit.handling, h != handling { changed.append("handling") }
        if let r = edit.requested, r != requested { changed.append("requested country") }
        if let m = edit.coerciveMeasures, m != coerciveMeasures { changed.append("coercive measures") }
        return changed
    }
}

extension CaseFile {
    /// A change in words as it read when it was made: a revision names the
    /// fields it changed, which only the record before it can tell. A time in it is in `zone`.
    public func summary(of change: Change, in zone: OfficerZone = .utc) -> String {
        let changed: [String]? = switch change {
        case .networkRevised(let n): networks[n.code]?.differences(to: n)
        case .investigationRevised(let i): investigations[i.code]?.differences(to: i)
        case .referralRevised(let r): referrals[r.reference]?.differences(to: r)
        case .enquiryEdited(let reference, let edit): enquiries[reference]?.differences(to: edit)
        default: nil
        }
        if case .statusReverted(let r) = change, let (current, back) = reversions(of: r.entity),
           let label = back.first(where: { $0.value == r.to })?.label {
            return "final status taken back: \(current) → \(label); reason: \(r.reason)"
        }
        // A correction reads original → correction, which only the outcome as it stood can tell.
        if case .outcomeCorrected(let c) = change, let index = outcomeIndex(c.entity, number: c.number) {
            let o = outcomes[index]
            return "outcome \(c.number) corrected: \(o.count) → \(c.count == 0 ? "0 (withdrawn)" : "\(c.count)") \(o.kind.label) by \(o.country.code) on \(o.day.iso8601); reason: \(c.reason)"
        }
        if case .activityCorrected(let c) = change, let index = activityIndex(c.entity, number: c.number) {
            let a = activities[index]
            let trained = c.officersTrained.map { ", officers trained \(a.officersTrained.values.reduce(0, +)) → \($0.values.reduce(0, +))" } ?? ""
            return "activity \(c.number) corrected: \(a.count) → \(c.count == 0 ? "0 (withdrawn)" : "\(c.count)") \(a.kind.plural) by \(a.country.code) on \(a.day.iso8601)\(trained); reason: \(c.reason)"
        }
        if case .investigationPeriodCorrected(let code, let p) = change, let i = investigations[code] {
            return "period corrected: \(i.start.iso8601) to \(i.end.iso8601) → \(p.start.iso8601) to \(p.end.iso8601); reason: \(p.reason)"
        }
        if case .actionItemDueRevised(let code, let id, let due) = change,
           let item = investigations[code]?.actionItems.first(where: { $0.id == id }) {
            return "action \(id) due date revised: \(item.due.iso8601) → \(due.iso8601)"
        }
        guard let changed, !changed.isEmpty else { return change.summary(in: zone) }
        return "edited: " + changed.joined(separator: ", ")
    }

    /// An event in words as it read when it was made: its change, a handling
    /// code lowered marked as a downgrade, and the reason given.
    public func summary(of event: Event, in zone: OfficerZone = .utc) -> String {
        var text = summary(of: event.change, in: zone)
        if let (from, to) = handlingChange(event.change), to.strictness < from.strictness {
            text += "; handling DOWNGRADED \(from.rawValue) → \(to.rawValue)"
        }
        if let reason = event.reason { text += "; reason: \(reason)" }
        return text
    }

    /// Each event of one record's history in words, replayed in order so that
    /// each revision is described against the record as it then stood.
    public static func historySummaries(_ events: [Event], in zone: OfficerZone = .utc) -> [String] {
        var replay = CaseFile()
        return events.map { event in
            defer { replay.apply(event) }
            return replay.summary(of: event, in: zone)
        }
    }
}
