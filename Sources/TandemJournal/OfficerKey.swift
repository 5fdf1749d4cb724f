#if canImport(Glibc)
import Glibc
#endif
import Crypto
import _CryptoExtras
import Foundation
import TandemCore

/// An officer's Ed25519 key pair, kept in `KEYS/NAME.key` (0600 in a 0700
/// folder). The public key is kept in clear, so it can be shown without the
/// passphrase; the private key is kept in clear too, or sealed with a key derived
/// from a passphrase by scrypt (swift-crypto's `KDF.Scrypt`, N = 2^15, r = 8,
/// p = 1: memory-hard, so a stolen laptop's key file resists guessing) and
/// AES-256-GCM, whose tag also tells a wrong passphrase from a damaged file.
// The key is never changed once made, so it may be shared between threads.
public struct OfficerKey: @unchecked Sendable {
    public let user: String
    public let privateKey: Curve25519.Signing.PrivateKey
    public var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }

    /// `ed25519:BASE64`, as the roster and `tandem key show` give it (made once: every signed commit compares it).
    public let publicText: String

    public init(user: String, privateKey: Curve25519.Signing.PrivateKey = .init()) {
        self.user = user
        self.privateKey = privateKey
        publicText = OfficerKey.publicText(privateKey.publicKey.rawRepresentation)
    }

    public static func publicText(_ raw: Data) -> String { "ed25519:" + raw.base64EncodedString() }

    /// A short fingerprint to read out over the phone: the first 10 bytes of the
    /// public key's SHA-256, in five groups of four hex digits.
    public static func fingerprint(_ raw: Data) -> String {
        let hex = SHA256.hash(data: raw).prefix(10).map { String(format: "%02x", $0) }.joined()
        return stride(from: 0, to: hex.count, by: 4).map { i in
            String(hex[hex.index(hex.startIndex, offsetBy: i)..<hex.index(hex.startIndex, offsetBy: i + 4)])
        }.joined(separator: "-")
    }

    public var fingerprint: String { OfficerKey.fingerprint(publicKey.rawRepresentation) }

    /// The Ed25519 signature (64 bytes) of `bytes`: what a commit's last line carries.
    public func sign(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        // Ed25519 signing does not fail for a valid key and message.
        Array(try! privateKey.signature(for: bytes))
    }

    // MARK: The key file

    static let scryptRounds = 1 << 15

    /// The key file's text: the public key in clear, the private key in clear or sealed.
    public func fileText(passphrase: String?) throws -> String {
        var lines = ["tandem-key 1", "user: \(user)", "public: \(publicText)"]
        if let passphrase, !passphrase.isEmpty {
            let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
            let key = try KDF.Scrypt.deriveKey(from: Array(passphrase.utf8), salt: salt, outputByteCount: 32,
                                               rounds: OfficerKey.scryptRounds, blockSize: 8, parallelism: 1)
            let sealed = try AES.GCM.seal(privateKey.rawRepresentation, using: key)
            lines += ["kdf: scrypt N=\(OfficerKey.scryptRounds) r=8 p=1", "salt: \(salt.base64EncodedString())",
                      "sealed: \(sealed.combined!.base64EncodedString())"]
        } else {
            lines += ["private: \(privateKey.rawRepresentation.base64EncodedString())"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The fields of a key file, by name; the first line names the format.
    static func fields(_ text: String, path: String) throws(KeyError) -> [String: String] {
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.first == "tandem-key 1" else { throw .unreadable(path: path, reason: "it is not a Tandem key file (tandem-key 1)") }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw .unreadable(path: path, reason: "a line without a name: \(line.prefix(20))") }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// The public key a key file holds (no passphrase needed).
    public static func publicKey(inFile text: String, path: String) throws(KeyError) -> Data {
        let fields = try fields(text, path: path)
        guard let value = fields["public"], value.hasPrefix("ed25519:"), let raw = Data(base64Encoded: String(value.dropFirst(8))), raw.count == 32
        else { throw .unreadable(path: path, reason: "its public key is missing or not an Ed25519 key") }
        return raw
    }

    /// Whether the private key is sealed with a passphrase.
    public static func needsPassphrase(_ text: String, path: String) throws(KeyError) -> Bool {
        try fields(text, path: path)["sealed"] != nil
    }

    /// The key a key file holds, opened with the passphrase when it is sealed.
    public static func open(_ text: String, path: String, passphrase: String?) throws(KeyError) -> OfficerKey {
        let fields = try fields(text, path: path)
        guard let user = fields["user"] else { throw .unreadable(path: path, reason: "it names no user") }
        let raw: Data
        if let sealedText = fields["sealed"] {
            guard let passphrase, !passphrase.isEmpty else { throw .passphraseNeeded(path: path) }
            guard let salt = fields["salt"].flatMap({ Data(base64Encoded: $0) }), let combined = Data(base64Encoded: sealedText),
                  fields["kdf"] == "scrypt N=\(scryptRounds) r=8 p=1"
            else { throw .unreadable(path: path, reason: "its sealed private key is damaged") }
            do {
                let key = try KDF.Scrypt.deriveKey(from: Array(passphrase.utf8), salt: salt, outputByteCount: 32,
                                                   rounds: scryptRounds, blockSize: 8, parallelism: 1)
                raw = try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key)
            } catch {
                throw .wrongPassphrase(path: path)
            }
        } else {
            guard let clear = fields["private"].flatMap({ Data(base64Encoded: $0) }) else {
                throw .unreadable(path: path, reason: "it holds no private key")
            }
            raw = clear
        }
        guard let privateKey = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw .unreadable(path: path, reason: "its private key is not an Ed25519 key")
        }
        let key = OfficerKey(user: user, privateKey: privateKey)
        guard key.publicKey.rawRepresentation == (try publicKey(inFile: text, path: path)) else {
            throw .unreadable(path: path, reason: "its public key is not the private key's")
        }
        return key
    }
}

