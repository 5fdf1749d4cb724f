import TandemJournal

/// A plain JSON parser (RFC 8259, whole numbers only) that builds a tree: the
/// reference the tests hold the journal's line codec (`JSONScanner`,
/// `LineEnvelope`) to, and a reader of what the commands write out.
public struct JSONParser {
    public struct Failure: Error, Equatable {
        public var offset: Int
        public var reason: String
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int
    private static let maximumDepth = 64

    public static func parse(_ bytes: ArraySlice<UInt8>) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes, position: bytes.startIndex)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        if parser.position != bytes.endIndex { throw parser.fail("unexpected bytes after the value") }
        return value
    }

    /// The JSON string that starts at `start` (its opening quote), and the index just past it.
    public static func string(in bytes: ArraySlice<UInt8>, at start: Int) throws(Failure) -> (String, Int) {
        var parser = JSONParser(bytes: bytes, position: start)
        guard parser.current == UInt8(ascii: "\"") else { throw parser.fail("expected a string") }
        let text = try parser.string()
        return (text, parser.position)
    }

    public static func parse(_ text: String) throws(Failure) -> JSONValue {
        try parse(ArraySlice(text.utf8))
    }

    private func fail(_ reason: String) -> Failure {
        Failure(offset: position - bytes.startIndex, reason: reason)
    }

    private var current: UInt8? { position < bytes.endIndex ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { position += 1 }
    }

    private mutating func expect(_ literal: String) throws(Failure) {
        for b in literal.utf8 {
            guard current == b else { throw fail("expected \(literal)") }
            position += 1
        }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < JSONParser.maximumDepth else { throw fail("nested too deeply") }
        guard let b = current else { throw fail("unexpected end of line") }
        switch b {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try integer())
        default: throw fail("unexpected character")
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        position += 1
        var fields: [JSONField] = []
        skipSpace()
        if current == UInt8(ascii: "}") { position += 1; return .object(fields) }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let key = try string()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw fail("expected ':'") }
            position += 1
            skipSpace()
            fields.append(JSONField(key, try value(depth: depth + 1)))
            skipSpace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(fields)
            default: throw fail("expected ',' or '}'")
            }
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        position += 1
        var items: [JSONValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(items)
            default: throw fail("expected ',' or ']'")
            }
        }
    }

    private mutating func integer() throws(Failure) -> Int64 {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, first >= 0x30, first <= 0x39 else { throw fail("expected a digit") }
        if first == 0x30, position + 1 < bytes.endIndex, (0x30...0x39).contains(bytes[position + 1]) {
            throw fail("leading zero in a number")
        }
        while let d = current, d >= 0x30, d <= 0x39 { position += 1 }
        if let c = current, c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            throw fail("only whole numbers are allowed")
        }
        guard let n = Int64(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw fail("number out of range")
        }
        return n
    }

    private mutating func string() throws(Failure) -> String {
        position += 1
        let start = position
        // Fast path: no escapes. One pass over the bytes in place finds the
        // closing quote and whether everything before it is ASCII.
        let (end, ascii) = bytes.withUnsafeBufferPointer { buffer -> (Int?, Bool) in
            var seen: UInt8 = 0
            var at = start - bytes.startIndex
            while at < buffer.count {
                let b = buffer[at]
                if b == UInt8(ascii: "\"") { return (at + bytes.startIndex, seen < 0x80) }
                if b == UInt8(ascii: "\\") || b < 0x20 { return (nil, false) }
                seen |= b
                at += 1
            }
            return (nil, false)
        }
        if let end {
            position = end + 1
            let slice = bytes[start..<end]
            return ascii ? String(decoding: slice, as: UTF8.self) : try decodeUTF8(slice)
        }
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() throws(Failure) {
            if !run.isEmpty { scalars.append(contentsOf: try decodeUTF8(run[...]).unicodeScalars); run.removeAll() }
        }
        while true {
            guard let b = current else { throw fail("unterminated string") }
            if b == UInt8(ascii: "\"") { position += 1; break }
            if b < 0x20 { throw fail("raw control character in a string") }
            if b != UInt8(ascii: "\\") { run.append(b); position += 1; continue }
            try flush()
            position += 1
            guard let e = current else { throw fail("unterminated escape") }
            position += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    try expect("\\u")
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw fail("unpaired surrogate") }
                scalars.append(scalar)
            default: throw fail("unknown escape")
            }
        }
        try flush()
        return String(scalars)
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let b = current else { throw fail("short \\u escape") }
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw fail("bad hex digit in \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private func decodeUTF8(_ slice: ArraySlice<UInt8>) throws(Failure) -> String {
        if slice.allSatisfy({ $0 < 0x80 }) { return String(decoding: slice, as: UTF8.self) }
        guard let text = String(validating: slice, as: UTF8.self) else { throw fail("invalid UTF-8") }
        return text
    }
}
