/// Checks that a file's bytes are UTF-8 before they are read as text.
public enum UTF8Text {
    /// Where the first byte that is not UTF-8 lies (its line, from 1, and its
    /// byte offset), or nil when every byte is.
    public static func firstInvalid(in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, offset: Int)? {
        do {
            _ = try UTF8Span(validating: Span(_unsafeElements: bytes))
            return nil
        } catch {
            let offset = error.byteOffsets.lowerBound
            var line = 1
            for byte in bytes[..<offset] where byte == 0x0A { line += 1 }
            return (line, offset)
        }
    }
}
