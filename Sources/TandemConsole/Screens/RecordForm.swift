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

extension RecordForm.Kind {
    /// Whether the form's "reason" is part of the change it saves (a correction's), not the event's.
    var carriesItsReason: Bool {
        switch self {
        case .outcomeCorrection, .periodCorrection: true
        default: false
        }
    }
}

/// A field two officers changed at once: who changed it, when, and to what.
public struct FormConflict: Equatable, Sendable {
    public var field: String
    public var actor: String
    public var time: Timestamp
    public var theirs: String
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
        case answer(enquiry: String)
        case chase(enquiry: String)
        case periodCorrection(investigation: String)
        case actionDue(investigation: String)
        /// The unit screen's: the roster, agencies, focal points and operations (UnitForms.swift).
        case officer, role, key, removal, agency, focalPoint, appointmentEnd, operation
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
    /// For an edit: the record's version when the form opened, and the record
    /// as it then was (as a revision), so a save merges with what others
    /// changed meanwhile or names them (see `Proposal`).
    public var basedOn: Int?
    public var seen: Change?
    /// Fields another officer changed since the form opened that this edit
    /// changes too: their value is shown beside the officer's.
    public var conflicts: [FormConflict] = []

    init(_ kind: Kind, fields: [FormField], values: [String: String] = [:]) {
        self.kind = kind
        self.fields = fields
        inputs = fields.map { TextInput(values[$0.label] ?? $0.choices?.first ?? "") }
        original = inputs.map(\.text)
    }

    /// The fields' texts when the form opened.
    private(set) var original: [String]

    /// Whether the officer changed this field since the form opened.
    func isTouched(_ label: String) -> Bool {
        fields.firstIndex { $0.label == label }.map(isTouched(at:)) ?? false
    }

    private func isTouched(at i: Int) -> Bool { inputs[i].text != original[i] }

    /// The form of the record as it is now, with what the officer typed laid
    /// over it field by field, and the fields they clash on marked: after a
    /// save refused because others changed the record since the form opened.
    func rebased(on fresh: RecordForm, conflicts: [FieldChange]) -> RecordForm {
        var merged = fresh
        for (i, field) in fields.enumerated() where isTouched(at: i) { merged[field.label] = inputs[i] }
        merged.conflicts = conflicts.map { FormConflict(field: $0.field, actor: $0.actor, time: $0.time, theirs: fresh.value($0.field)) }
        merged.focus(on: conflicts.first?.field ?? focusedLabel)
        return merged
    }

    /// Ctrl-T on a field in conflict: takes the other officer's value.
    mutating func takeTheirs() -> Bool {
        guard let conflict = conflicts.first(where: { $0.field == focusedLabel }) else { return false }
        inputs[focus] = TextInput(conflict.theirs)
        conflicts.removeAll { $0.field == conflict.field }
        return true
    }

    /// What saving the form proposes: the change, with the version and the
    /// record it was decided against when it edits one.
    /// A form with a "when" field says when it happened (empty: now), in the
    /// officer's zone; a "reason" field not part of the change itself gives the
    /// reason the rules may ask for (a lowered handling code, a sent enquiry changed).
    func proposal(in caseFile: CaseFile, now: Timestamp, zone: OfficerZone = .utc, answerTimes: [String: Int64] = [:]) throws(Refusal) -> Proposal? {
        if editing != nil, !isChanged { return nil }
        let happened = has("when") ? try DateInput.happened(value("when"), now: now, field: "when", zone: zone) : nil
        let typed = value("reason").trimmingWhitespace
        let reason = has("reason") && !kind.carriesItsReason && !typed.isEmpty ? typed : nil
        return try change(in: caseFile, now: now, happened: happened, zone: zone, answerTimes: answerTimes)
            .map { Proposal($0, basedOn: basedOn, seen: seen, happened: happened, reason: reason) }
    }

    func has(_ label: String) -> Bool { fields.contains { $0.label == label } }

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
        case .answer(let code): "The answer to \(code)"
        case .chase(let code): "Chase \(code)"
        case .periodCorrection(let code): "Correct the period of \(code)"
        case .actionDue(let code): "Revise an action-plan item's due date of \(code)"
        case .officer, .role, .key, .removal, .agency, .focalPoint, .appointmentEnd, .operation: unitTitle ?? ""
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
