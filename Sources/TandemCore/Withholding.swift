/// What an officer off the roster may read of a case file: the records not
/// marked H2, H3 or TLP:RED, as `tandem list` and `tandem log` show them.
public struct Withholding: Sendable {
    /// The case file without what is withheld.
    public let readable: CaseFile
    /// The codes of the records withheld, with why (their handling code, or "a victim").
    public let withheld: [String: String]

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
        var withheld: [String: String] = [:]
        func keep<R>(_ table: RecordTable<R>, code: (R) -> String, handling: (R) -> Handling) -> [R] {
            table.all.filter { record in
                let restricted = handling(record).isRestricted
                if restricted { withheld[code(record)] = handling(record).rawValue }
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
        for victim in victims.all { withheld[victim.reference] = "a victim" }
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
