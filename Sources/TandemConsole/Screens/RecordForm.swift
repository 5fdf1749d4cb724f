import TandemCore

/// One labelled field of a form. Labels are the words refusals from the core
/// use, so a refusal finds its field.
public struct FormField: Equatable, Sendable {
    public var label: String
    public var hint: String
    /// The choices of a picker field; nil for a text field.
    public var choices: [String]?
    /// A single country code, confirmed by the country's name as it is typed.
    public var isCountry = false

    static func text(_ label: String, _ hint: String) -> FormField { FormField(label: label, hint: hint) }
    static func country(_ label: String, _ hint: String = "ISO alpha-3, e.g. THA") -> FormField {
        FormField(label: label, hint: hint, isCountry: true)
    }
    static func picker(_ label: String, _ choices: [String]) -> FormField {
        FormField(label: label, hint: "←/→ or a first letter to choose", choices: choices)
    }
}

/// A form for a new record, an edit of one, an action-plan item or an outcome:
/// labelled fields, one focused, and the refusal of the last save (if any).
public struct RecordForm: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case enquiry, network, investigation, referral
        case actionItem(investigation: String)
        case outcome(investigation: String)
        case periodExtension(investigation: String)
        case actionStatus(investigation: String)
        case outcomeCorrection(investigation: String)
    }

    public var kind: Kind
    public var fields: [FormField]
    public var inputs: [TextInput]
    public var focus = 0
    public var refusal: Refusal?
    /// The code of the record being edited (`e`), or nil for a new one.
    public var editing: String?
    /// Labels of the fields an edit may not change.
    public var locked: Set<String> = []

    init(_ kind: Kind, fields: [FormField], values: [String: String] = [:]) {
        self.kind = kind
        self.fields = fields
        inputs = fields.map { TextInput(values[$0.label] ?? $0.choices?.first ?? "") }
        original = inputs.map(\.text)
    }

    /// The fields' texts when the form opened.
    let original: [String]

    /// Whether anything was typed since the form opened (leaving it would lose it).
    public var isChanged: Bool { inputs.map(\.text) != original }

    public subscript(label: String) -> TextInput {
        get { fields.firstIndex { $0.label == label }.map { inputs[$0] } ?? TextInput() }
        set { if let i = fields.firstIndex(where: { $0.label == label }) { inputs[i] = newValue } }
    }

    /// The typed text of a field, as the core's field parsers read it.
    func value(_ label: String) -> String { self[label].text }

    public var focusedField: FormField { fields[focus] }
    public var focusedLabel: String { fields[focus].label }

    public var title: String {
        switch kind {
        case .enquiry: editing.map { "Edit enquiry \($0)" } ?? "New enquiry"
        case .network: editing.map { "Edit network \($0)" } ?? "New network"
        case .investigation: editing.map { "Edit joint investigation \($0)" } ?? "New joint investigation"
        case .referral: editing.map { "Edit NCB referral \($0)" } ?? "New NCB referral"
        case .actionItem(let code): "New action-plan item for \(code)"
        case .outcome(let code): "Record an outcome of \(code)"
        case .periodExtension(let code): "Extend the period of \(code)"
        case .actionStatus(let code): "An action-plan item of \(code)"
        case .outcomeCorrection(let code): "Correct an outcome of \(code)"
        }
    }

    public var isOnLastField: Bool { focus == fields.indices.last { !locked.contains(fields[$0].label) } }

    public mutating func focusNext() { moveFocus(by: 1) }
    public mutating func focusPrevious() { moveFocus(by: -1) }

    private mutating func moveFocus(by step: Int) {
        guard fields.contains(where: { !locked.contains($0.label) }) else { return }
        repeat { focus = (focus + step + fields.count) % fields.count } while locked.contains(fields[focus].label)
    }

    mutating func focus(on label: String) {
        if let i = fields.firstIndex(where: { $0.label == label }), !locked.contains(label) { focus = i }
    }

    /// Moves a picker field to its next (or previous) choice.
    public mutating func cycleChoice(by step: Int) {
        guard let choices = focusedField.choices else { return }
        let current = choices.firstIndex(of: inputs[focus].text) ?? 0
        inputs[focus] = TextInput(choices[(current + step + choices.count) % choices.count])
    }

    /// Selects the next choice starting with the typed character.
    public mutating func pickChoice(startingWith character: Character) {
        guard let choices = focusedField.choices else { return }
        let start = String(character).lowercased()
        let current = choices.firstIndex(of: inputs[focus].text) ?? -1
        let order = choices.indices.map { (current + 1 + $0) % choices.count }
        if let match = order.first(where: { choices[$0].lowercased().hasPrefix(start) }) { inputs[focus] = TextInput(choices[match]) }
    }

    /// A warning the officer should see before saving, that is not a refusal:
    /// coercive measures asked for on a channel that cannot carry them.
    public var warning: String? {
        guard kind == .enquiry, let measures = try? RecordFields.coerciveMeasures(value("coercive measures")), !measures.isEmpty,
              let channel = try? parseTerm(value("channel"), as: Channel.self, field: "channel", label: { $0.label }),
              channel != .mutualLegalAssistance
        else { return nil }
        return "coercive measures need mutual legal assistance, not \(channel.label)"
    }
}
