import TandemCore

/// Work kept between frames for the list on screen: each record's search text
/// and field values (the index), each sort order, and the results of the last
/// few filters. A keystroke in the filter then looks only at what the query
/// before it matched, and a frame asks for the list without working it out
/// again. Sort orders and results are thrown away when the pane, the case
/// file's revision or the minute changes; the index follows the changes
/// (see `prepareIndex`) and is thrown away only with the pane.
public final class ListCache: @unchecked Sendable {
    public init() {}

    struct Key: Equatable {
        var pane: Pane
        var revision: Int
        var minute: Int64
        /// Dates are days in the officer's zone: another zone is another index.
        var zone: OfficerZone
    }

    /// The zone of the list asked for last (its rows' and filter's days).
    private var zone: OfficerZone = .utc

    /// A record's place in `texts` and what else the filter needs of it.
    struct Entry {
        var range: Range<Int>
        var overdue: Bool
        /// `RecordFilter.byteSet` of the text.
        var bytes: UInt64
    }

    private var key: Key?
    /// Every record's free text as the filter sees it, one after another:
    /// lower-case UTF-8, each value after a zero byte.
    private var texts: [UInt8] = []
    private var entries: [Entry] = []
    /// Field name → value (lower case) → the records with that value, in order.
    private var fieldIndex: [String: [String: [Int]]] = [:]
    /// The case file the index describes, to find what a change touched.
    private var builtFrom: CaseFile?
    /// The revision and minute the index stands at.
    private var indexed: Key?
    private var sorted: [SortOrder: [Int]] = [:]
    private var results: [String: [Int]] = [:]
    private var lastQuery: String?

    func visible(pane: Pane, caseFile: CaseFile, now: Timestamp, zone: OfficerZone = .utc, filter: String, sort: SortOrder?,
                 user: String = "") -> [Int] {
        let key = Key(pane: pane, revision: caseFile.revision, minute: now.secondsSinceEpoch / 60, zone: zone)
        if zone != self.zone { indexed = nil; builtFrom = nil }
        self.zone = zone
        if key != self.key {
            if self.key?.pane != pane { forgetIndex() }
            self.key = key
            sorted = [:]
            results = [:]
            lastQuery = nil
        }
        let order = sort.map { sortOrder($0, pane: pane, caseFile: caseFile, now: now) }
        let query = filter.lowercased()
        let sortKey = sort.map { "\($0.column)\($0.descending ? "v" : "^")" } ?? "-"
        // `mine` depends on who asks.
        let resultKey = sortKey + "|" + query + (query.contains("mine") ? "|" + user : "")
        if let known = results[resultKey] { return known }
        let all = order ?? Array(0..<pane.recordCount(in: caseFile))
        guard !query.trimmingWhitespace.isEmpty else { return all }
        prepareIndex(key, caseFile: caseFile, now: now)
        // Typing on narrows what the query before it matched.
        var candidates = all
        if let last = lastQuery, ListCache.narrows(from: last, to: query),
           let before = results[sortKey + "|" + last] {
            candidates = before
        }
        let filter = RecordFilter(query)
        // Field terms are looked up; text terms are searched for.
        var allowed: [Bool]?
        let dateFields = DateCondition.fields(pane)
        var dateTerms: [(@Sendable (CaseFile, Int, OfficerZone) -> Day?, DateCondition)] = []
        for case .field(let key, let value) in filter.terms {
            // A date is compared record by record, after the looked-up and searched terms.
            if let date = dateFields[key] {
                if let condition = DateCondition(value) { dateTerms.append((date, condition)) }
                continue
            }
            var mask = [Bool](repeating: false, count: entries.count)
            // `to:THA,MYS`: either of them.
            for either in value.split(separator: ",") {
                for name in Set([String(either), String(either).replacingSpaces]) {
                    for index in fieldIndex[key]?[name] ?? [] { mask[index] = true }
                }
            }
            if let before = allowed { for i in mask.indices where !before[i] { mask[i] = false } }
            allowed = mask
        }
        let matched = texts.withUnsafeBufferPointer { texts in
            // Looking at most records: the first word is found in one pass over all the texts.
            if allowed == nil, candidates.count * 2 >= entries.count, let first = filter.firstTextTerm {
                let hits = filter.scan(term: first, texts: texts, entries: entries)
                return candidates.filter { hits[$0] && filter.matchesText(entries[$0], in: texts, skipping: first) }
            }
            return candidates.filter { (allowed?[$0] ?? true) && filter.matchesText(entries[$0], in: texts) }
        }
        var kept = dateTerms.isEmpty ? matched
            : matched.filter { index in dateTerms.allSatisfy { date, condition in condition.holds(for: date(caseFile, index, zone)) } }
        if filter.terms.contains(.mine), let spec = pane.spec {
            kept = kept.filter { caseFile.isMine(spec.code(caseFile, $0), user: user) }
        }
        if results.count > 32 { results = [:] }
        results[resultKey] = kept
        lastQuery = query
        return kept
    }

