import TandemCore

/// Why a journal line could not be read as an event.
public struct DecodeFailure: Error, Equatable, Sendable {
    public var reason: String
}

/// Reads typed fields out of a payload's bytes, naming the field when one is
/// missing or malformed. The scan that found the fields checked the object
/// whole; a value becomes a Swift value only when it is asked for. It reads
/// the line in place, so it lives only as long as the line is lent (see `LineBytes`).
struct PayloadReader: PayloadSource {
    let bytes: LineBytes

    private(set) var fields: [JSONScanner.Field] = []
    /// A bit for each length of key the object has (the last for 63 bytes and
    /// more; all, when a key is spelt with escapes): a field asked for that is not
    /// there (most events have no `at`, `basedOn` or `changeReason`) is known
    /// absent without comparing it with every key.
    private var keyLengths: UInt64 = 0

    /// The object whose fields the line's scan found (see `LineEnvelope`).
    init(bytes: LineBytes, fields: [JSONScanner.Field]) {
        self.bytes = bytes
        self.fields = fields
        keyLengths = Self.lengths(of: fields)
    }

    /// The object that is the whole of `bytes`.
    init(bytes: LineBytes) throws(DecodeFailure) {
        self.bytes = bytes
        var scanner = JSONScanner(bytes: bytes)
        do { fields = try scanner.objectFields() } catch {
            throw DecodeFailure(reason: "not a valid JSON object (\(error.reason) at column \(error.column))")
        }
        keyLengths = Self.lengths(of: fields)
    }

    private static func lengths(of fields: [JSONScanner.Field]) -> UInt64 {
        var lengths: UInt64 = 0
        for field in fields {
            if field.escapedKey { return ~0 }
            lengths |= 1 << min(field.key.count, 63)
        }
        return lengths
    }

    private func find(_ key: StaticString) -> Range<Int>? {
        key.withUTF8Buffer { wanted in
            if keyLengths & (1 << min(wanted.count, 63)) == 0 { return nil }
            for field in fields where field.keyIs(wanted, in: bytes) { return field.value }
            return nil
        }
    }

    func has(_ key: StaticString) -> Bool { find(key) != nil }

    private func field(_ key: StaticString) throws(DecodeFailure) -> Range<Int> {
        guard let range = find(key) else { throw DecodeFailure(reason: "missing field \"\(key)\"") }
        return range
    }

    private func isNull(_ range: Range<Int>) -> Bool { bytes[range.lowerBound] == UInt8(ascii: "n") }

    private func stringValue(at range: Range<Int>, key: StaticString) throws(DecodeFailure) -> String {
        guard let text = JSONScanner.string(bytes, range) else { throw DecodeFailure(reason: "\"\(key)\" is not a string") }
        return text
    }

    func string(_ key: StaticString) throws(DecodeFailure) -> String {
        try stringValue(at: try field(key), key: key)
    }

    func optionalString(_ key: StaticString) throws(DecodeFailure) -> String? {
        guard let range = find(key), !isNull(range) else { return nil }
        return try stringValue(at: range, key: key)
    }

    /// A list's items, walked one at a time (no list of them is made).
    private struct Items {
        var scanner: JSONScanner
        let key: StaticString
        var first = true

        /// Where the next item's bytes are, or nil past the last.
        mutating func next() throws(DecodeFailure) -> Range<Int>? {
            do throws(JSONScanner.Failure) {
                if first { try scanner.enterArray() }
                defer { first = false }
                return try scanner.nextItem(first: first)
            } catch {
                throw DecodeFailure(reason: "\"\(key)\" is not a list")
            }
        }
    }

    /// The items of a list (where each item's bytes are, quotes included), to
    /// walk once every one is known to be a string.
    private func stringItems(_ key: StaticString) throws(DecodeFailure) -> Items {
        let range = try field(key)
        guard bytes[range.lowerBound] == UInt8(ascii: "[") else { throw DecodeFailure(reason: "\"\(key)\" is not a list") }
        var items = Items(scanner: JSONScanner(bytes: bytes[range]), key: key)
        var allStrings = true
        while let item = try items.next() {
            if bytes[item.lowerBound] != UInt8(ascii: "\"") { allStrings = false }
        }
        guard allStrings else { throw DecodeFailure(reason: "\"\(key)\" holds a non-string") }
        return Items(scanner: JSONScanner(bytes: bytes[range]), key: key)
    }

    /// A list of strings.
    func strings(_ key: StaticString) throws(DecodeFailure) -> [String] {
        var items = try stringItems(key)
        var strings: [String] = []
        while let item = try items.next() { strings.append(try stringValue(at: item, key: key)) }
        return strings
    }

    func int(_ key: StaticString) throws(DecodeFailure) -> Int {
        let range = try field(key)
        return try int(at: range, key: key)
    }

