#if canImport(Glibc)
import Glibc
#endif
import CJournalCalls
import Crypto

/// A SHA-256 written as 64 lowercase hex digits, as the chain's `prev` holds
/// it, kept inline: copying and comparing one costs no reference counting.
struct HexHash: Equatable, Sendable {
    private var digits: SIMD64<UInt8>

    /// Whether the processor's SHA instructions hash the lines (else the library does).
    static let hardware = tandem_sha256_hardware_available() != 0

    /// The SHA-256 of `bytes`.
    init(of bytes: UnsafeRawBufferPointer) {
        guard Self.hardware else {
            self.init(SHA256.hash(data: bytes))
            return
        }
        var digits = SIMD64<UInt8>()
        Swift.withUnsafeMutableBytes(of: &digits) { target in
            tandem_sha256_hex_hardware(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count,
                                       target.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        self.init(digits: digits)
    }

    private init(digits: SIMD64<UInt8>) { self.digits = digits }

    /// The SHA-256s of two lines, hashed together: one line's rounds run while
    /// the other's wait, two in little more than the time of one.
    static func two(of a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> (HexHash, HexHash) {
        guard hardware else { return (HexHash(of: a), HexHash(of: b)) }
        var first = SIMD64<UInt8>(), second = SIMD64<UInt8>()
        Swift.withUnsafeMutableBytes(of: &first) { x in
            Swift.withUnsafeMutableBytes(of: &second) { y in
                tandem_sha256_hex_hardware_two(a.baseAddress?.assumingMemoryBound(to: UInt8.self), a.count,
                                               x.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                               b.baseAddress?.assumingMemoryBound(to: UInt8.self), b.count,
                                               y.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        return (HexHash(digits: first), HexHash(digits: second))
    }

    init(of bytes: ArraySlice<UInt8>) {
        self = bytes.withUnsafeBytes { HexHash(of: $0) }
    }

    /// The SHA-256 of `bytes` by the library, whatever the processor: what the fast path is held to.
    init(byLibrary bytes: UnsafeRawBufferPointer) {
        self.init(SHA256.hash(data: bytes))
    }

    init(_ digest: SHA256Digest) {
        var digits = SIMD64<UInt8>()
        withUnsafeMutableBytes(of: &digits) { target in
            Self.hexPairs.withUnsafeBufferPointer { pairs in
                digest.withUnsafeBytes { raw in
                    for (index, byte) in raw.enumerated() {
                        target.storeBytes(of: pairs[Int(byte)].littleEndian, toByteOffset: index * 2, as: UInt16.self)
                    }
                }
            }
        }
        self.digits = digits
    }

    /// Two hex digits for each byte value, as one little-endian 16-bit number.
    private static let hexPairs: [UInt16] = (0..<256).map { UInt16(hexDigit(UInt8($0) >> 4)) | UInt16(hexDigit(UInt8($0) & 0x0F)) << 8 }

    /// The characters, when there are exactly 64 of them (nothing else can be a line's hash).
    init?(_ characters: some Collection<UInt8>) {
        guard characters.count == 64 else { return nil }
        digits = SIMD64()
        for (index, byte) in characters.enumerated() { digits[index] = byte }
    }

    init?(_ text: String) { self.init(text.utf8) }

    /// The 64 bytes at `start`, unless one is a backslash (then they are JSON with an escape, read as text).
    init?(unescapedAt start: UnsafeRawPointer) {
        if memchr(start, Int32(UInt8(ascii: "\\")), 64) != nil { return nil }
        digits = start.loadUnaligned(as: SIMD64<UInt8>.self)
    }

    /// Whether the 64 bytes at `start` are these digits.
    func sameDigits(at start: UnsafeRawPointer) -> Bool {
        withUnsafeBytes(of: digits) { sameBytes($0.baseAddress!, start, 64) }
    }

    // By hand: the SIMD type's own comparison goes lane by lane.
    static func == (a: HexHash, b: HexHash) -> Bool {
        withUnsafeBytes(of: b.digits) { a.sameDigits(at: $0.baseAddress!) }
    }

    var text: String {
        withUnsafeBytes(of: digits) { String(decoding: $0, as: UTF8.self) }
    }

    @inline(__always) private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
}
