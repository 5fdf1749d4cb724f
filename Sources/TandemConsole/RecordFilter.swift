#if canImport(Glibc)
import Glibc
#endif
import TandemCore

/// The `/` filter's small query language: `status:sent to:THA overdue crew`.
/// `key:value` terms match a record's field (status, from, to, channel, priority,
/// kind, lead, country, handling, sector, crime); `overdue` keeps overdue
/// enquiries; any other word must appear in the record's code, name, title or
/// subject. All terms must match; case does not matter.
struct RecordFilter: Equatable {
    enum Term: Equatable {
        case field(String, String)
        case overdue
        case text(String)
    }

    let terms: [Term]
    /// Each term as the bytes to look for: a word as it is, `key:value` between zero bytes.
    private let needles: [[UInt8]]

    init(_ query: String) {
        terms = query.lowercased().split(separator: " ").map { word in
            if word == "overdue" { return .overdue }
            if let colon = word.firstIndex(of: ":"), colon != word.startIndex, word.index(after: colon) != word.endIndex {
                return .field(String(word[..<colon]), String(word[word.index(after: colon)...]))
            }
            return .text(String(word))
        }
        needles = terms.map { term in
            switch term {
            case .overdue: []
            case .text(let word): Array(word.utf8)
            case .field: []
            }
        }
    }

    var isEmpty: Bool { terms.isEmpty }

    /// What a record offers to match: its fields (key → values) and its free text.
    struct Facets {
        var fields: [String: [String]]
        var text: [String]
        var overdue = false
    }

    /// Matches a record's search entry on the terms that are not `key:value`
    /// (those are looked up in the list's field index): text words anywhere in
    /// its text, `overdue` its flag.
    func matchesText(_ entry: ListCache.Entry) -> Bool {
        for index in terms.indices {
            switch terms[index] {
            case .overdue: if !entry.overdue { return false }
            case .text: if !RecordFilter.contains(entry.text, needles[index]) { return false }
            case .field: continue
            }
        }
        return true
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        let count = needle.count
        guard haystack.count >= count else { return false }
        // Look for the needle's first non-zero byte with memchr (zero bytes separate terms and are everywhere).
        let anchor = needle.firstIndex { $0 != 0 } ?? 0
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard let base = hay.baseAddress, let pins = pin.baseAddress else { return false }
                var from = anchor
                let lastStart = hay.count - count
                while from <= lastStart + anchor {
                    guard let found = memchr(base + from, Int32(pins[anchor]), lastStart + anchor - from + 1) else { return false }
                    let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at - anchor, pins, count) == 0 { return true }
                    from = at + 1
                }
                return false
            }
        }
    }

    static func facets(_ pane: Pane, _ c: CaseFile, _ index: Int, now: Timestamp) -> Facets {
        switch pane {
        case .networks:
            let n = c.networks.all[index]
            return Facets(fields: [
                "status": [n.status.rawValue, n.status.label], "handling": [n.handling.rawValue],
                "sector": n.sectors.flatMap { [$0.rawValue, $0.label] }, "crime": n.crimeTypes.flatMap { [$0.rawValue, $0.shortLabel] },
                "country": n.route.map(\.code),
            ], text: [n.code, n.name, n.modusOperandi] + n.aliases)
        case .investigations:
            let i = c.investigations.all[index]
            return Facets(fields: [
                "status": [i.status.rawValue], "handling": [i.handling.rawValue], "lead": [i.lead.code],
                "country": i.countries.map(\.code), "network": i.targetNetworks,
            ], text: [i.code, i.title])
        case .enquiries:
            let e = c.enquiries.all[index]
            return Facets(fields: [
                "status": [e.status.rawValue, e.status.label], "handling": [e.handling.rawValue], "from": [e.requesting.code],
                "to": [e.requested.code], "channel": [e.channel.rawValue, e.channel.shortLabel, e.channel.label],
                "priority": [e.priority.rawValue], "country": [e.requesting.code, e.requested.code],
            ], text: [e.reference, e.subject], overdue: e.isOverdue(at: now))
        case .referrals:
            let r = c.referrals.all[index]
            return Facets(fields: [
                "status": [r.status.rawValue, r.status.label], "handling": [r.handling.rawValue], "kind": [r.kind.rawValue],
                "from": [r.issuingNCB.code], "to": r.recipients.map(\.code), "country": [r.issuingNCB.code] + r.recipients.map(\.code),
            ], text: [r.reference, r.subject, r.interpolReference ?? ""])
        case .dashboard:
            return Facets(fields: [:], text: [])
        }
    }
}

extension String {
    var replacingSpaces: String { String(map { $0 == " " ? "-" : $0 }) }
}