    /// Whether every record `query` matches is also matched by `previous`: the
    /// query only adds characters to a word of free text, or adds whole terms.
    static func narrows(from previous: String, to query: String) -> Bool {
        guard query.hasPrefix(previous) else { return false }
        if previous.isEmpty || previous.hasSuffix(" ") { return true }
        let lastWord = previous.split(separator: " ").last.map(String.init) ?? ""
        return !lastWord.contains(":") && !"overdue".hasPrefix(lastWord) && !"mine".hasPrefix(lastWord)
    }

    private func sortOrder(_ sort: SortOrder, pane: Pane, caseFile: CaseFile, now: Timestamp) -> [Int] {
        if let known = sorted[sort] { return known }
        let cells = (0..<pane.recordCount(in: caseFile)).map { PaneTables.row(pane, caseFile, $0, now: now, zone: zone).cells[sort.column] }
        let order = cells.indices.sorted { a, b in
            let order = SortOrder.compare(cells[a], cells[b])
            if order == 0 { return a < b }
            return sort.descending ? order > 0 : order < 0
        }
        sorted[sort] = order
        return order
    }

    private func forgetIndex() {
        texts = []
        entries = []
        fieldIndex = [:]
        builtFrom = nil
    }

    /// Brings the index to the case file and the minute, only when a filter
    /// needs it: built from nothing the first time; after a change, the records
    /// it touched are indexed again; when only the minute moved on, what is
    /// overdue is worked out again.
    private func prepareIndex(_ key: Key, caseFile: CaseFile, now: Timestamp) {
        defer { indexed = key }
        if !entries.isEmpty, let indexed {
            if indexed.revision == key.revision {
                if indexed.minute != key.minute {
                    for index in entries.indices { entries[index].overdue = RecordFilter.isOverdue(key.pane, caseFile, index, now: now, zone: zone) }
                }
                return
            }
            if let before = builtFrom, update(pane: key.pane, from: before, to: caseFile, now: now) {
                builtFrom = caseFile
                return
            }
        }
        forgetIndex()
        buildIndex(pane: key.pane, caseFile: caseFile, now: now)
        builtFrom = caseFile
    }

    /// How many times the index was built from nothing (seen by tests: most changes should not need it).
    private(set) var fullBuilds = 0

    private func buildIndex(pane: Pane, caseFile: CaseFile, now: Timestamp) {
        fullBuilds += 1
        let count = pane.recordCount(in: caseFile)
        entries.reserveCapacity(count)
        texts.reserveCapacity(count * 96)
        for index in 0..<count {
            let facets = RecordFilter.facets(pane, caseFile, index, now: now, zone: zone)
            appendEntry(overdue: facets.overdue) { ListCache.appendText(of: facets, to: &$0) }
            for (name, value) in ListCache.fieldValues(facets) { fieldIndex[name, default: [:]][value, default: []].append(index) }
        }
    }

    /// Lays the next record's text (which `write` adds) after the others' and notes where it is.
    private func appendEntry(overdue: Bool, _ write: (inout [UInt8]) -> Void) {
        let start = texts.count
        write(&texts)
        entries.append(Entry(range: start..<texts.count, overdue: overdue, bytes: RecordFilter.byteSet(texts[start...])))
    }

    /// A record's search text: each value lower case, after a zero byte.
    static func appendText(of facets: RecordFilter.Facets, to texts: inout [UInt8]) {
        texts.append(0)
        for value in facets.text {
            appendLowercased(value, to: &texts)
            texts.append(0)
        }
    }

