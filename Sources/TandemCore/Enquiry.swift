/// A bilateral or international enquiry from one country's agency to another's.
public struct Enquiry: Equatable, Sendable {
    public var reference: String
    public var requesting: CountryCode
    public var requested: CountryCode
    public var channel: Channel
    public var priority: Priority
    public var subject: String
    public var status: EnquiryStatus
    public var drafted: Timestamp
    public var due: Timestamp
    public var handling: Handling
    // Timeline, filled in by status changes as they are applied.
    public var sent: Timestamp?
    public var acknowledged: Timestamp?
    public var answered: Timestamp?
    public var revisedDue: Timestamp?
    public var lastChased: Timestamp?
    public var chases = 0
    /// Coercive measures the enquiry asks for (search, arrest, seizure).
    public var coerciveMeasures: [CoerciveMeasure]

    public init(
        reference: String, requesting: CountryCode, requested: CountryCode, channel: Channel,
        priority: Priority, subject: String, drafted: Timestamp, due: Timestamp, handling: Handling,
        coerciveMeasures: [CoerciveMeasure] = []
    ) {
        self.coerciveMeasures = coerciveMeasures
        self.reference = reference
        self.requesting = requesting
        self.requested = requested
        self.channel = channel
        self.priority = priority
        self.subject = subject
        self.status = .draft
        self.drafted = drafted
        self.due = due
        self.handling = handling
    }

    /// The due time in force: the revised one if it was revised.
    public var currentDue: Timestamp { revisedDue ?? due }

    /// Overdue (derived): sent, not yet answered, and past its (revised) due time.
    public func isOverdue(at now: Timestamp) -> Bool {
        status.isAwaitingAnswer && now > currentDue
    }

    /// Asks for coercive measures on a channel that cannot carry them:
    /// they need mutual legal assistance through the central authority.
    public var coerciveOnWrongChannel: Bool {
        !coerciveMeasures.isEmpty && channel != .mutualLegalAssistance
    }
}

/// What an edit of an enquiry changes: only the fields that are set.
public struct EnquiryEdit: Equatable, Sendable {
    public var subject: String?
    public var priority: Priority?
    public var channel: Channel?
    public var handling: Handling?

    public init(subject: String? = nil, priority: Priority? = nil, channel: Channel? = nil, handling: Handling? = nil) {
        self.subject = subject
        self.priority = priority
        self.channel = channel
        self.handling = handling
    }

    public var isEmpty: Bool { subject == nil && priority == nil && channel == nil && handling == nil }

    /// "subject, handling"
    public var fieldNames: [String] {
        [subject.map { _ in "subject" }, priority.map { _ in "priority" }, channel.map { _ in "channel" },
         handling.map { _ in "handling" }].compactMap { $0 }
    }
}

public enum Channel: String, CaseIterable, Sendable {
    case policeToPolice = "police-to-police"
    case liaisonOfficer = "liaison-officer"
    case interpol = "interpol-i247"
    case mutualLegalAssistance = "mla"

    public var label: String {
        switch self {
        case .policeToPolice: "police-to-police"
        case .liaisonOfficer: "liaison officer"
        case .interpol: "INTERPOL I-24/7"
        case .mutualLegalAssistance: "mutual legal assistance"
        }
    }

    public var shortLabel: String {
        switch self {
        case .policeToPolice: "P2P"
        case .liaisonOfficer: "LO"
        case .interpol: "I-24/7"
        case .mutualLegalAssistance: "MLA"
        }
    }

    /// When an enquiry on this channel falls due if no date is given.
    public func defaultAnswerTime(priority: Priority) -> Int64 {
        switch (self, priority) {
        case (_, .urgent): 8 * 3600
        case (.mutualLegalAssistance, .routine): 30 * 86_400
        case (_, .routine): 7 * 86_400
        }
    }
}

public enum Priority: String, CaseIterable, Sendable {
    case urgent, routine
    public var label: String { rawValue }
}

public enum EnquiryStatus: String, Lifecycle {
    case draft, sent, acknowledged
    case inProgress = "in-progress"
    case clarificationRequested = "clarification-requested"
    case answeredFull = "answered-full"
    case answeredPartial = "answered-partial"
    case closed, declined, withdrawn

    public var label: String {
        switch self {
        case .inProgress: "in progress"
        case .clarificationRequested: "clarification requested"
        case .answeredFull: "answered (full)"
        case .answeredPartial: "answered (partial)"
        default: rawValue
        }
    }

    public var allowedNext: [EnquiryStatus] {
        switch self {
        case .draft: [.sent, .withdrawn]
        case .sent: [.acknowledged, .answeredFull, .answeredPartial, .declined, .withdrawn]
        case .acknowledged, .inProgress:
            [.inProgress, .clarificationRequested, .answeredFull, .answeredPartial, .declined, .withdrawn]
                .filter { $0 != self }
        case .clarificationRequested: [.inProgress, .withdrawn]
        case .answeredPartial: [.inProgress, .answeredFull, .closed]
        case .answeredFull: [.closed]
        case .closed, .declined, .withdrawn: []
        }
    }

    /// Sent and waiting for an answer: the statuses in which an enquiry can be overdue.
    public var isAwaitingAnswer: Bool {
        switch self {
        case .sent, .acknowledged, .inProgress, .clarificationRequested: true
        default: false
        }
    }
}
