/// Checks that a file's bytes are UTF-8 before they are read as text.
public enum UTF8Text {
    /// Where the first byte that is not UTF-8 lies (its line, from 1, and its
    /// byte offset), or nil when every byte is.
    public static func firstInvalid(in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, offset: Int)? {
        guard let offset = firstInvalidOffset(bytes) else { return nil }
        return (1 + CSV.lineCount(utf8: UnsafeBufferPointer(rebasing: bytes[..<offset]), countingUnfinished: false), offset)
    }

    /// The offset of the first byte that does not begin a whole, shortest-form
    /// UTF-8 character of at most U+10FFFF other than a surrogate. Eight bytes
    /// are looked at at a time while they are ASCII, as a spreadsheet mostly is.
    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var i = 0
        while i < count {
            while i + 8 <= count,
                  UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            if i == count { break }
            let lead = base[i]
            if lead < 0x80 { i += 1; continue }
            // The range the second byte must fall in excludes overlong forms, surrogates and code points past U+10FFFF.
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            let length: Int
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xED: length = 3; high = 0x9F
            case 0xE1...0xEF: length = 3
            case 0xF0: length = 4; low = 0x90
            case 0xF4: length = 4; high = 0x8F
            case 0xF1...0xF3: length = 4
            default: return i
            }
            if i + length > count { return i }
            let second = base[i + 1]
            if second < low || second > high { return i }
            for k in 2..<length where base[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }
}
