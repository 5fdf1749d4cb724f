/// What a user asks the case file to do. `CaseFile.decide` turns a command into
/// events or refuses it; only events are ever written.
public enum Command: Equatable, Sendable {
    case createNetwork(Network)
    case createInvestigation(JointInvestigation)
    case createEnquiry(Enquiry)
    case createReferral(Referral)
    case changeNetworkStatus(code: String, to: NetworkStatus)
    case changeInvestigationStatus(code: String, to: InvestigationStatus)
    case changeEnquiryStatus(reference: String, to: EnquiryStatus)
    case changeReferralStatus(reference: String, to: ReferralStatus)
}

extension CaseFile {
    /// Validates a command against the current case file and returns the events
    /// it makes. Throws a refusal naming the field and the reason; nothing else.
    public func decide(_ command: Command, by actor: String, at time: Timestamp) throws(Refusal) -> [Event] {
        if actor.trimmingWhitespace.isEmpty { throw Refusal(field: "user", reason: "is required: every change names who made it") }
        let change: Change
        switch command {
        case .createNetwork(let network):
            try validateNew(network)
            change = .networkCreated(network)
        case .createInvestigation(let investigation):
            try validateNew(investigation)
            change = .investigationCreated(investigation)
        case .createEnquiry(let enquiry):
            try validateNew(enquiry)
            change = .enquiryCreated(enquiry)
        case .createReferral(let referral):
            try validateNew(referral)
            change = .referralCreated(referral)
        case .changeNetworkStatus(let code, let status):
            guard let network = networks[code] else { throw unknown("network", code) }
            try checkTransition(from: network.status, to: status, allowed: network.status.allowedNext)
            change = .networkStatusChanged(code: code, to: status)
        case .changeInvestigationStatus(let code, let status):
            guard let investigation = investigations[code] else { throw unknown("joint investigation", code) }
            try checkTransition(from: investigation.status, to: status, allowed: investigation.status.allowedNext)
            change = .investigationStatusChanged(code: code, to: status)
        case .changeEnquiryStatus(let reference, let status):
            guard let enquiry = enquiries[reference] else { throw unknown("enquiry", reference) }
            try checkTransition(from: enquiry.status, to: status, allowed: enquiry.status.allowedNext)
            change = .enquiryStatusChanged(reference: reference, to: status)
        case .changeReferralStatus(let reference, let status):
            guard let referral = referrals[reference] else { throw unknown("NCB referral", reference) }
            try checkTransition(from: referral.status, to: status, allowed: referral.allowedNext)
            change = .referralStatusChanged(reference: reference, to: status)
        }
        return [Event(time: time, actor: actor, change: change)]
    }

    private func unknown(_ kind: String, _ code: String) -> Refusal {
        Refusal(field: "code", reason: "no \(kind) \"\(code)\" in this journal")
    }

    private func checkTransition<S: Lifecycle>(from current: S, to wanted: S, allowed: [S]) throws(Refusal) {
        guard allowed.contains(wanted) else {
            throw transitionRefusal(from: current.label, to: wanted.label, allowed: allowed.map(\.label))
        }
    }

    private func validateNewCode(_ code: String, field: String) throws(Refusal) {
        try RecordCode.validate(code, field: field)
        if isCodeInUse(code) { throw Refusal(field: field, reason: "\(code) is already in use") }
    }

    private func validateNew(_ network: Network) throws(Refusal) {
        try validateNewCode(network.code, field: "code")
        try requireText(network.name, field: "name")
        if network.crimeTypes.isEmpty { throw Refusal(field: "crime types", reason: "at least one is required") }
        if network.route.isEmpty { throw Refusal(field: "route", reason: "at least one country is required") }
        if network.status != .identified { throw Refusal(field: "status", reason: "a new network starts as identified") }
    }

    private func validateNew(_ investigation: JointInvestigation) throws(Refusal) {
        try validateNewCode(investigation.code, field: "code")
        try requireText(investigation.title, field: "title")
        if investigation.partners.isEmpty {
            throw Refusal(field: "partners", reason: "a joint investigation needs at least one partner country besides the lead")
        }
        if Set(investigation.countries).count != investigation.countries.count {
            throw Refusal(field: "partners", reason: "each country may appear only once (lead included)")
        }
        for code in investigation.targetNetworks where !networks.contains(code) {
            throw Refusal(field: "target networks", reason: "no network \"\(code)\" in this journal")
        }
        if investigation.end < investigation.start {
            throw Refusal(field: "end", reason: "the period ends (\(investigation.end.iso8601)) before it starts (\(investigation.start.iso8601))")
        }
        if investigation.status != .proposed {
            throw Refusal(field: "status", reason: "a new joint investigation starts as proposed")
        }
    }

    private func validateNew(_ enquiry: Enquiry) throws(Refusal) {
        try validateNewCode(enquiry.reference, field: "reference")
        if enquiry.requested == enquiry.requesting {
            throw Refusal(field: "requested country", reason: "must differ from the requesting country")
        }
        try requireText(enquiry.subject, field: "subject")
        if enquiry.due < enquiry.drafted {
            throw Refusal(field: "due date", reason: "\(enquiry.due.minuteText) is before the enquiry was drafted (\(enquiry.drafted.minuteText))")
        }
        if enquiry.status != .draft { throw Refusal(field: "status", reason: "a new enquiry starts as a draft") }
    }

    private func validateNew(_ referral: Referral) throws(Refusal) {
        try validateNewCode(referral.reference, field: "reference")
        try requireText(referral.subject, field: "subject")
        if referral.kind == .diffusion && referral.recipients.isEmpty {
            throw Refusal(field: "recipients", reason: "a diffusion names the countries it goes to")
        }
        if referral.kind != .diffusion && !referral.recipients.isEmpty {
            throw Refusal(field: "recipients", reason: "only a diffusion has a recipient list; a \(referral.kind.label) goes to all members")
        }
        if referral.status != .draft { throw Refusal(field: "status", reason: "a new NCB referral starts as a draft") }
    }

    private func requireText(_ text: String, field: String) throws(Refusal) {
        if text.trimmingWhitespace.isEmpty { throw Refusal(field: field, reason: "is required") }
        if text.unicodeScalars.count > 10_000 { throw Refusal(field: field, reason: "is longer than 10,000 characters") }
    }
}

/// Record codes and references: letters, digits and `-` `/` `.`, starting with a
/// letter, up to 32 characters, such as `NET-7KQ2` or `AUS/THA-2015-014`.
public enum RecordCode {
    public static func validate(_ code: String, field: String) throws(Refusal) {
        if code.isEmpty { throw Refusal(field: field, reason: "is required") }
        if code.count > 32 { throw Refusal(field: field, reason: "is longer than 32 characters") }
        guard let first = code.unicodeScalars.first, first.isASCIILetter else {
            throw Refusal(field: field, reason: "must start with a letter (e.g. ENQ-AUS-THA-2015-014)")
        }
        for scalar in code.unicodeScalars where !(scalar.isASCIILetter || scalar.isASCIIDigit || "-/.".unicodeScalars.contains(scalar)) {
            throw Refusal(field: field, reason: "may hold only letters A–Z, digits and - / . (found \"\(Character(scalar).debugText)\")")
        }
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { (65...90).contains(value) || (97...122).contains(value) }
    var isASCIIDigit: Bool { (48...57).contains(value) }
}

extension Character {
    /// A character as it can be safely quoted in a message.
    var debugText: String {
        unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) ? String(self)
            : unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
    }
}
