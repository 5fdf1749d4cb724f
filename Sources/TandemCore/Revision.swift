/// Revisions of a record's descriptive fields. A revision carries the record as
/// revised; only the fields an edit may change are taken from it, so its code,
/// status and dated history stay as their own changes made them.
extension Network {
    mutating func revise(to revised: Network) {
        name = revised.name
        aliases = revised.aliases
        crimeTypes = revised.crimeTypes
        sectors = revised.sectors
        route = revised.route
        modusOperandi = revised.modusOperandi
        reliability = revised.reliability
        accuracy = revised.accuracy
        handling = revised.handling
    }

    /// "name → …" for each field that differs from `revised`.
    public func differences(to revised: Network) -> [String] {
        var changed: [String] = []
        if name != revised.name { changed.append("name \(name) → \(revised.name)") }
        if aliases != revised.aliases { changed.append("aliases \(aliases.joined(separator: "; ")) → \(revised.aliases.joined(separator: "; "))") }
        if crimeTypes != revised.crimeTypes { changed.append("crime types \(crimeTypes.map(\.label).joined(separator: ", ")) → \(revised.crimeTypes.map(\.label).joined(separator: ", "))") }
        if sectors != revised.sectors { changed.append("sectors \(sectors.map(\.label).joined(separator: ", ")) → \(revised.sectors.map(\.label).joined(separator: ", "))") }
        if route != revised.route { changed.append("route \(route.map(\.code).joined(separator: "→")) → \(revised.route.map(\.code).joined(separator: "→"))") }
        if modusOperandi != revised.modusOperandi { changed.append("modus operandi \(modusOperandi) → \(revised.modusOperandi)") }
        if reliability != revised.reliability || accuracy != revised.accuracy {
            changed.append("grading \(reliability.rawValue)\(accuracy.rawValue) → \(revised.reliability.rawValue)\(revised.accuracy.rawValue)")
        }
        if handling != revised.handling { changed.append("handling \(handling.rawValue) → \(revised.handling.rawValue)") }
        return changed
    }
}

extension JointInvestigation {
    mutating func revise(to revised: JointInvestigation) {
        title = revised.title
        partners = revised.partners
        targetNetworks = revised.targetNetworks
        legalBasis = revised.legalBasis
        teamLeaders = revised.teamLeaders
        handling = revised.handling
    }

    public func differences(to revised: JointInvestigation) -> [String] {
        var changed: [String] = []
        if title != revised.title { changed.append("title \(title) → \(revised.title)") }
        if partners != revised.partners { changed.append("partners \(partners.map(\.code).joined(separator: " ")) → \(revised.partners.map(\.code).joined(separator: " "))") }
        if targetNetworks != revised.targetNetworks { changed.append("target networks \(targetNetworks.joined(separator: " ")) → \(revised.targetNetworks.joined(separator: " "))") }
        if legalBasis != revised.legalBasis { changed.append("legal basis \(legalBasis.label) → \(revised.legalBasis.label)") }
        if teamLeaders != revised.teamLeaders { changed.append("team leaders \(teamLeaders.joined(separator: " ")) → \(revised.teamLeaders.joined(separator: " "))") }
        if handling != revised.handling { changed.append("handling \(handling.rawValue) → \(revised.handling.rawValue)") }
        return changed
    }
}

extension Referral {
    mutating func revise(to revised: Referral) {
        subject = revised.subject
        recipients = revised.recipients
        interpolReference = revised.interpolReference
        handling = revised.handling
    }

    public func differences(to revised: Referral) -> [String] {
        var changed: [String] = []
        if subject != revised.subject { changed.append("subject \(subject) → \(revised.subject)") }
        if recipients != revised.recipients { changed.append("recipients \(recipientsText) → \(revised.recipientsText)") }
        if interpolReference != revised.interpolReference { changed.append("INTERPOL reference \(interpolReference ?? "none") → \(revised.interpolReference ?? "none")") }
        if handling != revised.handling { changed.append("handling \(handling.rawValue) → \(revised.handling.rawValue)") }
        return changed
    }
}

extension Enquiry {
    public func differences(to edit: EnquiryEdit) -> [String] {
        [edit.subject.map { "subject \(subject) → \($0)" }, edit.priority.map { "priority \(priority.label) → \($0.label)" },
         edit.channel.map { "channel \(channel.label) → \($0.label)" }, edit.handling.map { "handling \(handling.rawValue) → \($0.rawValue)" }]
            .compactMap { $0 }
    }
}

extension CaseFile {
    /// A change in words as it read when it was made: a revision names the
    /// fields it changed, which only the record before it can tell.
    public func summary(of change: Change) -> String {
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
        guard let changed, !changed.isEmpty else { return change.summary }
        return "edited: " + changed.joined(separator: ", ")
    }

    /// Each event of one record's history in words, replayed in order so that
    /// each revision is described against the record as it then stood.
    public static func historySummaries(_ events: [Event]) -> [String] {
        var replay = CaseFile()
        return events.map { event in
            defer { replay.apply(event) }
            return replay.summary(of: event.change)
        }
    }
}