    private func int(at range: Range<Int>, key: StaticString) throws(DecodeFailure) -> Int {
        var value = 0
        var at = range.lowerBound
        let negative = bytes[at] == UInt8(ascii: "-")
        if negative { at += 1 }
        guard at < range.upperBound, range.upperBound - at <= 18 else { throw DecodeFailure(reason: "\"\(key)\" is not a whole number") }
        while at < range.upperBound {
            let b = bytes[at]
            guard b >= 0x30, b <= 0x39 else { throw DecodeFailure(reason: "\"\(key)\" is not a whole number") }
            value = value * 10 + Int(b - 0x30)
            at += 1
        }
        return negative ? -value : value
    }

    func bool(_ key: StaticString) throws(DecodeFailure) -> Bool {
        let range = try field(key)
        switch bytes[range.lowerBound] {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: throw DecodeFailure(reason: "\"\(key)\" is not true or false")
        }
    }

    func term<T: JournalTerm>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> T {
        try term(at: try field(key), key: key)
    }

    func optionalTerm<T: JournalTerm>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> T? {
        guard let range = find(key) else { return nil }
        return try term(at: range, key: key)
    }

    func terms<T: JournalTerm>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> [T] {
        var items = try stringItems(key)
        var terms: [T] = []
        while let item = try items.next() { terms.append(try term(at: item, key: key)) }
        return terms
    }

