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
/// ignored and made again. It is closed by an HMAC-SHA-256 under a key only
/// this installation holds (`SealKey`), so neither a damaged snapshot nor one
/// forged by someone without the key (who can recompute any plain checksum) is
/// ever read: its records are never shown, nor written through by an edit.
enum SnapshotFile {
    /// 3: saved only once every signature up to its key has been checked.
    static let magic = Array("TANDEM-SNAPSHOT 3\n".utf8)

    static func path(for journal: String) -> String { journal + ".snapshot" }

    static let fingerprint = HexHash(of: Array(SnapshotSchema.description.utf8)[...]).text

    static func encode(_ file: CaseFile, key: SnapshotKey, sealedWith seal: SymmetricKey) -> [UInt8] {
        var w = SnapshotWriter()
        w.bytes = magic
        w.string(fingerprint)
        w.string(key.journalID)
        w.int(key.length)
        w.int(key.lastLineStart)
        w.int(key.sequence)
        w.string(key.hash)
        CaseFileSnapshot.encode(file, into: &w)
        return sealed(w.bytes, key: seal)
    }

    /// The bytes with their seal (an HMAC-SHA-256 under `key`) after them.
    static func sealed(_ body: [UInt8], key: SymmetricKey) -> [UInt8] {
        body + HMAC<SHA256>.authenticationCode(for: body, using: key)
    }

    /// The key and case file a snapshot holds; throws when it cannot be used.
    static func decode(_ bytes: [UInt8], sealedWith seal: SymmetricKey) throws(SnapshotDamaged) -> (SnapshotKey, CaseFile) {
        let digestSize = SHA256.byteCount
        guard bytes.count > magic.count + digestSize, bytes.starts(with: magic) else {
            throw SnapshotDamaged(reason: "not a Tandem snapshot of this version")
        }
        let body = bytes[..<(bytes.count - digestSize)]
        guard HMAC<SHA256>.isValidAuthenticationCode(Array(bytes[(bytes.count - digestSize)...]), authenticating: body, using: seal) else {
            throw SnapshotDamaged(reason: "its seal does not match its content (damaged, or not made by this installation)")
        }
        // withUnsafeBytes does not pass on a typed error: carry it out in a Result.
        let decoded: Result<(SnapshotKey, CaseFile), SnapshotDamaged> = body.withUnsafeBytes { raw in
            Result { () throws(SnapshotDamaged) in try decodeBody(raw) }
        }
        return try decoded.get()
    }

    private static func decodeBody(_ raw: UnsafeRawBufferPointer) throws(SnapshotDamaged) -> (SnapshotKey, CaseFile) {
        var r = SnapshotReader(raw, from: magic.count)
        let key = try decodeKey(&r)
        let file = try CaseFileSnapshot.decode(&r)
        guard r.isAtEnd else { throw SnapshotDamaged(reason: "bytes left over after the case file") }
        return (key, file)
    }

    /// The fingerprint and the key, which come first in the body.
    private static func decodeKey(_ r: inout SnapshotReader) throws(SnapshotDamaged) -> SnapshotKey {
        guard try r.string() == fingerprint else { throw SnapshotDamaged(reason: "made by another version of Tandem") }
        return SnapshotKey(journalID: try r.string(), length: try r.int(), lastLineStart: try r.int(),
                           sequence: try r.int(), hash: try r.string())
    }

    /// The key of the snapshot open as `fd`, its seal checked but its case file
    /// not read: all that telling whether the journal still holds what it
    /// stood for needs. The seal is checked a piece at a time (the key is in
    /// the first piece), and the file never held whole
    /// (a snapshot of a million events is tens of MB, and decoding it took longer
    /// than verifying the journal).
    static func key(of fd: Int32, path: String, sealedWith seal: SymmetricKey, pieceSize: Int = 1 << 20) throws(SnapshotDamaged) -> SnapshotKey {
        let digestSize = SHA256.byteCount
        guard let size = try? FileIO.size(fd, path: path), size > magic.count + digestSize else {
            throw SnapshotDamaged(reason: "not a Tandem snapshot of this version")
        }
        let bodySize = size - digestSize
        var mac = HMAC<SHA256>(key: seal)
        var first: [UInt8] = []
        var piece: [UInt8] = []
        var offset = 0
        while offset < bodySize {
            let count = min(pieceSize, bodySize - offset)
            do { try FileIO.read(fd, from: offset, count: count, into: &piece, path: path) } catch {
                throw SnapshotDamaged(reason: "it could not be read whole")
            }
            mac.update(data: piece)
            // The key is near the start: kept as read until there is surely room for it.
            if first.count < 1 << 16 { first += piece }
            offset += count
        }
        guard let code = try? FileIO.read(fd, from: bodySize, count: digestSize, path: path), code.count == digestSize,
              mac.finalize() == code
        else {
            throw SnapshotDamaged(reason: "its seal does not match its content (damaged, or not made by this installation)")
        }
        guard first.starts(with: magic) else { throw SnapshotDamaged(reason: "not a Tandem snapshot of this version") }
        let decoded: Result<SnapshotKey, SnapshotDamaged> = first.withUnsafeBytes { raw in
            Result { () throws(SnapshotDamaged) in
                var r = SnapshotReader(raw, from: magic.count)
                return try decodeKey(&r)
            }
        }
        return try decoded.get()
    }

