#if canImport(Glibc)
import Glibc
#endif
import Crypto
import TandemCore

/// Which lines of which journal a snapshot holds: everything up to and
/// including the line that ends at `length`, whose hash and sequence number
/// are here. Opening checks that line is still there before trusting it.
public struct SnapshotKey: Equatable, Sendable {
    public var journalID: String
    /// File offset just past the newline of the last line covered.
    public var length: Int
    /// File offset where that line starts.
    public var lastLineStart: Int
    public var sequence: Int
    /// That line's SHA-256, as 64 hex digits.
    public var hash: String
}

/// The replayed case file, kept beside the journal (`<journal>.snapshot`, 0600)
/// so that a large journal opens without replaying every line. It is a cache:
/// one that is missing, damaged, of another schema or of another journal is
/// ignored and made again. Its own SHA-256 closes it, so a damaged snapshot is
/// never read as a good one.
enum SnapshotFile {
    static let magic = Array("TANDEM-SNAPSHOT 1\n".utf8)

    static func path(for journal: String) -> String { journal + ".snapshot" }

    static let fingerprint: String = {
        var hex: [UInt8] = Array(repeating: 0, count: 64)
        HashedChunk.writeHex(of: Array(SnapshotSchema.description.utf8)[...], into: &hex, at: 0)
        return String(decoding: hex, as: UTF8.self)
    }()

    static func encode(_ file: CaseFile, key: SnapshotKey) -> [UInt8] {
        var w = SnapshotWriter()
        w.bytes = magic
        w.string(fingerprint)
        w.string(key.journalID)
        w.int(key.length)
        w.int(key.lastLineStart)
        w.int(key.sequence)
        w.string(key.hash)
        CaseFileSnapshot.encode(file, into: &w)
        return sealed(w.bytes)
    }

    /// The bytes with their SHA-256 after them.
    static func sealed(_ body: [UInt8]) -> [UInt8] { body + SHA256.hash(data: body) }

    /// The key and case file a snapshot holds; throws when it cannot be used.
    static func decode(_ bytes: [UInt8]) throws(SnapshotDamaged) -> (SnapshotKey, CaseFile) {
        let digestSize = SHA256.byteCount
        guard bytes.count > magic.count + digestSize, bytes.starts(with: magic) else {
            throw SnapshotDamaged(reason: "not a Tandem snapshot")
        }
        let body = bytes[..<(bytes.count - digestSize)]
        guard SHA256.hash(data: body).elementsEqual(bytes[(bytes.count - digestSize)...]) else {
            throw SnapshotDamaged(reason: "its checksum does not match its content")
        }
        // withUnsafeBytes does not pass on a typed error: carry it out in a Result.
        let decoded: Result<(SnapshotKey, CaseFile), SnapshotDamaged> = body.withUnsafeBytes { raw in
            Result { () throws(SnapshotDamaged) in try decodeBody(raw) }
        }
        return try decoded.get()
    }

    private static func decodeBody(_ raw: UnsafeRawBufferPointer) throws(SnapshotDamaged) -> (SnapshotKey, CaseFile) {
        var r = SnapshotReader(raw, from: magic.count)
        guard try r.string() == fingerprint else { throw SnapshotDamaged(reason: "made by another version of Tandem") }
        let key = SnapshotKey(journalID: try r.string(), length: try r.int(), lastLineStart: try r.int(),
                              sequence: try r.int(), hash: try r.string())
        let file = try CaseFileSnapshot.decode(&r)
        guard r.isAtEnd else { throw SnapshotDamaged(reason: "bytes left over after the case file") }
        return (key, file)
    }

    /// What is wrong when the journal open as `fd` no longer holds the line its
    /// snapshot was made after: it was cut back below it, or that line was
    /// replaced. Nil when there is no snapshot of this journal, or it holds.
    static func mismatch(for journal: String, header: JournalHeader, fd: Int32, size: Int) throws(JournalError) -> String? {
        guard let (key, _) = read(for: journal), key.journalID == header.id else { return nil }
        if key.length > size {
            return "the journal is \(size) bytes, shorter than its snapshot \(path(for: journal)) says it was (\(key.length) bytes, \(key.sequence) records): it was cut back or replaced by an older copy"
        }
        if try !Journal.lineMatches(key, fd: fd, path: journal, size: size) {
            return "record \(key.sequence) is no longer the line its snapshot \(path(for: journal)) was made after (byte offset \(key.lastLineStart)): the journal was rewritten or replaced"
        }
        return nil
    }

    /// Reads the snapshot of the journal at `journal`, if there is a usable one.
    static func read(for journal: String) -> (SnapshotKey, CaseFile)? {
        let path = path(for: journal)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let size = try? FileIO.size(fd, path: path), let bytes = try? FileIO.read(fd, from: 0, count: size, path: path),
              bytes.count == size
        else { return nil }
        return try? decode(bytes)
    }

    /// Writes the snapshot whole under a temporary name (`.partial`), then puts
    /// it in place, so a reader never sees half of one. The temporary file is
    /// locked while it is written: a console that finds another writing it
    /// leaves the snapshot to that one; one left by a killed process is written
    /// over. Not synced: a snapshot lost in a power cut is made again.
    /// Returns false when another process was writing it.
    @discardableResult
    static func write(_ file: CaseFile, key: SnapshotKey, for journal: String) throws(JournalError) -> Bool {
        let path = path(for: journal)
        let partial = path + ".partial"
        // Never through a link someone planted there, and never into anything but a file of our own.
        let fd = open(partial, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
        if fd < 0 {
            let reason = errno == ELOOP ? "it is a symbolic link" : FileIO.errorText()
            throw .io(operation: "create", path: partial, reason: reason)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == getuid() else {
            throw .io(operation: "write", path: partial, reason: "it is not a file of this user's")
        }
        _ = fchmod(fd, 0o600)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        let bytes = encode(file, key: key)
        let result = ftruncate(fd, 0) == 0 ? FileIO.writeAll(fd, bytes, at: 0) : (0, errno)
        if let code = result.error {
            unlink(partial)
            throw .io(operation: "write", path: partial, reason: FileIO.errorText(code))
        }
        if rename(partial, path) != 0 {
            let reason = FileIO.errorText()
            unlink(partial)
            throw .io(operation: "rename", path: partial, reason: reason)
        }
        return true
    }
}
