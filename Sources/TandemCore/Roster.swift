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
