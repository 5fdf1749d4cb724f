#if canImport(Glibc)
import Glibc
#endif

/// A journal line's bytes read in place, indexed as in the buffer that holds
/// them. They are lent (see `withLineBytes`), never kept: what holds them (a
/// scanner, an envelope, a payload reader) lives only inside the closure that
/// lent them, so that reading a line counts no reference up and down.
typealias LineBytes = Slice<UnsafeBufferPointer<UInt8>>

extension Array<UInt8> {
    /// Lends the bytes at `range`, indexed as in the array.
    func withLineBytes<R, E>(_ range: Range<Int>, _ body: (LineBytes) throws(E) -> R) throws(E) -> R {
        try withUnsafeBufferPointer { (buffer) throws(E) -> R in try body(buffer[range]) }
    }
}

extension ArraySlice<UInt8> {
    /// Lends the bytes, indexed from 0.
    func withLineBytes<R, E>(_ body: (LineBytes) throws(E) -> R) throws(E) -> R {
        try withUnsafeBufferPointer { (buffer) throws(E) -> R in try body(buffer[...]) }
    }
}

/// Whether `count` bytes at `a` and `b` are the same. Inline, eight bytes at a
/// time: the journal compares keys, names and hashes a few bytes long for every
/// line, where a call to `memcmp` cost more than the comparing.
@inline(__always)
func sameBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var i = 0
    while i + 8 <= count {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    if count >= 8 {
        // The last few bytes as the last eight, overlapping those compared.
        return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
    if i + 4 <= count {
        if a.loadUnaligned(fromByteOffset: i, as: UInt32.self) != b.loadUnaligned(fromByteOffset: i, as: UInt32.self) { return false }
        i += 4
    }
    while i < count {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}

/// The one JSON grammar the journal reads with (RFC 8259, whole numbers only):
/// it walks bytes checking them, finds where each field or item is, and makes
/// a Swift value only of what a reader asks for. Every journal line, and the
/// header, is read through it (see `LineEnvelope`).
struct JSONScanner {
    let bytes: LineBytes
    var at: Int

    init(bytes: LineBytes) {
        self.bytes = bytes
        at = bytes.startIndex
    }

    struct Failure: Error {
        var reason: String
        /// Where the problem is, counted from the first byte scanned.
        var column: Int
    }

    /// One field of an object: its key's characters (no quotes) and its value's bytes.
    struct Field: Sendable {
        var key: Range<Int>
        var value: Range<Int>
        /// The key holds an escape (Tandem writes none): it is compared as text.
        var escapedKey = false

        /// Whether the key is `name`.
        func keyIs(_ name: UnsafeBufferPointer<UInt8>, in bytes: LineBytes) -> Bool {
            if escapedKey { return JSONScanner.string(bytes, (key.lowerBound - 1)..<(key.upperBound + 1)).map { $0.utf8.elementsEqual(name) } ?? false }
            guard key.count == name.count else { return false }
            return key.isEmpty || sameBytes(bytes.base.baseAddress! + key.lowerBound, name.baseAddress!, name.count)
        }

        func keyIs(_ name: [UInt8], in bytes: LineBytes) -> Bool {
            name.withUnsafeBufferPointer { keyIs($0, in: bytes) }
        }

        func keyIs(_ name: StaticString, in bytes: LineBytes) -> Bool {
            name.withUTF8Buffer { keyIs($0, in: bytes) }
        }

        /// The key as text.
        func keyText(in bytes: LineBytes) -> String {
            JSONScanner.string(bytes, (key.lowerBound - 1)..<(key.upperBound + 1)) ?? ""
        }
    }

    static let maximumDepth = 64

    private func fail(_ reason: String) -> Failure { Failure(reason: reason, column: at - bytes.startIndex + 1) }

    private var current: UInt8? { at < bytes.endIndex ? bytes[at] : nil }

    mutating func skipSpace() {
        while at < bytes.endIndex {
            let b = bytes[at]
            guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return }
            at += 1
        }
    }

    /// Nothing but space is left.
    mutating func end() throws(Failure) {
        skipSpace()
        guard at == bytes.endIndex else { throw fail("unexpected bytes after the object") }
    }

    /// The fields of the object that is the whole of `bytes`.
    mutating func objectFields() throws(Failure) -> [Field] {
        skipSpace()
        var fields: [Field] = []
        try object(depth: 0, into: &fields)
        try end()
        return fields
    }

    // MARK: Walking an object field by field (a line's envelope)

    /// Steps into the object that starts here.
    mutating func enterObject() throws(Failure) {
        skipSpace()
        guard current == UInt8(ascii: "{") else { throw fail("expected an object") }
        at += 1
    }

    /// The next key of the object entered (a field whose value is yet to be
    /// read), with `at` on its value, or nil (and `at` past the object) at its
    /// end. `first` says no field was read yet. Also gives where the separator
    /// before the key starts (its comma, or the key itself).
    mutating func nextKey(first: Bool) throws(Failure) -> (key: Field, start: Int)? {
        skipSpace()
        let start = at
        guard try nextEntry(first: first, closer: UInt8(ascii: "}")) else { return nil }
        guard current == UInt8(ascii: "\"") else { throw fail("expected a key") }
        let keyStart = at + 1
        let plain = try skipString()
        let key = Field(key: keyStart..<(at - 1), value: at..<at, escapedKey: !plain)
        skipSpace()
        guard current == UInt8(ascii: ":") else { throw fail("expected ':'") }
        at += 1
        skipSpace()
        return (key, start)
    }

    /// Steps past what comes before an object's next field or a list's next
    /// item (nothing before the first, a comma before any other) and the space
    /// after it; false, past it, at `closer` (the object's or list's end).
    private mutating func nextEntry(first: Bool, closer: UInt8) throws(Failure) -> Bool {
        if current == closer { at += 1; return false }
        if !first {
            guard current == UInt8(ascii: ",") else { throw fail("expected ',' or '\(Character(Unicode.Scalar(closer)))'") }
            at += 1
            skipSpace()
        }
        return true
    }

    /// Steps into the list that starts here.
    mutating func enterArray() throws(Failure) {
        skipSpace()
        guard current == UInt8(ascii: "[") else { throw fail("expected a list") }
        at += 1
    }

    /// The next item of the list entered (where its bytes are), or nil (and
    /// `at` past the list) at its end. `first` says no item was read yet.
    mutating func nextItem(first: Bool, depth: Int = 0) throws(Failure) -> Range<Int>? {
        skipSpace()
        guard try nextEntry(first: first, closer: UInt8(ascii: "]")) else { return nil }
        let start = at
        try value(depth: depth + 1)
        let item = start..<at
        skipSpace()
        return item
    }

    /// Skips the value that starts here; returns its bytes.
    mutating func skipValue(depth: Int = 1) throws(Failure) -> Range<Int> {
        let start = at
        try value(depth: depth)
        return start..<at
    }

    /// Reads the object that starts here as fields, and goes past it.
    mutating func nestedObject(depth: Int = 1) throws(Failure) -> (fields: [Field], bytes: Range<Int>) {
        var fields: [Field] = []
        let bytes = try nestedObject(depth: depth, into: &fields)
        return (fields, bytes)
    }

    /// The same, putting the fields in `fields` (emptied first): a reader of
    /// many lines keeps one list for them rather than making one for each line.
    mutating func nestedObject(depth: Int = 1, into fields: inout [Field]) throws(Failure) -> Range<Int> {
        let start = at
        fields.removeAll(keepingCapacity: true)
        try object(depth: depth, into: &fields)
        return start..<at
    }

    // MARK: The grammar

    /// Walks the object that starts here, adding its fields to `fields` when `keeping`.
    private mutating func object(depth: Int, into fields: inout [Field], keeping: Bool = true) throws(Failure) {
        guard depth < JSONScanner.maximumDepth else { throw fail("nested too deeply") }
        guard current == UInt8(ascii: "{") else { throw fail("expected an object") }
        at += 1
        // Room for the largest payload at once, instead of growing it four times.
        if keeping { fields.reserveCapacity(12) }
        var first = true
        while var (field, _) = try nextKey(first: first) {
            first = false
            let valueStart = at
            try value(depth: depth + 1)
            field.value = valueStart..<at
            if keeping { fields.append(field) }
        }
    }

    private mutating func array(depth: Int) throws(Failure) {
        guard depth < JSONScanner.maximumDepth else { throw fail("nested too deeply") }
        at += 1
        var first = true
        while try nextItem(first: first, depth: depth) != nil { first = false }
    }

    private mutating func value(depth: Int) throws(Failure) {
        guard depth < JSONScanner.maximumDepth else { throw fail("nested too deeply") }
        guard let b = current else { throw fail("unexpected end of line") }
        switch b {
        case UInt8(ascii: "{"):
            var unkept: [Field] = []
            try object(depth: depth, into: &unkept, keeping: false)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""): _ = try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), 0x30...0x39:
            if b == UInt8(ascii: "-") { at += 1 }
            let start = at
            while let d = current, d >= 0x30, d <= 0x39 { at += 1 }
            guard at > start else { throw fail("expected a digit") }
            if bytes[start] == 0x30 && at - start > 1 { throw fail("leading zero in a number") }
            if let c = current, c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                throw fail("only whole numbers are allowed")
            }
            // Int64's range: 19 digits at most, checked exactly only when that long.
            if at - start > 19 || (at - start == 19 && JSONScanner.integer(bytes[(b == UInt8(ascii: "-") ? start - 1 : start)..<at]) == nil) {
                throw fail("number out of range")
            }
        default: throw fail("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard bytes.endIndex - at >= count else { throw fail("expected \(word)") }
        for i in 0..<count where bytes[at + i] != word.utf8Start[i] { throw fail("expected \(word)") }
        at += count
    }

    /// Skips a string, checking its escapes and its UTF-8; returns whether it had no escapes.
    private mutating func skipString() throws(Failure) -> Bool {
        at += 1
        // The common case: a run of printable ASCII up to the closing quote, walked in place.
        // Eight bytes at a time up to the first that is a quote, a backslash, a control byte or past ASCII.
        if let base = bytes.base.baseAddress {
            let raw = UnsafeRawPointer(base)
            var i = at
            let end = bytes.endIndex
            var found = false
            while i + 8 <= end {
                let stops = JSONScanner.stops(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian)
                if stops != 0 {
                    i += stops.trailingZeroBitCount >> 3
                    found = true
                    break
                }
                i += 8
            }
            while !found, i < end {
                let b = base[i]
                if b == 0x22 || b == 0x5C || b < 0x20 || b >= 0x80 { break }
                i += 1
            }
            at = i
        }
        if at < bytes.endIndex, bytes[at] == 0x22 {
            at += 1
            return true
        }
        var plain = true
        while true {
            guard let b = current else { throw fail("unterminated string") }
            if b == UInt8(ascii: "\"") { at += 1; return plain }
            if b < 0x20 { throw fail("raw control character in a string") }
            if b >= 0x80 {
                guard let length = JSONScanner.utf8Length(bytes, at: at) else { throw fail("invalid UTF-8") }
                at += length
                continue
            }
            if b == UInt8(ascii: "\\") {
                plain = false
                at += 1
                guard let e = current else { throw fail("unterminated escape") }
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): at += 1
                case UInt8(ascii: "u"):
                    at += 1
                    let code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard bytes.endIndex - at >= 2, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate")
                        }
                        at += 2
                        guard (0xDC00..<0xE000).contains(try hex4()) else { throw fail("unpaired surrogate") }
                    } else if (0xDC00..<0xE000).contains(code) {
                        throw fail("unpaired surrogate")
                    }
                default: throw fail("unknown escape")
                }
                continue
            }
            at += 1
        }
    }

    /// Of eight bytes (the first the lowest), the high bit of each that ends a
    /// plain run of a string: a quote, a backslash, a control byte, or a byte past
    /// ASCII. A byte after the first such may be marked wrongly; the lowest mark is
    /// always the first such byte, and none is marked when there is none.
    @inline(__always) static func stops(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func zeros(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let control = (w &- 0x2020_2020_2020_2020) & ~w & highs
        return (w & highs) | control | zeros(w ^ 0x2222_2222_2222_2222) | zeros(w ^ 0x5C5C_5C5C_5C5C_5C5C)
    }

    /// When the bytes here are `literal` (a key as Tandem writes it, with its
    /// separator and colon), steps past them: the quick way through a line of
    /// the usual shape, which `nextKey` reads whatever its shape.
    mutating func skip(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.endIndex - at >= count else { return false }
        let same = count == 0 || sameBytes(bytes.base.baseAddress! + at, literal.utf8Start, count)
        if same { at += count }
        return same
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = current.flatMap(JSONScanner.hexValue) else { throw fail("bad \\u escape") }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    /// The length of the well-formed UTF-8 sequence of several bytes at `at`, or nil.
    private static func utf8Length(_ bytes: LineBytes, at: Int) -> Int? {
        let lead = bytes[at]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard bytes.endIndex - at >= length else { return nil }
        guard (low...high).contains(bytes[at + 1]) else { return nil }
        for i in 2..<length where !(0x80...0xBF).contains(bytes[at + i]) { return nil }
        return length
    }

    // MARK: Values, made only when asked for

    /// The string whose bytes (quotes included) the scan found at `range`.
    static func string(_ bytes: LineBytes, _ range: Range<Int>) -> String? {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""), bytes[range.upperBound - 1] == UInt8(ascii: "\"") else {
            return nil
        }
        let inner = unquoted(bytes, range)
        // Checked by the scan: well-formed UTF-8; without a backslash it is the text itself.
        guard hasEscape(inner) else { return String(decoding: inner, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var at = inner.startIndex
        while at < inner.endIndex {
            let b = inner[at]
            at += 1
            guard b == UInt8(ascii: "\\") else { out.append(b); continue }
            let e = inner[at]
            at += 1
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = hex4(inner, at)
                at += 4
                if (0xD800..<0xDC00).contains(code) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (hex4(inner, at + 2) - 0xDC00)
                    at += 6
                }
                guard let scalar = Unicode.Scalar(code) else { return nil }
                out.append(contentsOf: String(Character(scalar)).utf8)
            default: out.append(e)  // " \ /
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the value the scan found at `range` is a string. The scan checked
    /// its escapes and its UTF-8: `string` makes a text of every one that is.
    static func isString(_ bytes: LineBytes, _ range: Range<Int>) -> Bool {
        range.count >= 2 && bytes[range.lowerBound] == UInt8(ascii: "\"")
    }

    /// A string value's bytes (quotes included, as the scan found them) without its quotes.
    static func unquoted(_ bytes: LineBytes, _ range: Range<Int>) -> LineBytes {
        bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]
    }

    /// Whether a string's characters (as the scan found them) hold a backslash: an escape.
    static func hasEscape(_ characters: LineBytes) -> Bool {
        guard !characters.isEmpty, let base = characters.base.baseAddress else { return false }
        return memchr(base + characters.startIndex, 0x5C, characters.count) != nil
    }

    private static func hex4(_ bytes: LineBytes, _ at: Int) -> UInt32 {
        var value: UInt32 = 0
        for i in 0..<4 { value = value << 4 | UInt32(hexValue(bytes[at + i]) ?? 0) }
        return value
    }

    /// The whole number at `range` (as the scan found it), if it fits.
    static func integer(_ bytes: LineBytes) -> Int? {
        var at = bytes.startIndex
        let negative = at < bytes.endIndex && bytes[at] == UInt8(ascii: "-")
        if negative { at += 1 }
        guard at < bytes.endIndex else { return nil }
        var value = 0
        while at < bytes.endIndex {
            let b = bytes[at]
            guard b >= 0x30, b <= 0x39 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(Int(b - 0x30)) : times.addingReportingOverflow(Int(b - 0x30))
            if o1 || o2 { return nil }
            value = next
            at += 1
        }
        return value
    }
}
