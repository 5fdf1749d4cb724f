/// Why a command was refused: the field at fault and the reason, in words an
/// officer can act on. Nothing reaches the journal when a command is refused.
public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var reason: String
    /// For a change decided against an older version of its record: the
    /// fields others changed since that this change would change too.
    public var conflicts: [FieldChange] = []

    public init(field: String, reason: String, conflicts: [FieldChange] = []) {
        self.field = field
        self.reason = reason
        self.conflicts = conflicts
    }

    public var description: String { "\(field): \(reason)" }
}
