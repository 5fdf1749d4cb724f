import TandemCore

/// Writes JSON straight into bytes, field by field, exactly as `JSONValue.write`
/// would write the same object: no tree of values is built first. Used for
/// every event line written, where building the tree cost more than the disk.
struct JSONBytesWriter {
    var out: [UInt8] = []
    /// Whether the next field of the object being written needs a comma first.
    private var needsComma = false

    init(capacity: Int) { out.reserveCapacity(capacity) }

    mutating func beginObject() {
        out.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        out.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Starts a field; its value is written next. Keys are plain ASCII.
    mutating func field(_ key: StaticString) {
        if needsComma { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
        needsComma = true
    }

    /// Starts a field whose key is not a constant.
    mutating func field(named key: String) {
        if needsComma { out.append(UInt8(ascii: ",")) }
        JSONValue.writeString(key, to: &out)
        out.append(UInt8(ascii: ":"))
        needsComma = true
    }

    mutating func string(_ value: String) { JSONValue.writeString(value, to: &out) }
    mutating func string(_ value: String?) { if let value { string(value) } else { null() } }
    mutating func null() { out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }
    mutating func bool(_ value: Bool) { out.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8)) }

    mutating func int(_ value: Int) {
        if value < 0 {
            out.append(contentsOf: String(value).utf8)
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }

    mutating func term<T: RawRepresentable>(_ value: T) where T.RawValue == String { string(value.rawValue) }
    mutating func country(_ value: CountryCode) { string(value.code) }

    /// `"2015-09-28"`
    mutating func day(_ value: Day) {
        out.append(UInt8(ascii: "\""))
        writeDay(value)
        out.append(UInt8(ascii: "\""))
    }

    /// `"2015-09-28T09:00:00Z"`
    mutating func time(_ value: Timestamp) {
        out.append(UInt8(ascii: "\""))
        writeDay(value.day)
        let s = value.secondOfDay
        out.append(UInt8(ascii: "T"))
        twoDigits(s / 3600)
        out.append(UInt8(ascii: ":"))
        twoDigits(s / 60 % 60)
        out.append(UInt8(ascii: ":"))
        twoDigits(s % 60)
        out.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }

    mutating func strings(_ values: [String]) { list(values) { $0.string($1) } }
    mutating func terms<T: RawRepresentable>(_ values: [T]) where T.RawValue == String { list(values) { $0.term($1) } }
    mutating func countries(_ values: [CountryCode]) { list(values) { $0.country($1) } }

    private mutating func list<T>(_ values: [T], _ write: (inout JSONBytesWriter, T) -> Void) {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(&self, value)
        }
        out.append(UInt8(ascii: "]"))
    }

    private mutating func writeDay(_ value: Day) {
        let (year, month, day) = value.components
        guard (0...9999).contains(year) else { return out.append(contentsOf: value.iso8601.utf8) }
        twoDigits(year / 100)
        twoDigits(year % 100)
        out.append(UInt8(ascii: "-"))
        twoDigits(month)
        out.append(UInt8(ascii: "-"))
        twoDigits(day)
    }

    private mutating func twoDigits(_ value: Int) {
        out.append(UInt8(truncatingIfNeeded: 0x30 + value / 10))
        out.append(UInt8(truncatingIfNeeded: 0x30 + value % 10))
    }
}
