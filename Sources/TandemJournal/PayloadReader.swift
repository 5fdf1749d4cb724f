import TandemCore

/// Why a journal line could not be read as an event.
public struct DecodeFailure: Error, Equatable, Sendable {
    public var reason: String
}

/// Reads typed fields out of a JSON object's bytes, naming the field when one
/// is missing or malformed. The object is checked whole when it is read; a
/// value becomes a Swift value only when it is asked for (the journal's hot path).
struct PayloadReader {
    let bytes: ArraySlice<UInt8>
    /// Each field: where its key's characters are, and its value's bytes.
    private var fields: [(key: Range<Int>, value: Range<Int>)] = []

    init(_ value: JSONValue) throws(DecodeFailure) {
        guard case .object = value else { throw DecodeFailure(reason: "payload is not an object") }
        var out: [UInt8] = []
        value.write(to: &out)
        try self.init(bytes: out[...])
    }

    init(bytes: ArraySlice<UInt8>) throws(DecodeFailure) {
        self.bytes = bytes
        var scanner = JSONScanner(bytes: bytes)
        do { fields = try scanner.objectFields() } catch {
            throw DecodeFailure(reason: "payload is not a valid JSON object (\(error.reason))")
        }
    }

    private func find(_ key: String) -> Range<Int>? {
        var key = key
        return key.withUTF8 { wanted in
            for field in fields where field.key.count == wanted.count {
                var same = true
                var at = field.key.lowerBound
                for b in wanted {
                    if bytes[at] != b { same = false; break }
                    at += 1
                }
                if same { return field.value }
            }
            return nil
        }
    }

    func has(_ key: String) -> Bool { find(key) != nil }

    private func field(_ key: String) throws(DecodeFailure) -> Range<Int> {
        guard let range = find(key) else { throw DecodeFailure(reason: "missing field \"\(key)\"") }
        return range
    }

    private func isNull(_ range: Range<Int>) -> Bool { bytes[range.lowerBound] == UInt8(ascii: "n") }

    private func stringValue(at range: Range<Int>, key: String) throws(DecodeFailure) -> String {
        guard bytes[range.lowerBound] == UInt8(ascii: "\""),
              let (text, _) = try? JSONParser.string(in: bytes[range], at: range.lowerBound)
        else { throw DecodeFailure(reason: "\"\(key)\" is not a string") }
        return text
    }

    func string(_ key: String) throws(DecodeFailure) -> String {
        try stringValue(at: try field(key), key: key)
    }

    func optionalString(_ key: String) throws(DecodeFailure) -> String? {
        guard let range = find(key), !isNull(range) else { return nil }
        return try stringValue(at: range, key: key)
    }

