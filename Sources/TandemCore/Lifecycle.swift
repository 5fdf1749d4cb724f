/// A status with a fixed set of allowed next statuses. Statuses are stored by
/// their raw value and shown by their label.
public protocol Lifecycle: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    var label: String { get }
}

/// Parses a stored or typed value of a vocabulary (a status, a channel, …),
/// accepting either the stored value or the on-screen label.
public func parseTerm<T: RawRepresentable & CaseIterable>(
    _ text: String, as type: T.Type, field: String, label: (T) -> String, also: (T) -> String? = { _ in nil }
) throws(Refusal) -> T where T.RawValue == String {
    // Most text is a term exactly as written (a spreadsheet, a picker): no case folding needed.
    if let exact = T(rawValue: text) { return exact }
    let wanted = text.trimmingWhitespace.lowercased()
    if wanted.isEmpty { throw Refusal(field: field, reason: "is required") }
    for term in T.allCases where term.rawValue.lowercased() == wanted || label(term).lowercased() == wanted
        || also(term)?.lowercased() == wanted {
        return term
    }
    let choices = T.allCases.map(label).joined(separator: ", ")
    throw Refusal(field: field, reason: "\"\(text.trimmingWhitespace)\" is not one of: \(choices)")
}

func transitionRefusal(from label: String, to wanted: String, allowed: [String]) -> Refusal {
    let next = allowed.isEmpty ? "none (it is final)" : allowed.joined(separator: ", ")
    return Refusal(field: "status", reason: "cannot go from \(label) to \(wanted); allowed from \(label): \(next)")
}
