import CJournalCalls

/// CRC-32C (Castagnoli) of a line's content. The hash chain shows that each
/// line follows from the one before; the checksum shows that a line itself
/// is whole, which the chain cannot do for the last line. Every single-bit
/// flip, and every burst of up to 32 bits, changes it.
enum Checksum {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
        return c
    }

    private static let hardware = tandem_crc32c_hardware_available() != 0

    static func crc32c(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        if hardware {
            return bytes.withUnsafeBufferPointer { tandem_crc32c_hardware(0xFFFF_FFFF, $0.baseAddress, $0.count) } ^ 0xFFFF_FFFF
        }
        return crc32cInSoftware(bytes)
    }

    static func crc32cInSoftware(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for byte in bytes { crc = t[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let prefix: StaticString = #","crc":""#
    private static let closing: StaticString = #""}"#
    /// `,"crc":"` + eight hex digits + `"}`
    static let suffixLength = prefix.utf8CodeUnitCount + 8 + closing.utf8CodeUnitCount

    /// Closes a JSON object written without its final `}` by adding its checksum field.
    static func seal(_ content: inout [UInt8], from start: Int = 0) {
        let crc = crc32c(content[start...])
        content.append(contentsOf: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
        for shift in stride(from: 28, through: 0, by: -4) { content.append(hexDigits[Int((crc >> UInt32(shift)) & 0xF)]) }
        content.append(contentsOf: UnsafeBufferPointer(start: closing.utf8Start, count: closing.utf8CodeUnitCount))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Whether a sealed line's checksum matches its content.
    static func isIntact(_ line: ArraySlice<UInt8>) -> Bool {
        line.withUnsafeBytes { isIntact($0) }
    }

    /// The same over the line's bytes in place (the hot path of reading a journal).
    static func isIntact(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.count > suffixLength, let base = line.baseAddress else { return false }
        let contentEnd = line.count - suffixLength
        let digitsStart = contentEnd + prefix.utf8CodeUnitCount
        let closingStart = line.count - closing.utf8CodeUnitCount
        guard sameBytes(base + contentEnd, prefix.utf8Start, prefix.utf8CodeUnitCount),
              sameBytes(base + closingStart, closing.utf8Start, closing.utf8CodeUnitCount)
        else { return false }
        var recorded: UInt32 = 0
        for at in digitsStart..<closingStart {
            let byte = line[at]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return false
            }
            recorded = recorded << 4 | UInt32(digit)
        }
        let crc = hardware
            ? tandem_crc32c_hardware(0xFFFF_FFFF, base.assumingMemoryBound(to: UInt8.self), contentEnd) ^ 0xFFFF_FFFF
            : crc32cInSoftware(ArraySlice(UnsafeRawBufferPointer(rebasing: line[..<contentEnd])))
        return recorded == crc
    }
}