    /// The bytes of each item of a list of strings, quotes excluded (no escapes), or the decoded strings.
    func strings(_ key: String) throws(DecodeFailure) -> [String] {
        let range = try field(key)
        guard bytes[range.lowerBound] == UInt8(ascii: "[") else { throw DecodeFailure(reason: "\"\(key)\" is not a list") }
        var scanner = JSONScanner(bytes: bytes[range])
        let items: [Range<Int>]
        do { items = try scanner.arrayItems() } catch { throw DecodeFailure(reason: "\"\(key)\" is not a list") }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard bytes[item.lowerBound] == UInt8(ascii: "\"") else { throw DecodeFailure(reason: "\"\(key)\" holds a non-string") }
            result.append(try stringValue(at: item, key: key))
        }
        return result
    }

    func int(_ key: String) throws(DecodeFailure) -> Int {
        let range = try field(key)
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

    func bool(_ key: String) throws(DecodeFailure) -> Bool {
        let range = try field(key)
        switch bytes[range.lowerBound] {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: throw DecodeFailure(reason: "\"\(key)\" is not true or false")
        }
    }

    func term<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(DecodeFailure) -> T where T.RawValue == String {
        let raw = try string(key)
        guard let t = T(rawValue: raw) else { throw DecodeFailure(reason: "\"\(key)\" has unknown value \"\(raw)\"") }
        return t
    }

    func optionalTerm<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(DecodeFailure) -> T? where T.RawValue == String {
        has(key) ? try term(key, type) : nil
    }

    func terms<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(DecodeFailure) -> [T] where T.RawValue == String {
        var result: [T] = []
        for raw in try strings(key) {
            guard let t = T(rawValue: raw) else { throw DecodeFailure(reason: "\"\(key)\" has unknown value \"\(raw)\"") }
            result.append(t)
        }
        return result
    }

    func country(_ key: String) throws(DecodeFailure) -> CountryCode {
        let raw = try string(key)
        guard let c = CountryCode(raw) else { throw DecodeFailure(reason: "\"\(key)\" has unknown country \"\(raw)\"") }
        return c
    }

    func countries(_ key: String) throws(DecodeFailure) -> [CountryCode] {
        var result: [CountryCode] = []
        for raw in try strings(key) {
            guard let c = CountryCode(raw) else { throw DecodeFailure(reason: "\"\(key)\" has unknown country \"\(raw)\"") }
            result.append(c)
        }
        return result
    }

    func timestamp(_ key: String) throws(DecodeFailure) -> Timestamp {
        let range = try field(key)
        // The common case, a plain 20-character time, is read from the bytes.
        if range.count == 22, let t = Timestamp(iso8601Bytes: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]) { return t }
        let raw = try stringValue(at: range, key: key)
        guard let t = Timestamp(iso8601: raw) else { throw DecodeFailure(reason: "\"\(key)\" is not a UTC time") }
        return t
    }

    func optionalTimestamp(_ key: String) throws(DecodeFailure) -> Timestamp? {
        guard let range = find(key), !isNull(range) else { return nil }
        return try timestamp(key)
    }

    func optionalInt(_ key: String) throws(DecodeFailure) -> Int? {
        guard let range = find(key), !isNull(range) else { return nil }
        return try int(key)
    }

    func day(_ key: String) throws(DecodeFailure) -> Day {
        let range = try field(key)
        if range.count == 12, let d = Day(iso8601Bytes: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]) { return d }
        let raw = try stringValue(at: range, key: key)
        guard let d = Day(iso8601: raw) else { throw DecodeFailure(reason: "\"\(key)\" is not a date") }
        return d
    }

    /// A field holding an object of whole numbers, such as `{"police":12}`.
    func counts(_ key: String) throws(DecodeFailure) -> [(String, Int)] {
        let range = try field(key)
        guard bytes[range.lowerBound] == UInt8(ascii: "{") else { throw DecodeFailure(reason: "\"\(key)\" is not an object") }
        let inner = try PayloadReader(bytes: bytes[range])
        var result: [(String, Int)] = []
        for field in inner.fields {
            let name = String(decoding: bytes[field.key], as: UTF8.self)
            guard let n = try? inner.int(name) else { throw DecodeFailure(reason: "\"\(key)\" has an unknown entry \"\(name)\"") }
            result.append((name, n))
        }
        return result
    }
}