    /// The key of the snapshot of the journal at `journal`, if there is a usable one (see `key(of:path:sealedWith:)`).
    static func readKey(for journal: String) -> SnapshotKey? {
        guard let seal = SealKey.installation else { return nil }
        let path = path(for: journal)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return try? key(of: fd, path: path, sealedWith: seal)
    }

    /// What is wrong when the journal open as `fd` no longer holds the line its
    /// snapshot was made after: it was cut back below it, or that line was
    /// replaced. Nil when there is no snapshot of this journal, or it holds.
    static func mismatch(for journal: String, header: JournalHeader, fd: Int32, size: Int) throws(JournalError) -> String? {
        try mismatch(of: readKey(for: journal), for: journal, header: header, fd: fd, size: size)
    }

    /// The same for the snapshot whose key was read already (nil: there is none usable).
    static func mismatch(of key: SnapshotKey?, for journal: String, header: JournalHeader, fd: Int32, size: Int) throws(JournalError) -> String? {
        guard let key, key.journalID == header.id else { return nil }
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
        guard let seal = SealKey.installation else { return nil }
        let path = path(for: journal)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let size = try? FileIO.size(fd, path: path), let bytes = try? FileIO.read(fd, from: 0, count: size, path: path),
              bytes.count == size
        else { return nil }
        return try? decode(bytes, sealedWith: seal)
    }

    /// Writes the snapshot whole under a temporary name (`.partial`), then puts
    /// it in place, so a reader never sees half of one. The temporary file is
    /// locked while it is written: a console that finds another writing it
    /// leaves the snapshot to that one; one left by a killed process is written
    /// over. Not synced: a snapshot lost in a power cut is made again.
    /// Returns false when another process was writing it.
    @discardableResult
    static func write(_ file: CaseFile, key: SnapshotKey, for journal: String, disk: DiskCalls = .system) throws(JournalError) -> Bool {
        guard let seal = SealKey.installation else { return false }
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
        let bytes = encode(file, key: key, sealedWith: seal)
        let result = disk.truncate(fd, 0) == 0 ? disk.writeAll(fd, bytes, at: 0) : (0, errno)
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

/// The key this installation seals its snapshots with: 32 random bytes in
/// `$XDG_CONFIG_HOME/tandem/snapshot.key` (default `~/.config/tandem/`), 0600
/// in a 0700 folder, made on first use. A snapshot carried to another machine,
/// or made by anyone without this file, is not read there. Without a config
/// folder there is no key, and no snapshot is read or written.
enum SealKey {
    static var installation: SymmetricKey? { bytes.map { SymmetricKey(data: $0) } }

    private static let bytes: [UInt8]? = {
        guard let folder = configFolder() else { return nil }
        return try? load(from: folder + "/snapshot.key")
    }()

    static func configFolder() -> String? {
        if let config = getenv("XDG_CONFIG_HOME").map({ String(cString: $0) }), config.hasPrefix("/") { return config + "/tandem" }
        guard let home = getenv("HOME").map({ String(cString: $0) }), home.hasPrefix("/") else { return nil }
        return home + "/.config/tandem"
    }

    /// Reads the key at `path`, making it if there is none; a key that is not
    /// this user's own private file of 32 bytes is refused.
    static func load(from path: String) throws(JournalError) -> [UInt8] {
        var fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 && errno == ENOENT {
            try FileIO.makeDirectories(FileIO.directory(of: path))
            var random = SystemRandomNumberGenerator()
            let fresh = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
            do { try DiskCalls.system.writeNewFile(path, fresh) } catch {
                // Another process made it first: read that one.
                guard FileIO.fileExists(path) else { throw error }
            }
            fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        }
        if fd < 0 { throw .io(operation: "open", path: path, reason: FileIO.errorText()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == getuid(), info.st_mode & 0o077 == 0 else {
            throw .io(operation: "use", path: path, reason: "it is not this user's private file (chmod 600)")
        }
        let bytes = try FileIO.read(fd, from: 0, count: 64, path: path)
        guard bytes.count == 32 else { throw .io(operation: "use", path: path, reason: "it does not hold a 32-byte key") }
        return bytes
    }
}
