/// What a user may do, as in DOMAIN.md's roles.
public enum Role: String, CaseIterable, Sendable {
    case investigator
    case liaisonOfficer = "liaison-officer"
    case supervisor

    public var label: String { self == .liaisonOfficer ? "liaison officer" : rawValue }

    /// "an investigator", "a supervisor".
    public var withArticle: String { (self == .investigator ? "an " : "a ") + label }
}

/// A user on the roster: who they are, and their role.
public struct User: Equatable, Sendable {
    public var name: String
    public var displayName: String
    public var role: Role

    public init(name: String, displayName: String, role: Role) {
        self.name = name
        self.displayName = displayName
        self.role = role
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
        guard name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_" }) else {
            throw Refusal(field: field, reason: "may hold only letters, digits, \".\", \"-\" and \"_\"")
        }
    }
}
