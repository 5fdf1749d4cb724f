#if canImport(Glibc)
import Glibc
#endif
import TandemCore
import TandemJournal

/// When this laptop last heard from the shared server, kept beside the copy
/// (`COPY.contact`, one ISO 8601 time) so that `tandem shared status` can say
/// it while the server cannot be reached.
public enum LastContact {
    public static func path(beside copy: String) -> String { copy + ".contact" }

    public static func read(beside copy: String) -> Timestamp? {
        guard let file = fopen(path(beside: copy), "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 64)
        guard fgets(&line, Int32(line.count), file) != nil else { return nil }
        let text = String(decoding: line.prefix { $0 != 0 && $0 != 0x0A }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Timestamp(iso8601: text)
    }

    /// Best effort: a time that cannot be written only leaves the older one.
    static func write(_ time: Timestamp, beside copy: String) {
        try? PrivateFile.replace(path(beside: copy), with: Array((time.iso8601 + "\n").utf8))
    }
}
