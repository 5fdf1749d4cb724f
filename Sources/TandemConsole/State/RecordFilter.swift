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
        /// The records the officer created or was the last to change.
        case mine
        case text(String)
    }

    let terms: [Term]
    /// Each term as the bytes to look for: a word as it is, `key:value` between zero bytes.
    private let needles: [[UInt8]]
    /// Which bytes each needle holds (see `byteSet`): a record lacking one cannot match.
    private let needleBytes: [UInt64]

    init(_ query: String) {
        terms = query.lowercased().split(separator: " ").map { word in
            if word == "overdue" { return .overdue }
            if word == "mine" { return .mine }
            if let colon = word.firstIndex(of: ":"), colon != word.startIndex, word.index(after: colon) != word.endIndex {
                return .field(String(word[..<colon]), String(word[word.index(after: colon)...]))
            }
            return .text(String(word))
        }
        needles = terms.map { term in
            switch term {
            case .overdue, .mine: []
            case .text(let word): Array(word.utf8)
            case .field: []
            }
        }
        needleBytes = needles.map(RecordFilter.byteSet)
    }

    /// A 64-bit summary of which byte values occur (each value's low six bits
    /// pick its bit): one AND rules out most records a word cannot be in.
    static func byteSet(_ bytes: some Sequence<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 | 1 << UInt64($1 & 63) }
    }

    var isEmpty: Bool { terms.isEmpty }

    /// What a record offers to match: its fields (key → values) and its free text.
    struct Facets {
        var fields: [String: [String]]
        var text: [String]
        var overdue = false
        /// The dates `DateCondition` compares.
        var dates: [String: Day?] = [:]
    }

    /// Matches a record's search entry on the terms that are not `key:value`
    /// (those are looked up in the list's field index): text words anywhere in
    /// its text (the entry's range of `texts`), `overdue` its flag. The term at
    /// `skipping` is left out (already found by `scan`).
    func matchesText(_ entry: ListCache.Entry, in texts: UnsafeBufferPointer<UInt8>, skipping: Int? = nil) -> Bool {
        for index in terms.indices where index != skipping {
            switch terms[index] {
            case .overdue: if !entry.overdue { return false }
            case .mine: continue   // worked out from the case file's stamps, after the search
            case .text:
                if entry.bytes & needleBytes[index] != needleBytes[index] { return false }
                if !RecordFilter.contains(UnsafeBufferPointer(rebasing: texts[entry.range]), needles[index]) { return false }
            case .field: continue
            }
        }
        return true
    }

    /// The first text term, if there is one.
    var firstTextTerm: Int? {
        terms.firstIndex { if case .text = $0 { true } else { false } }
    }

    /// Which records hold the word of text term `term`, found in one pass over
    /// every record's text laid end to end, in record order (`entries` say
    /// where): far fewer calls than looking record by record when most records are looked at.
    func scan(term: Int, texts: UnsafeBufferPointer<UInt8>, entries: [ListCache.Entry]) -> [Bool] {
        var hits = [Bool](repeating: false, count: entries.count)
        let needle = needles[term]
        guard let first = needle.first, let base = texts.baseAddress, texts.count >= needle.count else { return hits }
        let lastStart = texts.count - needle.count
        var from = 0
        var record = 0
        needle.withUnsafeBufferPointer { pin in
            while from <= lastStart {
                guard let found = memchr(base + from, Int32(first), lastStart - from + 1) else { return }
                let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                guard memcmp(base + at, pin.baseAddress!, pin.count) == 0 else {
                    from = at + 1
                    continue
                }
                while record + 1 < entries.count && entries[record + 1].range.lowerBound <= at { record += 1 }
                hits[record] = true
                // One match is enough: go on from the next record.
                guard record + 1 < entries.count else { return }
                from = entries[record + 1].range.lowerBound
            }
        }
        return hits
    }

    static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        let count = needle.count
        guard hay.count >= count else { return false }
        // Look for the needle's first non-zero byte with memchr (zero bytes separate terms and are everywhere).
        let anchor = needle.firstIndex { $0 != 0 } ?? 0
        return needle.withUnsafeBufferPointer { pin in
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

    /// The part of a record's facets that changes with the time (see each pane's `isOverdue`).
    static func isOverdue(_ pane: Pane, _ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> Bool {
        pane.spec?.isOverdue(c, index, now: now, zone: zone) ?? false
    }

    static func facets(_ pane: Pane, _ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone = .utc) -> Facets {
        guard let spec = pane.spec else { return Facets(fields: [:], text: []) }
        var facets = spec.facets(c, index, now: now, zone: zone)
        facets.dates = spec.dateFields.mapValues { $0(c, index, zone) }
        return facets
    }
}

extension String {
    var replacingSpaces: String { String(decoding: utf8.map { $0 == 0x20 ? 0x2D : $0 }, as: UTF8.self) }
}

extension RecordFilter {
    /// The `key:` fields each pane's filter knows, with the values each may take
    /// (nil: a country code; an empty list: any value).
    static func fields(_ pane: Pane) -> [(name: String, values: [String]?)] { pane.spec?.filterFields ?? [] }

    /// What is wrong with a query for a pane: a field it does not have, or a
    /// value the field cannot take, named with the valid choices. Nil when it is good.
    static func problem(in query: String, pane: Pane) -> String? {
        let known = fields(pane)
        let dates = DateCondition.fields(pane)
        for case .field(let key, let value) in RecordFilter(query).terms {
            if dates[key] != nil {
                if DateCondition(value) == nil { return "\(key): \"\(value)\" is not \(DateCondition.syntax)" }
                continue
            }
            guard let field = known.first(where: { $0.name == key }) else {
                let names = known.map(\.name) + dates.keys.sorted()
                return "\(pane.title) have no field \"\(key)\" (fields: \(names.joined(separator: ", ")); or overdue, or words)"
            }
            for either in value.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
                if let values = field.values {
                    if !values.isEmpty && !values.contains(either) {
                        return "\(key): \"\(either)\" is not one of: \(values.joined(separator: ", "))"
                    }
                } else if CountryCode(either.uppercased()) == nil {
                    return "\(key): \"\(either)\" is not a country code (ISO alpha-3, such as THA)"
                }
            }
        }
        return nil
    }
}

