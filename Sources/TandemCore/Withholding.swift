/// Why a record may not be read out freely (see `CaseFile.restriction(of:)`).
public enum Restriction: Equatable, Sendable {
    /// Marked H2, H3 or TLP:RED.
    case marked(Handling)
    /// A victim, whatever their handling code.
    case victim

    /// Why, as the console and `tandem log` say it: "marked TLP:RED", "a victim's record".
    public var description: String {
        switch self {
        case .marked(let handling): "marked \(handling.rawValue)"
        case .victim: "a victim's record"
        }
    }
}

/// What an officer off the roster may read of a case file: the records not
/// marked H2, H3 or TLP:RED, as `tandem list` and `tandem log` show them.
public struct Withholding: Sendable {
    /// The case file without what is withheld.
    public let readable: CaseFile
    /// The codes of the records withheld, with why.
    public let withheld: [String: Restriction]

    /// How many records are withheld.
    public var count: Int { withheld.count }
}

extension CaseFile {
    /// The case file less what `user` may not read: nil when they may read it all
    /// (they are on the roster, or there is none) or nothing in it is restricted.
    /// Withheld are the records marked H2, H3 or TLP:RED and every victim, with the
    /// notes on them, the links that touch them, and the outcomes and activities
    /// recorded under them. The roster and the exports made stay.
    public func withholding(from user: String) -> Withholding? {
        guard !mayReadRestricted(user) else { return nil }
        var withheld: [String: Restriction] = [:]
        func keep<R>(_ table: RecordTable<R>, code: (R) -> String, handling: (R) -> Handling) -> [R] {
            table.all.filter { record in
                let restricted = handling(record).isRestricted
                if restricted { withheld[code(record)] = .marked(handling(record)) }
                return !restricted
            }
        }
        let networks = keep(networks, code: \.code, handling: \.handling)
        let investigations = keep(investigations, code: \.code, handling: \.handling)
        let enquiries = keep(enquiries, code: \.reference, handling: \.handling)
        let referrals = keep(referrals, code: \.reference, handling: \.handling)
        let suspects = keep(suspects, code: \.reference, handling: \.handling)
        let agencies = keep(agencies, code: \.code, handling: \.handling)
        let focalPoints = keep(focalPoints, code: \.code, handling: \.handling)
        let operations = keep(operations, code: \.code, handling: \.handling)
        for victim in victims.all { withheld[victim.reference] = .victim }
        guard !withheld.isEmpty else { return nil }
        func readable(_ code: String?) -> Bool { code.map { withheld[$0] == nil } ?? true }
        var notes: [Note] = []
        forEachNote { if readable($0.entity) { notes.append($0) } }
        let stamps = Dictionary(stampsByCode.filter { readable($0.code) }, uniquingKeysWith: { first, _ in first })
        let kept = CaseFile(
            users: users.all, agencies: agencies, focalPoints: focalPoints, networks: networks, suspects: suspects, victims: [],
            investigations: investigations, enquiries: enquiries, referrals: referrals, operations: operations,
            outcomes: outcomes.filter { readable($0.investigation) }, activities: activities.filter { readable($0.operation) },
            notes: NoteBook(notes), links: links.filter { readable($0.from) && readable($0.to) }, exports: exports, stamps: stamps)
        return Withholding(readable: kept, withheld: withheld)
    }
}

extension CaseFile {
    /// Carries over to this case file, the part of `whole` an officer off the roster may
    /// read, an event just applied to `whole`, leaving it as `whole.withholding(from:)`
    /// would: the event is applied here when what it touches may be read, and a record it
    /// creates restricted joins `withheld`. Returns false, having changed nothing here,
    /// when the event changes what may be read otherwise (the roster changed, or a record
    /// was marked up or down): the readable part is then worked out again.
    public mutating func carryOver(_ event: Event, from whole: CaseFile, withheld: inout [String: Restriction]) -> Bool {
        switch event.change {
        case .userAdded, .userRoleChanged, .userRemoved, .userKeyReplaced: return false
        default: break
        }
        var touched = [event.change.entity]
        if case .linkAdded(let link) = event.change { touched.append(link.to) }
        var marked: [(code: String, why: Restriction)] = []
        for code in touched {
            switch (withheld[code], whole.restriction(of: code)) {
            case (nil, nil): break
            case (nil, let why?):
                // A record made restricted joins what is withheld; one marked up is worked out again.
                if isCodeInUse(code) { return false }
                marked.append((code, why))
            case (_?, nil): return false
            case (_?, let why?): marked.append((code, why))
            }
        }
        if marked.isEmpty {
            apply(event)
            return true
        }
        // A link from a record that may be read to one withheld moves on the first's version
        // without the link being shown: worked out again.
        if marked.count < touched.count { return false }
        for (code, why) in marked { withheld[code] = why }
        return true
    }
}
