/// The roster as signing needs it, at one point of the journal: who is on it,
/// in which role, with which public key. A journal signs its changes from the
/// first time the roster holds a key: from then on every commit must be signed
/// by its actor's key as the roster holds it when the commit is made, and its
/// actor's role then must allow each of its changes. Before that (no roster, or
/// a roster without keys, as journals made before keys were) commits are not
/// signed, and the roles are still checked.
public struct KeyRoster: Equatable, Sendable {
    public private(set) var users: [String: User] = [:]
    /// A key has been on the roster: every commit from here on is signed.
    public private(set) var signs = false

    public init() {}

    /// The roster of a case file (a snapshot's), and whether its journal signs.
    public init(_ users: [User]) {
        for user in users { self.users[user.name] = user }
        signs = users.contains { $0.publicKey != nil }
    }

    /// The role a user acts in here (see `Role.acting`).
    public func role(of user: String) -> Role? { Role.acting(users[user], rosterIsEmpty: users.isEmpty) }

    /// Takes in a change to the roster (any other change leaves it as it is).
    public mutating func apply(_ change: Change) {
        switch change {
        case .userAdded(let user):
            if users[user.name] == nil { users[user.name] = user }
            if user.publicKey != nil { signs = true }
        case .userRoleChanged(let name, let role): users[name]?.role = role
        case .userRemoved(let name): users[name]?.removed = true
        case .userKeyReplaced(let name, let key):
            users[name]?.publicKey = key
            signs = true
        default: break
        }
    }

    /// Whether the journal itself wrote these changes: the note of a torn tail
    /// set aside, which changes no record and is the one commit nobody signs.
    public static func isJournalNote(_ events: [Event]) -> Bool {
        !events.isEmpty && events.allSatisfy { $0.actor == journalActor && { if case .journalRepaired = $0.change { true } else { false } }($0) }
    }

    /// Who writes what the journal notes of itself.
    public static let journalActor = "tandem"

    /// The public key a commit of `events` by `actor` must be signed with here,
    /// nil when it need not be signed, or why it cannot be made at all. The first
    /// commit of a unit adds its actor with a key: it is signed with that key.
    public func requiredKey(actor: String, events: [Event]) -> Result<String?, Refusal> {
        if KeyRoster.isJournalNote(events) { return .success(nil) }
        var firstKey: String?
        if !signs {
            for event in events {
                if case .userAdded(let user) = event.change, user.name == actor, let key = user.publicKey { firstKey = key; break }
            }
            // Not signing yet (no roster, or one without keys): a commit may hold anyone's changes.
            if firstKey == nil { return .success(nil) }
        }
        if let other = events.first(where: { $0.actor != actor }) {
            return .failure(Refusal(field: "user", reason: "one commit names two officers (\(actor) and \(other.actor)); each signs their own"))
        }
        if let firstKey { return .success(firstKey) }
        guard let user = users[actor], !user.removed else {
            return .failure(Refusal(field: "user", reason: "\(actor) is not on the roster and may only read"))
        }
        guard let key = user.publicKey else {
            return .failure(Refusal(field: "key", reason: "the roster holds no key for \(actor), who may only read until a supervisor adds one (tandem user key)"))
        }
        return .success(key)
    }

    /// Why the actor's role at this point did not allow one of the changes
    /// (each checked against the roster as the changes before it left it), or
    /// nil; the roster is left as it stands after the commit either way.
    public mutating func takeCommit(_ events: [Event]) -> (index: Int, refusal: Refusal)? {
        var found: (Int, Refusal)?
        let note = KeyRoster.isJournalNote(events)
        for (index, event) in events.enumerated() {
            if found == nil, !note, let refusal = Permissions.refusal(event.change, actor: event.actor, role: role(of: event.actor)) {
                found = (index, refusal)
            }
            apply(event.change)
        }
        return found
    }
}
