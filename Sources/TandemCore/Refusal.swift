/// Why a command was refused: the field at fault and the reason, in words an
/// officer can act on. Nothing reaches the journal when a command is refused.
public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