    /// The field values a record is indexed under, lower case, each once (a
    /// value with spaces also with dashes: `status:in-progress`).
    static func fieldValues(_ facets: RecordFilter.Facets) -> [(String, String)] {
        var pairs: [(String, String)] = []
        for (name, values) in facets.fields {
            var seen: [String] = []
            for value in values.lazy.map(ListCache.lowercased) {
                for form in value.utf8.contains(0x20) ? [value, value.replacingSpaces] : [value] where !seen.contains(form) {
                    seen.append(form)
                    pairs.append((name, form))
                }
            }
        }
        return pairs
    }

    /// Brings the index up to date after a change that touched few records
    /// (a save, another console's change): only those records are indexed
    /// again, and records added since are indexed. Returns false when a full
    /// rebuild is the better course (many records changed, or some went away).
    private func update(pane: Pane, from before: CaseFile, to after: CaseFile, now: Timestamp) -> Bool {
        let oldCount = entries.count
        let newCount = pane.recordCount(in: after)
        guard oldCount > 0, oldCount == pane.recordCount(in: before), newCount >= oldCount else { return false }
        var changed: [Int] = []
        for index in 0..<oldCount where !ListCache.sameRecord(pane, before, after, index) {
            changed.append(index)
            if changed.count > max(64, oldCount / 16) { return false }
        }
        // Each changed or new record's facets as they are now, worked out once.
        var current: [Int: RecordFilter.Facets] = [:]
        for index in changed + Array(oldCount..<newCount) { current[index] = RecordFilter.facets(pane, after, index, now: now, zone: zone) }
        for index in changed {
            for (name, value) in ListCache.fieldValues(RecordFilter.facets(pane, before, index, now: now, zone: zone)) {
                guard var records = fieldIndex[name]?[value], let at = ListCache.position(of: index, in: records) else { continue }
                records.remove(at: at)
                fieldIndex[name]![value] = records.isEmpty ? nil : records
            }
            for (name, value) in ListCache.fieldValues(current[index]!) {
                var records = fieldIndex[name]?[value] ?? []
                guard ListCache.position(of: index, in: records) == nil else { continue }
                records.insert(index, at: ListCache.insertionPoint(of: index, in: records))
                fieldIndex[name, default: [:]][value] = records
            }
        }
        for index in oldCount..<newCount {
            for (name, value) in ListCache.fieldValues(current[index]!) { fieldIndex[name, default: [:]][value, default: []].append(index) }
        }
        var newTexts: [Int: [UInt8]] = [:]
        for (index, facets) in current {
            var text: [UInt8] = []
            ListCache.appendText(of: facets, to: &text)
            newTexts[index] = text
        }
        // Most changes (a status, a chase) leave every text as it was: then only what is overdue is worked out again.
        if newCount == oldCount, changed.allSatisfy({ texts[entries[$0].range].elementsEqual(newTexts[$0]!) }) {
            for index in entries.indices { entries[index].overdue = RecordFilter.isOverdue(pane, after, index, now: now, zone: zone) }
            return true
        }
        // Otherwise the texts are laid out again (copied where the record did not change), so they stay in record order.
        let oldTexts = texts, oldEntries = entries
        texts = []
        texts.reserveCapacity(oldTexts.count + (newCount - oldCount) * 96)
        entries = []
        for index in 0..<newCount {
            let overdue = RecordFilter.isOverdue(pane, after, index, now: now, zone: zone)
            appendEntry(overdue: overdue) { texts in
                if let text = newTexts[index] { texts.append(contentsOf: text) } else { texts.append(contentsOf: oldTexts[oldEntries[index].range]) }
            }
        }
        return true
    }

    private static func sameRecord(_ pane: Pane, _ a: CaseFile, _ b: CaseFile, _ index: Int) -> Bool {
        pane.spec?.sameRecord(a, b, index) ?? true
    }

    /// Where `index` is in the ascending `records`, if it is there.
    private static func position(of index: Int, in records: [Int]) -> Int? {
        let at = insertionPoint(of: index, in: records)
        return at < records.count && records[at] == index ? at : nil
    }

