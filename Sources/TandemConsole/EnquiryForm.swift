import TandemCore

/// The "new enquiry" form: labelled fields, one focused, and the refusal of
/// the last save attempt (if any) shown under them.
public struct EnquiryForm: Equatable, Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case reference, requesting, requested, channel, priority, subject, due, handling

        /// The label on screen; refusals from the core use the same words.
        public var label: String {
            switch self {
            case .reference: "reference"
            case .requesting: "requesting country"
            case .requested: "requested country"
            case .channel: "channel"
            case .priority: "priority"
            case .subject: "subject"
            case .due: "due date"
            case .handling: "handling"
            }
        }

        public var hint: String {
            switch self {
            case .reference: "e.g. AUS/THA/15-031"
            case .requesting, .requested: "ISO alpha-3, e.g. THA"
            case .channel, .priority, .handling: "←/→ to choose"
            case .subject: "what is asked"
            case .due: "2015-10-05, +8h, +7d; empty: channel default"
            }
        }

        /// The choices of a picker field; nil for a text field.
        public var choices: [String]? {
            switch self {
            case .channel: Channel.allCases.map(\.label)
            case .priority: Priority.allCases.map(\.label)
            case .handling: Handling.allCases.map(\.rawValue)
            default: nil
            }
        }
    }

    public var inputs: [TextInput]
    public var focus: Field = .reference
    public var refusal: Refusal?
    /// The enquiry being edited (`e`), or nil for a new one.
    public var editing: String?
    /// Fields an edit may not change: who asked whom, the reference, and the
    /// due date (revised by its own, dated change).
    public var locked: Set<Field> = []

    /// The form for editing an existing enquiry, filled with its values.
    public init(editing enquiry: Enquiry) {
        self.init()
        editing = enquiry.reference
        locked = [.reference, .requesting, .requested, .due]
        self[.reference] = TextInput(enquiry.reference)
        self[.requesting] = TextInput(enquiry.requesting.code)
        self[.requested] = TextInput(enquiry.requested.code)
        self[.channel] = TextInput(enquiry.channel.label)
        self[.priority] = TextInput(enquiry.priority.label)
        self[.subject] = TextInput(enquiry.subject)
        self[.due] = TextInput(enquiry.currentDue.minuteText)
        self[.handling] = TextInput(enquiry.handling.rawValue)
        focus = .channel
    }

    /// What the edit changes, field by field (only what differs from the enquiry).
    func edit(of enquiry: Enquiry) throws(Refusal) -> EnquiryEdit {
        var edit = EnquiryEdit()
        let subject = self[.subject].text.trimmingWhitespace
        if subject != enquiry.subject { edit.subject = subject }
        let channel = try parseTerm(self[.channel].text, as: Channel.self, field: "channel") { $0.label }
        if channel != enquiry.channel { edit.channel = channel }
        let priority = try parseTerm(self[.priority].text, as: Priority.self, field: "priority") { $0.label }
        if priority != enquiry.priority { edit.priority = priority }
        let handling = try parseTerm(self[.handling].text, as: Handling.self, field: "handling") { $0.rawValue }
        if handling != enquiry.handling { edit.handling = handling }
        return edit
    }

    public init() {
        let draft = EnquiryDraft()
        inputs = Field.allCases.map { _ in TextInput() }
        inputs[Field.channel.rawValue] = TextInput(Channel(rawValue: draft.channel)!.label)
        inputs[Field.priority.rawValue] = TextInput(draft.priority)
        inputs[Field.handling.rawValue] = TextInput(draft.handling)
    }

    public subscript(field: Field) -> TextInput {
        get { inputs[field.rawValue] }
        set { inputs[field.rawValue] = newValue }
    }

    public var draft: EnquiryDraft {
        var d = EnquiryDraft()
        d.reference = self[.reference].text
        d.requesting = self[.requesting].text
        d.requested = self[.requested].text
        d.channel = self[.channel].text
        d.priority = self[.priority].text
        d.subject = self[.subject].text
        d.due = self[.due].text
        d.handling = self[.handling].text
        return d
    }

    public var isOnLastField: Bool { focus == Field.allCases.last { !locked.contains($0) } }

    public mutating func focusNext() {
        repeat { focus = Field(rawValue: (focus.rawValue + 1) % Field.allCases.count)! } while locked.contains(focus)
    }
    public mutating func focusPrevious() {
        repeat { focus = Field(rawValue: (focus.rawValue + Field.allCases.count - 1) % Field.allCases.count)! } while locked.contains(focus)
    }

    /// Moves a picker field to its next (or previous) choice.
    public mutating func cycleChoice(by step: Int) {
        guard let choices = focus.choices else { return }
        let current = choices.firstIndex(of: self[focus].text) ?? 0
        self[focus] = TextInput(choices[(current + step + choices.count) % choices.count])
    }

    /// Selects the first choice starting with the typed character.
    public mutating func pickChoice(startingWith character: Character) {
        guard let choices = focus.choices else { return }
        let start = String(character).lowercased()
        if let match = choices.first(where: { $0.lowercased().hasPrefix(start) }) { self[focus] = TextInput(match) }
    }

    /// The field a refusal names, so focus can go to it.
    static func field(named name: String) -> Field? {
        Field.allCases.first { $0.label == name }
    }
}
