import TandemCore

/// Why a journal line could not be read as an event.
public struct DecodeFailure: Error, Equatable, Sendable {
    public var reason: String
}

/// Reads typed fields out of a payload's bytes, naming the field when one is
/// missing or malformed. The scan that found the fields checked the object
/// whole; a value becomes a Swift value only when it is asked for. It reads
/// the line in place, so it lives only as long as the line is lent (see `LineBytes`).
struct PayloadReader {
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

    /// A list's items, each a string (where each item's bytes are, quotes included).
    private func items(_ key: StaticString) throws(DecodeFailure) -> [Range<Int>] {
        let range = try field(key)
        guard bytes[range.lowerBound] == UInt8(ascii: "[") else { throw DecodeFailure(reason: "\"\(key)\" is not a list") }
        var scanner = JSONScanner(bytes: bytes[range])
        let items: [Range<Int>]
        do { items = try scanner.arrayItems() } catch { throw DecodeFailure(reason: "\"\(key)\" is not a list") }
        for item in items where bytes[item.lowerBound] != UInt8(ascii: "\"") {
            throw DecodeFailure(reason: "\"\(key)\" holds a non-string")
        }
        return items
    }

    /// A list of strings.
    func strings(_ key: StaticString) throws(DecodeFailure) -> [String] {
        try items(key).map { (item) throws(DecodeFailure) -> String in try stringValue(at: item, key: key) }
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
        try items(key).map { (item) throws(DecodeFailure) -> T in try term(at: item, key: key) }
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
        try items(key).map { (item) throws(DecodeFailure) -> CountryCode in try country(at: item, key: key) }
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

    /// A field holding an object of whole numbers, such as `{"police":12}`.
    func counts(_ key: StaticString) throws(DecodeFailure) -> [(String, Int)] {
        let range = try field(key)
        guard bytes[range.lowerBound] == UInt8(ascii: "{") else { throw DecodeFailure(reason: "\"\(key)\" is not an object") }
        let inner = try PayloadReader(bytes: bytes[range])
        var result: [(String, Int)] = []
        for field in inner.fields {
            let name = field.keyText(in: bytes)
            guard let n = try? inner.int(at: field.value, key: key) else { throw DecodeFailure(reason: "\"\(key)\" has an unknown entry \"\(name)\"") }
            result.append((name, n))
        }
        return result
    }
}