/// Walks JSON bytes, checking the grammar, without making values: it finds
/// where each field or item is, and leaves decoding to whoever asks.
struct JSONScanner {
    let bytes: ArraySlice<UInt8>
    var at: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        at = bytes.startIndex
    }

    struct Failure: Error { var reason: String }

    private var current: UInt8? { at < bytes.endIndex ? bytes[at] : nil }

    private mutating func skipSpace() {
        while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { at += 1 }
    }

    /// The fields of the object that is the whole of `bytes`: key characters (no quotes) and value bytes.
    mutating func objectFields() throws(Failure) -> [(key: Range<Int>, value: Range<Int>)] {
        skipSpace()
        let fields = try object(depth: 0)
        skipSpace()
        guard at == bytes.endIndex else { throw Failure(reason: "unexpected bytes after the object") }
        return fields
    }

    /// The items of the array that is the whole of `bytes`.
    mutating func arrayItems() throws(Failure) -> [Range<Int>] {
        skipSpace()
        guard current == UInt8(ascii: "[") else { throw Failure(reason: "expected a list") }
        at += 1
        var items: [Range<Int>] = []
        skipSpace()
        if current == UInt8(ascii: "]") { at += 1; return items }
        while true {
            skipSpace()
            let start = at
            try value(depth: 1)
            items.append(start..<at)
            skipSpace()
            switch current {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "]"): at += 1; return items
            default: throw Failure(reason: "expected ',' or ']'")
            }
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> [(key: Range<Int>, value: Range<Int>)] {
        guard current == UInt8(ascii: "{") else { throw Failure(reason: "expected an object") }
        at += 1
        var fields: [(key: Range<Int>, value: Range<Int>)] = []
        skipSpace()
        if current == UInt8(ascii: "}") { at += 1; return fields }
        // Room for the largest payload at once, instead of growing it four times.
        fields.reserveCapacity(12)
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw Failure(reason: "expected a key") }
            let keyStart = at + 1
            let plain = try string()
            guard plain else { throw Failure(reason: "a key with escapes") }
            let key = keyStart..<(at - 1)
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw Failure(reason: "expected ':'") }
            at += 1
            skipSpace()
            let valueStart = at
            try value(depth: depth + 1)
            fields.append((key, valueStart..<at))
            skipSpace()
            switch current {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "}"): at += 1; return fields
            default: throw Failure(reason: "expected ',' or '}'")
            }
        }
    }

    private mutating func value(depth: Int) throws(Failure) {
        guard depth < 64 else { throw Failure(reason: "nested too deeply") }
        guard let b = current else { throw Failure(reason: "unexpected end") }
        switch b {
        case UInt8(ascii: "{"): _ = try object(depth: depth)
        case UInt8(ascii: "["):
            at += 1
            skipSpace()
            if current == UInt8(ascii: "]") { at += 1; return }
            while true {
                skipSpace()
                try value(depth: depth + 1)
                skipSpace()
                switch current {
                case UInt8(ascii: ","): at += 1
                case UInt8(ascii: "]"): at += 1; return
                default: throw Failure(reason: "expected ',' or ']'")
                }
            }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), 0x30...0x39:
            if b == UInt8(ascii: "-") { at += 1 }
            let start = at
            while let d = current, d >= 0x30, d <= 0x39 { at += 1 }
            guard at > start else { throw Failure(reason: "expected a digit") }
            if bytes[start] == 0x30 && at - start > 1 { throw Failure(reason: "leading zero in a number") }
            if let c = current, c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                throw Failure(reason: "only whole numbers are allowed")
            }
        default: throw Failure(reason: "unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard bytes.endIndex - at >= count else { throw Failure(reason: "expected \(word)") }
        for i in 0..<count where bytes[at + i] != word.utf8Start[i] { throw Failure(reason: "expected \(word)") }
        at += count
    }

    /// Skips a string, checking its escapes; returns whether it had none.
    private mutating func string() throws(Failure) -> Bool {
        at += 1
        var plain = true
        while true {
            guard let b = current else { throw Failure(reason: "unterminated string") }
            if b == UInt8(ascii: "\"") { at += 1; return plain }
            if b < 0x20 { throw Failure(reason: "raw control character in a string") }
            if b == UInt8(ascii: "\\") {
                plain = false
                at += 1
                guard let e = current else { throw Failure(reason: "unterminated escape") }
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): at += 1
                case UInt8(ascii: "u"):
                    at += 1
                    for _ in 0..<4 {
                        guard let h = current, (0x30...0x39).contains(h) || (0x41...0x46).contains(h) || (0x61...0x66).contains(h) else {
                            throw Failure(reason: "bad \\u escape")
                        }
                        at += 1
                    }
                default: throw Failure(reason: "unknown escape")
                }
                continue
            }
            at += 1
        }
    }
}

extension JSONValue {
    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
    static func terms<T: RawRepresentable>(_ values: [T]) -> JSONValue where T.RawValue == String {
        .array(values.map { .string($0.rawValue) })
    }
    static func countries(_ values: [CountryCode]) -> JSONValue { .array(values.map { .string($0.code) }) }
}
