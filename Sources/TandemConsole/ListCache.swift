import TandemCore

/// Work kept between frames for the list on screen: each record's search text,
/// each sort order, and the results of the last few filters. A keystroke in the
/// filter then looks only at what the query before it matched, and a frame asks
/// for the list without working it out again. Everything kept is tied to the
/// case file's revision, the pane and the minute, and thrown away when they change.
final class ListCache: @unchecked Sendable {
    struct Key: Equatable {
        var pane: Pane
        var revision: Int
        var minute: Int64
    }

    /// A record as the filter sees it: lower-case UTF-8, terms separated by zero bytes.
    struct Entry {
        var text: [UInt8]
        var fields: [UInt8]
        var overdue: Bool
    }

    private var key: Key?
    private var entries: [Entry] = []
    private var sorted: [SortOrder: [Int]] = [:]
    private var results: [String: [Int]] = [:]
    private var lastQuery: String?

    func visible(pane: Pane, caseFile: CaseFile, now: Timestamp, filter: String, sort: SortOrder?) -> [Int] {
        let key = Key(pane: pane, revision: caseFile.revision, minute: now.secondsSinceEpoch / 60)
        if key != self.key {
            self.key = key
            entries = []
            sorted = [:]
            results = [:]
            lastQuery = nil
        }
        let order = sort.map { sortOrder($0, pane: pane, caseFile: caseFile, now: now) }
        let query = filter.lowercased()
        let resultKey = (sort.map { "\($0.column)\($0.descending ? "v" : "^")" } ?? "-") + "|" + query
        if let known = results[resultKey] { return known }
        let all = order ?? Array(0..<pane.recordCount(in: caseFile))
        guard !query.trimmingWhitespace.isEmpty else { return all }
        if entries.isEmpty { entries = (0..<pane.recordCount(in: caseFile)).map { ListCache.entry(pane, caseFile, $0, now: now) } }
        // Typing on narrows what the query before it matched.
        var candidates = all
        if let last = lastQuery, ListCache.narrows(from: last, to: query),
           let before = results[(sort.map { "\($0.column)\($0.descending ? "v" : "^")" } ?? "-") + "|" + last] {
            candidates = before
        }
        let filter = RecordFilter(query)
        let matched = candidates.filter { filter.matches(entries[$0]) }
        if results.count > 32 { results = [:] }
        results[resultKey] = matched
        lastQuery = query
        return matched
    }

    /// Whether every record `query` matches is also matched by `previous`: the
    /// query only adds characters to a word of free text, or adds whole terms.
    static func narrows(from previous: String, to query: String) -> Bool {
        guard query.hasPrefix(previous) else { return false }
        if previous.isEmpty || previous.hasSuffix(" ") { return true }
        let lastWord = previous.split(separator: " ").last.map(String.init) ?? ""
        return !lastWord.contains(":") && !"overdue".hasPrefix(lastWord)
    }

    private func sortOrder(_ sort: SortOrder, pane: Pane, caseFile: CaseFile, now: Timestamp) -> [Int] {
        if let known = sorted[sort] { return known }
        let cells = (0..<pane.recordCount(in: caseFile)).map { PaneTables.row(pane, caseFile, $0, now: now).cells[sort.column] }
        let order = cells.indices.sorted { a, b in
            let order = SortOrder.compare(cells[a], cells[b])
            if order == 0 { return a < b }
            return sort.descending ? order > 0 : order < 0
        }
        sorted[sort] = order
        return order
    }

    static func entry(_ pane: Pane, _ caseFile: CaseFile, _ index: Int, now: Timestamp) -> Entry {
        let facets = RecordFilter.facets(pane, caseFile, index, now: now)
        var text: [UInt8] = [0]
        for value in facets.text {
            text += Array(value.lowercased().utf8)
            text.append(0)
        }
        var fields: [UInt8] = [0]
        for (name, values) in facets.fields {
            for value in values {
                let lower = value.lowercased()
                for variant in Set([lower, lower.replacingSpaces]) {
                    fields += Array("\(name):\(variant)".utf8)
                    fields.append(0)
                }
            }
        }
        return Entry(text: text, fields: fields, overdue: facets.overdue)
    }
}


/// Holds the cache in a state value without making it part of the value:
/// two states are equal whatever their caches hold.
struct ListCacheBox: Equatable, Sendable {
    private let cache = ListCache()
    static func == (a: ListCacheBox, b: ListCacheBox) -> Bool { true }

    func visible(pane: Pane, caseFile: CaseFile, now: Timestamp, filter: String, sort: SortOrder?) -> [Int] {
        cache.visible(pane: pane, caseFile: caseFile, now: now, filter: filter, sort: sort)
    }
}