    /// The first place in the ascending `records` whose value is not below `index`.
    private static func insertionPoint(of index: Int, in records: [Int]) -> Int {
        var low = 0, high = records.count
        while low < high {
            let middle = (low + high) / 2
            if records[middle] < index { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// `lowercased()`, without making a new string for ASCII text already in lower case.
    static func lowercased(_ value: String) -> String {
        var upper = false
        for b in value.utf8 {
            if b >= 0x80 { return value.lowercased() }
            if b >= 0x41 && b <= 0x5A { upper = true }
        }
        return upper ? String(decoding: value.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self) : value
    }

    /// Lower case as the query is lowered: ASCII byte by byte, anything else through `lowercased()`.
    static func appendLowercased(_ value: String, to out: inout [UInt8]) {
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            for b in value.utf8 { out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b) }
        } else {
            out.append(contentsOf: value.lowercased().utf8)
        }
    }
}

/// A pane's list as text lines, filtered and sorted as in the console: for
/// scripts and for `tandem list`.
public enum ListText {
    /// What is wrong with a filter for this pane (an unknown field or value), if anything.
    public static func filterProblem(_ filter: String, pane: Pane) -> String? {
        RecordFilter.problem(in: filter, pane: pane)
    }

    public static func lines(pane: Pane, caseFile: CaseFile, now: Timestamp, zone: OfficerZone = .utc, filter: String, user: String = "") -> [String] {
        listing(pane: pane, caseFile: caseFile, now: now, zone: zone, filter: filter, user: user).lines
    }

    /// The lines, the codes of the records listed, and how many `withholding` kept back.
    public static func listing(
        pane: Pane, caseFile: CaseFile, now: Timestamp, zone: OfficerZone = .utc, filter: String, user: String = "",
        withholding: (String) -> Bool = { _ in false }
    ) -> (lines: [String], codes: [String], withheld: Int) {
        let cache = ListCache()
        let columns = PaneTables.columns(pane)
        let matched = cache.visible(pane: pane, caseFile: caseFile, now: now, zone: zone, filter: filter, sort: nil, user: user)
        let rows = matched.filter { !withholding(pane.spec?.code(caseFile, $0) ?? "") }
        let lines = [columns.map(\.title).joined(separator: "\t")]
            + rows.map { PaneTables.row(pane, caseFile, $0, now: now, zone: zone).cells.map(displayable).joined(separator: "\t") }
        return (lines, rows.compactMap { pane.spec?.code(caseFile, $0) }, matched.count - rows.count)
    }

    /// The listing's lines for a terminal `width` columns wide (nil: as wide as
    /// they need): lined up with spaces, two between columns, and fitted as the
    /// pane's list is (`Table.fit`): each column as wide as its widest cell, the
    /// flexible one (a name, a subject) cut first, down to its width in the
    /// console, then the columns the console drops first left out. A cut cell
    /// ends in "…". Piped, `tandem list` keeps the tab-separated lines whole.
    public static func onTerminal(_ lines: [String], pane: Pane, width: Int?) -> [String] {
        let specs = PaneTables.columns(pane)
        let rows = lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map { TextWidth.displayable(String($0)) } }
        var natural = specs.map { _ in 0 }
        for row in rows {
            for (column, cell) in row.enumerated() where column < natural.count {
                natural[column] = max(natural[column], TextWidth.columns(cell))
            }
        }
        let gap = 2
        let wanted = specs.indices.map { i in Column(title: specs[i].title, width: specs[i].flexible ? min(natural[i], specs[i].width) : natural[i],
                                                     priority: specs[i].priority, flexible: specs[i].flexible, alignRight: specs[i].alignRight) }
        // Never wider than the cells need: the room the flexible column is given back stops at its widest cell.
        let whole = natural.reduce(0, +) + gap * max(0, natural.count - 1)
        let widths = Table.fit(wanted, into: min(width ?? whole, whole), gap: gap, margin: 0)
        return rows.map { row in
            let cells = specs.indices.filter { widths[$0] > 0 }.map { column in
                TextWidth.fit(column < row.count ? row[column] : "", to: widths[column], alignRight: specs[column].alignRight)
            }
            var line = cells.joined(separator: String(repeating: " ", count: gap))
            while line.last == " " { line.removeLast() }  // the last column's padding
            return line
        }
    }

    /// Tabs and line breaks in stored text would break the columns.
    private static func displayable(_ cell: String) -> String {
        String(cell.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
