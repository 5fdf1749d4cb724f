/// The roster as signing needs it, at one point of the journal: who is on it,
/// in which role, with which public key. A journal signs its changes from the
/// first time the roster holds a key: from then on every commit must be signed
/// by its actor's key as the roster holds it when the commit is made, and its
/// actor's role then must allow each of its changes. Before that (no roster, or
/// a roster without keys, as journals made before keys were) commits are not
/// signed, and the roles are still checked.
public struct KeyRoster: Equatable, Sendable {
    public private(set) var users: [String: User] {
        didSet { acting = users.compactMapValues { $0.removed ? nil : $0.role } }
    }
    /// Each user's role, for those not removed: what every change's check asks,
    /// looked up without copying the user's entry.
    private var acting: [String: Role] = [:]
    /// A key has been on the roster: every commit from here on is signed.
    public private(set) var signs = false

    public init() { users = [:] }

    /// The roster of a case file (a snapshot's), and whether its journal signs.
    public init(_ users: [User]) {
        self.users = Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        acting = self.users.compactMapValues { $0.removed ? nil : $0.role }
        signs = users.contains { $0.publicKey != nil }
    }

    /// The role a user acts in here (see `Role.acting`).
    public func role(of user: String) -> Role? { users.isEmpty ? .supervisor : acting[user] }

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
        !events.isEmpty && events.allSatisfy(isJournalNote)
    }

    static func isJournalNote(_ event: Event) -> Bool { isJournalNote(event.change, actor: event.actor) }

    static func isJournalNote(_ change: Change, actor: String) -> Bool {
        if actor == journalActor, case .journalRepaired = change { true } else { false }
    }

    /// Who writes what the journal notes of itself.
    public static let journalActor = "tandem"

    /// The public key a commit of `events` by `actor` must be signed with here,
    /// nil when it need not be signed, or why it cannot be made at all. The first
    /// commit of a unit adds its actor with a key: it is signed with that key.
    public func requiredKey(actor: String, events: [Event]) -> Result<String?, Refusal> {
        var after = self
        var commit = CommitCheck(actor: actor, roster: self)
        for event in events { commit.take(event, into: &after) }
        return commit.requiredKey
    }

    /// Why the actor's role at this point did not allow one of the changes
    /// (each checked against the roster as the changes before it left it), or
    /// nil; the roster is left as it stands after the commit either way.
    public mutating func takeCommit(_ events: [Event]) -> (index: Int, refusal: Refusal)? {
        guard let actor = events.first?.actor else { return nil }
        var commit = CommitCheck(actor: actor, roster: self)
        for event in events { commit.take(event, into: &self) }
        return commit.roleRefusal.map { ($0.index, $0.refusal) }
    }
}

/// One commit's changes taken one at a time, in order, against the roster:
/// what `requiredKey` and `takeCommit` say of the whole commit, worked out
/// without holding its changes (an import of a million rows is one commit).
public struct CommitCheck: Sendable {
    public let actor: String
    /// What the roster said before the commit: whether it signed, and the actor's entry.
    private let signedBefore: Bool
    private let actorBefore: User?
    public private(set) var count = 0
    private var onlyJournalNotes = true
    /// The key of the first change that adds the actor with one (a unit's first commit).
    private var keyAdded: String?
    private var otherActor: String?
    private var refusal: (index: Int, refusal: Refusal, type: String)?

    /// A commit by `actor` about to be taken into `roster`.
    public init(actor: String, roster: KeyRoster) {
        self.actor = actor
        signedBefore = roster.signs
        // Asked only of a journal that signs (see `requiredKey`).
        actorBefore = roster.signs ? roster.users[actor] : nil
    }

    /// Takes the commit's next change, checking its actor's role against `roster` as the changes before it left it.
    public mutating func take(_ event: Event, into roster: inout KeyRoster) {
        take(event.change, actor: event.actor, into: &roster)
    }

    /// The same, given only the event's change and actor (what judging it needs).
    public mutating func take(_ change: Change, actor: String, into roster: inout KeyRoster) {
        if !KeyRoster.isJournalNote(change, actor: actor) { onlyJournalNotes = false }
        if refusal == nil, let refused = Permissions.refusal(change, actor: actor, role: roster.role(of: actor)) {
            refusal = (count, refused, change.type)
        }
        if keyAdded == nil, !signedBefore, case .userAdded(let user) = change, user.name == self.actor, let key = user.publicKey {
            keyAdded = key
        }
        if otherActor == nil, actor != self.actor { otherActor = actor }
        roster.apply(change)
        count += 1
    }

    /// Whether a change of this kind is judged by its kind alone: who may make it
    /// does not depend on its values, and it neither changes the roster nor is
    /// the journal's own note. Such a change can be taken with `take(kind:actor:into:)`,
    /// without being made (a verify that only checks the lines it reads).
    public static func judgesByKind(_ kind: ChangeKind) -> Bool {
        switch kind {
        case .userAdded, .userRoleChanged, .userRemoved, .userKeyReplaced, .journalRepaired: false
        default: Permissions.allowed(kind) != nil
        }
    }

    /// Takes the commit's next change by its kind and actor, as `take` would take
    /// the change itself; only for a kind `judgesByKind`.
    public mutating func take(kind: ChangeKind, actor: String, into roster: inout KeyRoster) {
        precondition(Self.judgesByKind(kind), "\(kind.rawValue) is judged by the change itself")
        onlyJournalNotes = false
        if refusal == nil, let refused = Permissions.refusal(kind, actor: actor, role: roster.role(of: actor)) {
            refusal = (count, refused, kind.rawValue)
        }
        if otherActor == nil, actor != self.actor { otherActor = actor }
        count += 1
    }

    /// The first change the actor's role did not allow (its place in the commit, why, and its type);
    /// none for the journal's own note.
    public var roleRefusal: (index: Int, refusal: Refusal, type: String)? { onlyJournalNotes && count > 0 ? nil : refusal }

    /// The key the commit must be signed with, nil when it need not be signed, or why it cannot be made.
    public var requiredKey: Result<String?, Refusal> {
        if onlyJournalNotes && count > 0 { return .success(nil) }
        if !signedBefore, keyAdded == nil {
            // Not signing yet (no roster, or one without keys): a commit may hold anyone's changes.
            return .success(nil)
        }
        if let otherActor {
            return .failure(Refusal(field: "user", reason: "one commit names two officers (\(actor) and \(otherActor)); each signs their own"))
        }
        if let keyAdded { return .success(keyAdded) }
        guard let user = actorBefore, !user.removed else {
            return .failure(Refusal(field: "user", reason: "\(actor) is not on the roster and may only read"))
        }
        guard let key = user.publicKey else {
            return .failure(Refusal(field: "key", reason: "the roster holds no key for \(actor), who may only read until a supervisor adds one (tandem user key)"))
        }
        return .success(key)
    }
}