/// Why a key could not be made, found or opened.
public enum KeyError: Error, Equatable, CustomStringConvertible {
    case exists(path: String)
    case missing(user: String, path: String)
    case unreadable(path: String, reason: String)
    case passphraseNeeded(path: String)
    case wrongPassphrase(path: String)
    case unsafe(path: String, reason: String)
    /// Other users may read the key file (its mode, in octal).
    case exposed(path: String, mode: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) already exists; a key is never replaced (remove it yourself if it is truly lost)."
        case .missing(let user, let path): "no key for \(user) at \(path); make one with tandem key new --user \(user)."
        case .unreadable(let path, let reason): "\(path) cannot be read as a key: \(reason)."
        case .passphraseNeeded(let path): "\(path) is sealed with a passphrase; give it (a terminal asks, or --passphrase-file)."
        case .wrongPassphrase(let path): "the passphrase does not open \(path) (or the file was changed)."
        case .unsafe(let path, let reason): "\(path) is not safe to use: \(reason)."
        // Ends with a command that can be copied as it stands (see `FileIO.exposureWarnings`).
        case .exposed(let path, let mode):
            "\(path) is not safe to use: others may read it (mode \(mode)); to close it, run: chmod 600 \(FileIO.shellWord(FileIO.absolute(path)))"
        case .io(let path, let reason): "\(path): \(reason)."
        }
    }
}

/// The folder of keys: `KEYS/NAME.key`, 0600 files in a 0700 folder of the user's own.
public struct KeyFolder: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func file(for user: String) -> String { path + "/" + user + ".key" }

    /// Writes a new key; an existing file is never replaced, and the folder is made private.
    public func save(_ key: OfficerKey, passphrase: String?) throws -> String {
        try UserName.check(key.user)
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw KeyError.io(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { throw KeyError.unsafe(path: path, reason: "it is not a folder") }
        if info.st_uid != getuid() { throw KeyError.unsafe(path: path, reason: "it belongs to another user") }
        if info.st_mode & 0o077 != 0 { chmod(path, 0o700) }
        let file = file(for: key.user)
        let text = try key.fileText(passphrase: passphrase)
        let fd = Glibc.open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 { throw errno == EEXIST ? KeyError.exists(path: file) : KeyError.io(path: file, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let disk = DiskCalls.system
        if let code = disk.writeAll(fd, Array(text.utf8), at: 0).error ?? (disk.sync(fd) == 0 ? nil : errno) {
            unlink(file)
            throw KeyError.io(path: file, reason: String(cString: strerror(code)))
        }
        return file
    }

    /// The text of a user's key file, refused when others could read it or it is a link.
    public func read(for user: String) throws(KeyError) -> String {
        let file = file(for: user)
        let fd = Glibc.open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { throw .missing(user: user, path: file) }
            throw .io(path: file, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw .unsafe(path: file, reason: "it is not a plain file") }
        if info.st_uid != getuid() { throw .unsafe(path: file, reason: "it belongs to another user") }
        if info.st_mode & 0o077 != 0 { throw .exposed(path: file, mode: String(info.st_mode & 0o777, radix: 8)) }
        var bytes = [UInt8](repeating: 0, count: 8192)
        let n = Glibc.read(fd, &bytes, bytes.count)
        guard n > 0 else { throw .unreadable(path: file, reason: "it is empty") }
        return String(decoding: bytes[..<n], as: UTF8.self)
    }
}

/// Whether an officer may write here, and with which key: once the roster
/// holds keys, only with the key it holds for them, found in their keys folder
/// and opened (with its passphrase when sealed). Gives the key, nil when the
/// journal does not sign yet, or why they may only read (for the status bar).
public enum KeyGate {
    /// `events`: the commit to be signed, when it is known (the unit's first adds its actor's key).
    public static func open(for user: String, roster: KeyRoster, events: [Event] = [], folder: KeyFolder,
                            passphrase: () throws -> String?) -> Result<OfficerKey?, KeyGateRefusal> {
        switch roster.requiredKey(actor: user, events: events) {
        case .failure(let refusal): return .failure(KeyGateRefusal(description: refusal.reason + "."))
        case .success(nil): return .success(nil)
        case .success(let key?): return open(for: user, key: key, folder: folder, passphrase: passphrase).map { $0 }
        }
    }

    /// The key `user` must sign with, opened from their keys folder and checked against `key`.
    public static func open(for user: String, key rosterKey: String, folder: KeyFolder,
                            passphrase: () throws -> String?) -> Result<OfficerKey, KeyGateRefusal> {
        let path = folder.file(for: user)
        do {
            let text = try folder.read(for: user)
            let key = try OfficerKey.open(text, path: path, passphrase: try OfficerKey.needsPassphrase(text, path: path) ? passphrase() : nil)
            if key.publicText != rosterKey {
                return .failure(KeyGateRefusal(description: "the key in \(path) is not the one the roster holds for \(user) (a supervisor replaces it with tandem user key)."))
            }
            return .success(key)
        } catch let error as KeyError {
            return .failure(KeyGateRefusal(description: "\(user) must hold their key to write here: \(error.description)"))
        } catch {
            return .failure(KeyGateRefusal(description: "\(user)'s key could not be opened: \(error)."))
        }
    }
}

/// Why an officer may only read: said on the status bar (after "read-only: ") and on the command line.
public struct KeyGateRefusal: Error, Equatable, CustomStringConvertible {
    public var description: String
}
