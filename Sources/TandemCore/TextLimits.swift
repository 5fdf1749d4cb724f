/// How long each text field may be, in one table: a refusal names the field and
/// its limit, and no event can grow past what a journal line may hold
/// (`longestEvent`), so a line longer than that is damage, never an event.
public enum TextLimits {
    /// The most characters each field may hold; codes and references have their own rule (`RecordCode`).
    public static let characters: [String: Int] = [
        "name": 200, "display name": 200, "title": 300, "subject": 1_000, "alias": 200, "modus operandi": 5_000,
        "item": 1_000, "note": 10_000, "description": 2_000, "INTERPOL reference": 64, "channel": 100, "language": 50,
        "time zone": 64, "organisation": 200, "reason": 2_000, "answer": 10_000, "recipient": 300, "destination": 1_000, "set aside": 1_000,
    ]
    /// The most entries a list may hold (aliases, languages, organisations, contact channels).
    public static let listEntries = 50
    /// The longest event line the limits allow, with room for every field's escaping, in bytes.
    public static let longestEvent = 1 << 20

    static func check(_ text: String, field: String) throws(Refusal) {
        let limit = characters[field] ?? 10_000
        // Bytes bound characters from above: most text is settled without counting characters.
        if text.utf8.count > limit && text.count > limit {
            throw Refusal(field: field, reason: "is longer than \(NumberText.count(limit)) characters (\(NumberText.count(text.count)))")
        }
    }

    static func check(_ list: [String], field: String, entry: String) throws(Refusal) {
        if list.count > listEntries { throw Refusal(field: field, reason: "holds more than \(listEntries) entries (\(list.count))") }
        for text in list { try check(text, field: entry) }
    }
}

extension Change {
    /// Refuses text longer than its field's limit anywhere in the change.
    func checkTextLimits() throws(Refusal) {
        switch self {
        case .userAdded(let user): try TextLimits.check(user.displayName, field: "display name")
        case .agencyAdded(let agency): try TextLimits.check(agency.name, field: "name")
        case .focalPointAppointed(let point):
            try TextLimits.check(point.name, field: "name")
            try TextLimits.check(point.channels, field: "contact channels", entry: "channel")
            try TextLimits.check(point.languages, field: "languages", entry: "language")
            try TextLimits.check(point.timeZone, field: "time zone")
        case .networkCreated(let network), .networkRevised(let network):
            try TextLimits.check(network.name, field: "name")
            try TextLimits.check(network.aliases, field: "aliases", entry: "alias")
            try TextLimits.check(network.modusOperandi, field: "modus operandi")
        case .suspectAdded(let suspect): try TextLimits.check(suspect.aliases, field: "aliases", entry: "alias")
        case .investigationCreated(let investigation), .investigationRevised(let investigation):
            try TextLimits.check(investigation.title, field: "title")
        case .actionItemAdded(_, let item): try TextLimits.check(item.item, field: "item")
        case .enquiryCreated(let enquiry): try TextLimits.check(enquiry.subject, field: "subject")
        case .enquiryEdited(_, let edit): if let subject = edit.subject { try TextLimits.check(subject, field: "subject") }
        case .referralCreated(let referral), .referralRevised(let referral):
            try TextLimits.check(referral.subject, field: "subject")
            if let value = referral.interpolReference { try TextLimits.check(value, field: "INTERPOL reference") }
        case .referralInterpolReferenceSet(_, let value): try TextLimits.check(value, field: "INTERPOL reference")
        case .operationCreated(let operation), .operationRevised(let operation):
            try TextLimits.check(operation.name, field: "name")
            try TextLimits.check(operation.organisations, field: "organisations", entry: "organisation")
        case .activityRecorded(let activity): try TextLimits.check(activity.description, field: "description")
        case .noteAdded(_, let text): try TextLimits.check(text, field: "note")
        case .exportMade(let export):
            try TextLimits.check(export.reason, field: "reason")
            try TextLimits.check(export.recipient, field: "recipient")
            try TextLimits.check(export.destination, field: "destination")
        case .outcomeCorrected(let correction):
            try TextLimits.check(correction.reason, field: "reason")
        case .activityCorrected(let correction):
            try TextLimits.check(correction.reason, field: "reason")
        case .investigationPeriodCorrected(_, let correction):
            try TextLimits.check(correction.reason, field: "reason")
        case .enquiryReturned(_, let reason): try TextLimits.check(reason, field: "reason")
        case .enquiryAnswered(_, let answer): try TextLimits.check(answer.text, field: "answer")
        case .enquiryChased(_, let chase): try TextLimits.check(chase.note, field: "note")
        case .statusReverted(let reversion):
            try TextLimits.check(reversion.reason, field: "reason")
        case .journalRepaired(let repair):
            try TextLimits.check(repair.setAside, field: "set aside")
            try TextLimits.check(repair.reason, field: "reason")
        case .userRoleChanged, .userRemoved, .userKeyReplaced, .focalPointEnded, .networkStatusChanged, .suspectStatusChanged, .victimAdded,
             .investigationStatusChanged, .investigationExtended, .actionItemStatusChanged, .outcomeRecorded,
             .enquiryStatusChanged, .enquiryDueRevised, .referralStatusChanged, .linkAdded, .actionItemDueRevised:
            break  // codes, dates, counts and terms only
        }
    }
}
