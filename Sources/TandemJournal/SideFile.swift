#if canImport(Glibc)
import Glibc
#endif
import TandemCore

/// Bytes set aside from a journal (a torn tail, bytes written over by a
/// restore, what a repair cut), kept in a new file beside it.
enum SideFile {
    /// Writes `bytes` to `JOURNAL.<kind>-<time>`, or with `-2`, `-3`… after it
    /// when that name is taken; never through a link, never over a file.
    /// Returns the path written.
    /// The SHA-256 of bytes set aside, as 64 lowercase hex digits (named in the journal's note of them).
    static func sha256(_ bytes: [UInt8]) -> String {
        HexHash(of: bytes[...]).text
    }

    static func write(_ bytes: [UInt8], beside journalPath: String, kind: String, now: () -> Timestamp, disk: DiskCalls = .system) throws(JournalError) -> String {
        let base = "\(journalPath).\(kind)-\(now().iso8601.filter { $0 != "-" && $0 != ":" })"
        var info = stat()
        for n in 1...1000 {
            let path = n == 1 ? base : "\(base)-\(n)"
            if lstat(path, &info) == 0 { continue }
            try disk.writeNewFile(path, bytes)
            return path
        }
        throw .io(operation: "create", path: base, reason: "a thousand files of that name exist")
    }
}