/// `due:<2015-10-10`, `sent:2015-10-01..2015-10-15`, `end:>2016-01-01`, `due:2015-10-05`:
/// a record's date before, after, within or on the days named (bounds included in a range).
struct DateCondition: Equatable {
    var from: Day?
    var to: Day?

    init?(_ value: String) {
        if value.hasPrefix("<") {
            guard let day = Day(iso8601: String(value.dropFirst())) else { return nil }
            to = Day(daysSinceEpoch: day.daysSinceEpoch - 1)
        } else if value.hasPrefix(">") {
            guard let day = Day(iso8601: String(value.dropFirst())) else { return nil }
            from = Day(daysSinceEpoch: day.daysSinceEpoch + 1)
        } else if let range = value.range(of: "..") {
            guard let a = Day(iso8601: String(value[..<range.lowerBound])), let b = Day(iso8601: String(value[range.upperBound...])),
                  a <= b else { return nil }
            (from, to) = (a, b)
        } else {
            guard let day = Day(iso8601: value) else { return nil }
            (from, to) = (day, day)
        }
    }

    func holds(for day: Day?) -> Bool {
        guard let day else { return false }
        return (from.map { day >= $0 } ?? true) && (to.map { day <= $0 } ?? true)
    }

    /// The dates each pane's filter can compare, by field name.
    static func fields(_ pane: Pane) -> [String: @Sendable (CaseFile, Int, OfficerZone) -> Day?] { pane.spec?.dateFields ?? [:] }

    static let syntax = "a date as 2015-10-05, <2015-10-05, >2015-10-05 or 2015-10-01..2015-10-15"
}
