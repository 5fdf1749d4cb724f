/// A change as an officer asked for it, with what they had in front of them
/// when they decided it: the version of the record, and for an edit the
/// record as they saw it. Decided again against the journal as it stands, it
/// merges with what others changed meanwhile, or is refused naming them.
public struct Proposal: Equatable, Sendable {
    public var change: Change
    /// The record's version when the officer opened it; nil for a change that
    /// cannot go stale (a new record, a note, an outcome).
    public var basedOn: Int?
    /// For a revision: the same kind of change made of the record as the
    /// officer saw it, so the fields they left alone are told from the ones they changed.
    public var seen: Change?
    /// When it happened, if not now (see `CaseFile.decide`).
    public var happened: Timestamp?
    /// Why, where the rules ask for a reason.
    public var reason: String?

    public init(_ change: Change, basedOn: Int? = nil, seen: Change? = nil, happened: Timestamp? = nil, reason: String? = nil) {
        self.change = change
        self.basedOn = basedOn
        self.seen = seen
        self.happened = happened
        self.reason = reason
    }
}

extension CaseFile {
    /// Decides a proposal: the officer's changed fields are laid over the
    /// record as it stands; a field someone else changed after `basedOn` that
    /// this change would change too refuses it, naming who changed what and when.
    /// A refusal gives its times in `zone`, the officer's.
    public func decide(_ proposal: Proposal, by actor: String, at time: Timestamp, zone: OfficerZone = .utc) throws(Refusal) -> [Event] {
        let change = proposal.seen.map { merging(proposal.change, seen: $0) } ?? proposal.change
        if let basedOn = proposal.basedOn { try refuseIfStale(change, basedOn: basedOn, zone: zone) }
        var events = try decide(change, by: actor, at: time, happened: proposal.happened, reason: proposal.reason, zone: zone)
        events[0].basedOn = proposal.basedOn
        return events
    }

    /// The revision with only the fields that differ between `seen` and it
    /// taken over the record as it stands now.
    func merging(_ change: Change, seen: Change) -> Change {
        switch (change, seen) {
        case (.networkRevised(let r), .networkRevised(let o)):
            networks[r.code].map { .networkRevised($0.merging(r, seen: o)) } ?? change
        case (.investigationRevised(let r), .investigationRevised(let o)):
            investigations[r.code].map { .investigationRevised($0.merging(r, seen: o)) } ?? change
        case (.referralRevised(let r), .referralRevised(let o)):
            referrals[r.reference].map { .referralRevised($0.merging(r, seen: o)) } ?? change
        default: change
        }
    }

    private func refuseIfStale(_ change: Change, basedOn: Int, zone: OfficerZone) throws(Refusal) {
        let code = change.entity
        guard let stamp = stamp(of: code), stamp.version > basedOn else { return }
        let touched = Set(fieldsChanged(by: change))
        let conflicts = stamp.changes(after: basedOn).filter { touched.contains($0.field) }
        guard let first = conflicts.first else { return }
        let who = Dictionary(grouping: conflicts) { "\($0.actor) at \(zone.minuteText($0.time))" }
            .sorted { $0.value[0].version < $1.value[0].version }
            .map { "\($0.key) (\($0.value.map(\.field).joined(separator: ", ")))" }
        throw Refusal(
            field: first.field,
            reason: "\(code) was changed by \(who.joined(separator: " and by ")) after you opened it",
            conflicts: conflicts)
    }
}

extension CaseFile {
    /// Decides again, against the case file as it now stands, events decided
    /// against an older one (a change an officer made offline): each by its own
    /// actor, at its own time, an edit still checked against the version it was
    /// based on. Returns the events as decided now; refuses as `decide` does.
    public func decideAgain(_ events: [Event]) throws(Refusal) -> [Event] {
        var state = self
        var decided: [Event] = []
        for event in events {
            let proposal = Proposal(event.change, basedOn: event.basedOn, happened: event.at, reason: event.reason)
            let again = try state.decide(proposal, by: event.actor, at: event.time)
            for event in again { state.apply(event) }
            decided += again
        }
        return decided
    }
}
