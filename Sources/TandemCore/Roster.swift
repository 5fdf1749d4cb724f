/// What a user may do, as in DOMAIN.md's roles.
public enum Role: String, CaseIterable, Sendable {
    case investigator
    case liaisonOfficer = "liaison-officer"
    case supervisor

    public var label: String { self == .liaisonOfficer ? "liaison officer" : rawValue }

    /// "an investigator", "a supervisor".
    public var withArticle: String { (self == .investigator ? "an " : "a ") + label }

    /// The role a user acts in, given their roster entry: a journal without a
    /// roster is a one-person journal, whose user may do everything; once a
    /// roster exists, someone not on it, or removed from it, may only read (nil).
    static func acting(_ user: User?, rosterIsEmpty: Bool) -> Role? {
        if rosterIsEmpty { return .supervisor }
        guard let user, !user.removed else { return nil }
        return user.role
    }
}

/// A user on the roster: who they are, their role, their public key (once the
/// unit signs its changes), and whether they are still on it (a removed user
/// stays in the history, and may only read).
public struct User: Equatable, Sendable {
    public var name: String
    public var displayName: String
    public var role: Role
    /// `ed25519:BASE64`, as `tandem key show` prints it.
    public var publicKey: String?
    public var removed = false

    public init(name: String, displayName: String, role: Role, publicKey: String? = nil) {
        self.name = name
        self.displayName = displayName
        self.role = role
        self.publicKey = publicKey
    }
}

/// The text form of an officer's public key: `ed25519:` and the 32 bytes in
/// base64 (44 characters, ending in one `=`).
public enum PublicKeyText {
    public static func check(_ text: String, field: String = "key") throws(Refusal) {
        let body = text.utf8.dropFirst(8)
        let alphabet: (UInt8) -> Bool = { (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || $0 == 43 || $0 == 47 }
        guard text.hasPrefix("ed25519:"), body.count == 44, body.last == UInt8(ascii: "="), body.dropLast().allSatisfy(alphabet) else {
            throw Refusal(field: field, reason: "is an Ed25519 public key as tandem key show prints it (ed25519: and 44 characters of base64)")
        }
    }
}

/// The one rule for officers' user names, wherever a name comes in (the
/// roster, `--user`, `$TANDEM_USER`): letters, digits, `.`, `-` and `_`, at
/// most 64 bytes, so a name can never carry control characters or
/// bidirectional overrides onto a screen or into a journal line.
public enum UserName {
    public static let maximumBytes = 64

    public static func check(_ name: String, field: String = "user") throws(Refusal) {
        if name.trimmingWhitespace.isEmpty { throw Refusal(field: field, reason: "is required: every change names who made it") }
        if name.utf8.count > maximumBytes { throw Refusal(field: field, reason: "is longer than \(maximumBytes) bytes") }
        guard name.unicodeScalars.allSatisfy(isNameCharacter) else {
            throw Refusal(field: field, reason: "may hold only letters, digits, \".\", \"-\" and \"_\"")
        }
    }

    /// A letter (of any script), an ASCII digit, ".", "-" or "_". ASCII is answered without
    /// Unicode's tables (an import checks a name on every row).
    static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2E, 0x2D, 0x5F: true
        case 0..<0x80: false
        default: scalar.properties.isAlphabetic
        }
    }
}
