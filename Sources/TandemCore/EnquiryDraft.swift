/// A new enquiry as typed into a form or a spreadsheet row: every field raw
/// text. `enquiry(draftedAt:zone:)` checks each field in order and names the first bad one.
/// A due date is typed in `zone`, the officer's.
public struct EnquiryDraft: Equatable, Sendable {
    public var reference = ""
    public var requesting = ""
    public var requested = ""
    public var channel = Channel.policeToPolice.rawValue
    public var priority = Priority.routine.rawValue
    public var subject = ""
    /// Empty means the channel's default answer time.
    public var due = ""
    /// When an enquiry falls due if no date is given, by "channel.priority" (stored values), in
    /// seconds: an officer's settings; unset, the channel's own default.
    public var answerTimes: [String: Int64] = [:]
    public var handling = Handling.h2.rawValue

    public init() {}

    /// Every bad field, not only the first: for spreadsheets, where a row is
    /// corrected once for all its problems.
    public func problems(draftedAt now: Timestamp, zone: OfficerZone) -> [Refusal] {
        var problems: [Refusal] = []
        do { try RecordCode.validate(reference.trimmingWhitespace.uppercasedIfNeeded, field: "reference") } catch { problems.append(error) }
        do { _ = try CountryCode.parse(requesting, field: "requesting country") } catch { problems.append(error) }
        do { _ = try CountryCode.parse(requested, field: "requested country") } catch { problems.append(error) }
        do { _ = try parseTerm(channel, as: Channel.self, field: "channel", label: \.label, also: \.shortLabel) } catch { problems.append(error) }
        do { _ = try parseTerm(priority, as: Priority.self, field: "priority") { $0.label } } catch { problems.append(error) }
        if subject.trimmingWhitespace.isEmpty { problems.append(Refusal(field: "subject", reason: "is required")) }
        if !due.trimmingWhitespace.isEmpty {
            do { _ = try DateInput.parse(due, now: now, field: "due date", zone: zone) } catch { problems.append(error) }
        }
        do { _ = try parseTerm(handling, as: Handling.self, field: "handling") { $0.rawValue } } catch { problems.append(error) }
        if problems.isEmpty {
            do { _ = try enquiry(draftedAt: now, zone: zone) } catch { problems.append(error) }
        }
        return problems
    }

    public func enquiry(draftedAt now: Timestamp, zone: OfficerZone) throws(Refusal) -> Enquiry {
        let reference = self.reference.trimmingWhitespace.uppercasedIfNeeded
        try RecordCode.validate(reference, field: "reference")
        let requesting = try CountryCode.parse(self.requesting, field: "requesting country")
        let requested = try CountryCode.parse(self.requested, field: "requested country")
        let channel = try parseTerm(self.channel, as: Channel.self, field: "channel", label: \.label, also: \.shortLabel)
        let priority = try parseTerm(self.priority, as: Priority.self, field: "priority") { $0.label }
        let subject = self.subject.trimmingWhitespace
        if subject.isEmpty { throw Refusal(field: "subject", reason: "is required") }
        let due = due.trimmingWhitespace.isEmpty
            ? now.adding(seconds: answerTimes["\(channel.rawValue).\(priority.rawValue)"] ?? channel.defaultAnswerTime(priority: priority))
            : try DateInput.parse(self.due, now: now, field: "due date", zone: zone)
        let handling = try parseTerm(self.handling, as: Handling.self, field: "handling") { $0.rawValue }
        return Enquiry(
            reference: reference, requesting: requesting, requested: requested, channel: channel,
            priority: priority, subject: subject, drafted: now, due: due, handling: handling
        )
    }
}
