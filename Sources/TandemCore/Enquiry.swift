/// A bilateral or international enquiry from one country's agency to another's.
public struct Enquiry: Equatable, Sendable {
    // The fields of a byte or two are declared together, last: declared among
    // the others, each was padded to eight bytes (20 bytes of each enquiry).
    public var reference: String
    public var subject: String
    public var drafted: Timestamp
    public var due: Timestamp
    // Timeline, filled in by status changes as they are applied. Each held as
    // one number (`TimeIfAny`): six `Timestamp?` took 96 bytes of each enquiry
    // (each one's flag padded to eight bytes), these take 48; 1M events hold 115k enquiries.
    @TimeIfAny public var sent: Timestamp? = nil
    @TimeIfAny public var acknowledged: Timestamp? = nil
    @TimeIfAny public var answered: Timestamp? = nil
    @TimeIfAny public var revisedDue: Timestamp? = nil
    @TimeIfAny public var lastChased: Timestamp? = nil
    public var chases = 0
    /// What the answer said, when it was recorded with its text.
    public var answer: String?
    /// When the sending was entered in the journal (`sent` is when it happened):
    /// the debrief counts what was recorded by its cut-off.
    @TimeIfAny public var sentRecorded: Timestamp? = nil
    /// Coercive measures the enquiry asks for (search, arrest, seizure).
    public var coerciveMeasures: [CoerciveMeasure]
    public var requesting: CountryCode
    public var requested: CountryCode
    public var channel: Channel
    public var priority: Priority
    public var status: EnquiryStatus
    public var handling: Handling

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
    public var requested: CountryCode?
    public var coerciveMeasures: [CoerciveMeasure]?

    public init(subject: String? = nil, priority: Priority? = nil, channel: Channel? = nil, handling: Handling? = nil,
                requested: CountryCode? = nil, coerciveMeasures: [CoerciveMeasure]? = nil) {
        self.subject = subject
        self.priority = priority
        self.channel = channel
        self.handling = handling
        self.requested = requested
        self.coerciveMeasures = coerciveMeasures
    }

    public var isEmpty: Bool { fieldNames.isEmpty }

    /// "subject, handling"
    public var fieldNames: [String] {
        [subject.map { _ in "subject" }, priority.map { _ in "priority" }, channel.map { _ in "channel" },
         handling.map { _ in "handling" }, requested.map { _ in "requested country" },
         coerciveMeasures.map { _ in "coercive measures" }].compactMap { $0 }
    }

    /// The fields that, once an enquiry has been sent, only a supervisor changes, with a reason:
    /// the other country has acted on them.
    public static let fixedOnceSent: Set<String> = ["subject", "channel", "coercive measures", "requested country"]
}

/// How an enquiry was chased, and a word on it.
public struct Chase: Equatable, Sendable {
    public var means: ChaseMeans?
    public var note: String

    public init(means: ChaseMeans? = nil, note: String = "") {
        self.means = means
        self.note = note
    }
}

public enum ChaseMeans: String, CaseIterable, Sendable {
    case phone
    case email = "e-mail"
    case interpolMessage = "i247-message"
    case letter, meeting

    public var label: String { self == .interpolMessage ? "I-24/7 message" : rawValue }
}

/// An answer received: whether it answers in full, and what it said.
public struct EnquiryAnswer: Equatable, Sendable {
    public var full: Bool
    public var text: String

    public init(full: Bool, text: String) {
        self.full = full
        self.text = text
    }

    public var status: EnquiryStatus { full ? .answeredFull : .answeredPartial }
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
    case draft, submitted, sent, acknowledged
    case inProgress = "in-progress"
    case clarificationRequested = "clarification-requested"
    case answeredFull = "answered-full"
    case answeredPartial = "answered-partial"
    case closed, declined, withdrawn

    public var label: String {
        switch self {
        case .submitted: "submitted for approval"
        case .inProgress: "in progress"
        case .clarificationRequested: "clarification requested"
        case .answeredFull: "answered (full)"
        case .answeredPartial: "answered (partial)"
        default: rawValue
        }
    }

    public var allowedNext: [EnquiryStatus] {
        switch self {
        // A supervisor may send a draft at once; anyone else submits it for approval.
        case .draft: [.submitted, .sent, .withdrawn]
        // Returning it to a draft is its own change, with a reason.
        case .submitted: [.sent, .withdrawn]
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