    /// The term a string value names. A name written plainly, as Tandem writes
    /// it, is looked up by its bytes in place: no string is made of it.
    private func term<T: JournalTerm>(at range: Range<Int>, key: StaticString) throws(DecodeFailure) -> T {
        if range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""),
           let term = T.spellings.term(UnsafeBufferPointer(rebasing: JSONScanner.unquoted(bytes, range))) {
            return term
        }
        let raw = try stringValue(at: range, key: key)
        guard let t = T(rawValue: raw) else { throw DecodeFailure(reason: "\"\(key)\" has unknown value \"\(raw)\"") }
        return t
    }

    func country(_ key: StaticString) throws(DecodeFailure) -> CountryCode {
        try country(at: try field(key), key: key)
    }

    func countries(_ key: StaticString) throws(DecodeFailure) -> [CountryCode] {
        var items = try stringItems(key)
        var countries: [CountryCode] = []
        while let item = try items.next() { countries.append(try country(at: item, key: key)) }
        return countries
    }

    /// The country a string value names; a code written plainly is read in place.
    private func country(at range: Range<Int>, key: StaticString) throws(DecodeFailure) -> CountryCode {
        if range.count == 5, bytes[range.lowerBound] == UInt8(ascii: "\""),
           let country = CountryCode(utf8: UnsafeBufferPointer(rebasing: JSONScanner.unquoted(bytes, range))) {
            return country
        }
        let raw = try stringValue(at: range, key: key)
        guard let c = CountryCode(raw) else { throw DecodeFailure(reason: "\"\(key)\" has unknown country \"\(raw)\"") }
        return c
    }

    func timestamp(_ key: StaticString) throws(DecodeFailure) -> Timestamp {
        let range = try field(key)
        return try timestamp(at: range, key: key)
    }

    private func timestamp(at range: Range<Int>, key: StaticString) throws(DecodeFailure) -> Timestamp {
        // The common case, a plain 20-character time, is read from the bytes.
        if range.count == 22, let t = Timestamp(iso8601Bytes: UnsafeBufferPointer(rebasing: JSONScanner.unquoted(bytes, range))) { return t }
        let raw = try stringValue(at: range, key: key)
        guard let t = Timestamp(iso8601: raw) else { throw DecodeFailure(reason: "\"\(key)\" is not a UTC time") }
        return t
    }

    func optionalTimestamp(_ key: StaticString) throws(DecodeFailure) -> Timestamp? {
        guard let range = find(key), !isNull(range) else { return nil }
        return try timestamp(at: range, key: key)
    }

    func optionalInt(_ key: StaticString) throws(DecodeFailure) -> Int? {
        guard let range = find(key), !isNull(range) else { return nil }
        return try int(at: range, key: key)
    }

    func day(_ key: StaticString) throws(DecodeFailure) -> Day {
        let range = try field(key)
        if range.count == 12, let d = Day(iso8601Bytes: UnsafeBufferPointer(rebasing: JSONScanner.unquoted(bytes, range))) { return d }
        let raw = try stringValue(at: range, key: key)
        guard let d = Day(iso8601: raw) else { throw DecodeFailure(reason: "\"\(key)\" is not a date") }
        return d
    }

    /// A field holding an object of whole numbers by term, such as `{"police":12}`.
    func counts<T: JournalTerm & Hashable>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> [T: Int] {
        var counts: [T: Int] = [:]
        try eachCount(key) { (name, n) throws(DecodeFailure) in
            guard let term = T(rawValue: name) else { throw DecodeFailure(reason: "\"\(key)\" has an unknown entry \"\(name)\"") }
            counts[term] = n
        }
        return counts
    }

    /// Each entry's name and whole number, of a field holding an object of them.
    private func eachCount(_ key: StaticString, _ body: (String, Int) throws(DecodeFailure) -> Void) throws(DecodeFailure) {
        let range = try field(key)
        guard bytes[range.lowerBound] == UInt8(ascii: "{") else { throw DecodeFailure(reason: "\"\(key)\" is not an object") }
        let inner = try PayloadReader(bytes: bytes[range])
        for field in inner.fields {
            let name = field.keyText(in: bytes)
            guard let n = try? inner.int(at: field.value, key: key) else { throw DecodeFailure(reason: "\"\(key)\" has an unknown entry \"\(name)\"") }
            try body(name, n)
        }
    }

    // MARK: Checked, not made (see `PayloadShape`)

    /// Fails as `string` does, without making the text.
    func checkString(_ key: StaticString) throws(DecodeFailure) {
        guard JSONScanner.isString(bytes, try field(key)) else { throw DecodeFailure(reason: "\"\(key)\" is not a string") }
    }

    /// Fails as `optionalString` does, without making the text.
    func checkOptionalString(_ key: StaticString) throws(DecodeFailure) {
        guard let range = find(key), !isNull(range) else { return }
        guard JSONScanner.isString(bytes, range) else { throw DecodeFailure(reason: "\"\(key)\" is not a string") }
    }

    /// Fails as `strings` does, without making the list.
    func checkStrings(_ key: StaticString) throws(DecodeFailure) {
        _ = try stringItems(key)
    }

    /// Fails as `term` does for a term of the type `names` spells.
    func checkTerm(_ key: StaticString, _ names: UnsafePointer<TermNames>) throws(DecodeFailure) {
        try checkTerm(at: try field(key), key: key, names)
    }

    /// Fails as `optionalTerm` does.
    func checkOptionalTerm(_ key: StaticString, _ names: UnsafePointer<TermNames>) throws(DecodeFailure) {
        guard let range = find(key) else { return }
        try checkTerm(at: range, key: key, names)
    }

    /// Fails as `terms` does, without making the list.
    func checkTerms(_ key: StaticString, _ names: UnsafePointer<TermNames>) throws(DecodeFailure) {
        var items = try stringItems(key)
        while let item = try items.next() { try checkTerm(at: item, key: key, names) }
    }

    /// The same checks as `term(at:key:)`, by the spellings alone (looked at where they are, not copied).
    private func checkTerm(at range: Range<Int>, key: StaticString, _ names: UnsafePointer<TermNames>) throws(DecodeFailure) {
        if range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""),
           names.pointee.spellings.place(UnsafeBufferPointer(rebasing: JSONScanner.unquoted(bytes, range))) != nil {
            return
        }
        let raw = try stringValue(at: range, key: key)
        guard names.pointee.names.contains(raw) else { throw DecodeFailure(reason: "\"\(key)\" has unknown value \"\(raw)\"") }
    }

    /// Fails as `countries` does, without making the list.
    func checkCountries(_ key: StaticString) throws(DecodeFailure) {
        var items = try stringItems(key)
        while let item = try items.next() { _ = try country(at: item, key: key) }
    }

    /// Fails as `counts` does for entries of the type `names` spells.
    func checkCounts(_ key: StaticString, _ names: UnsafePointer<TermNames>) throws(DecodeFailure) {
        try eachCount(key) { (name, _) throws(DecodeFailure) in
            guard names.pointee.names.contains(name) else { throw DecodeFailure(reason: "\"\(key)\" has an unknown entry \"\(name)\"") }
        }
    }

    /// Whether the string value of `key` (one `checkString` took) spells the
    /// same text as the string at `other` in `line` (the line this payload is in).
    func stringIs(_ key: StaticString, sameAs other: Range<Int>, in line: LineBytes) -> Bool {
        guard let range = find(key) else { return false }
        let mine = JSONScanner.unquoted(bytes, range), theirs = JSONScanner.unquoted(line, other)
        // Plain ASCII is the same text only as the same bytes; anything else is compared as text, as decoding compares it.
        if Self.isPlainASCII(mine), Self.isPlainASCII(theirs) { return mine.elementsEqual(theirs) }
        return JSONScanner.string(bytes, range) == JSONScanner.string(line, other)
    }

    private static func isPlainASCII(_ characters: LineBytes) -> Bool {
        characters.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "\\") }
    }
}
