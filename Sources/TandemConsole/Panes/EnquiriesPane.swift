import TandemCore

/// Bilateral and international enquiries.
enum EnquiriesPane: PaneSpec {
    static let title = "Enquiries"

    // The subject says what an enquiry is about: it stays at 80 columns, where age and handling give way.
    static let columns = [
        Column(title: "Reference", width: 14, priority: 10), Column(title: "From→To", width: 7, priority: 9),
        Column(title: "Channel", width: 7, priority: 6), Column(title: "Priority", width: 8, priority: 1),
        Column(title: "Sent", width: 10, priority: 2), Column(title: "Due", width: 11, priority: 7),
        Column(title: "Status", width: 18, priority: 8), Column(title: "Age", width: 5, priority: 5, alignRight: true),
        Column(title: "Handling", width: 9, priority: 3), Column(title: "Subject", width: 14, priority: 8, flexible: true),
    ]

    static func count(_ c: CaseFile) -> Int { c.enquiries.count }
    static func code(_ c: CaseFile, _ index: Int) -> String { c.enquiries.all[index].reference }
    static func index(_ c: CaseFile, _ code: String) -> Int? { c.enquiries.index(of: code) }

    static func row(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> TableRow {
        let e = c.enquiries.all[index]
        let overdue = e.isOverdue(at: now)
        var rowStyle = style(e.status)
        if overdue { rowStyle = Style(colour: .red, bold: true) }
        return TableRow(cells: [
            e.reference, "\(e.requesting.code)→\(e.requested.code)", e.channel.shortLabel, e.priority.label,
            e.sent.map { zone.day(of: $0).iso8601 } ?? "–", zone.day(of: e.currentDue).iso8601 + (overdue ? "!" : ""),
            e.status.label,
            Formatting.age(from: e.sent ?? e.drafted, to: now), e.handling.rawValue, e.subject,
        ], style: rowStyle)
    }

    static func style(_ status: EnquiryStatus) -> Style {
        switch status {
        case .draft, .submitted: .dim
        case .answeredFull, .answeredPartial: Style(colour: .green)
        case .closed, .declined, .withdrawn: .dim
        case .clarificationRequested: Style(colour: .yellow)
        default: .plain
        }
    }

    static let filterFields: [(name: String, values: [String]?)] = [
        ("status", filterTerms(EnquiryStatus.self, \.label)), ("handling", filterTerms(Handling.self)), ("from", nil), ("to", nil),
        ("channel", filterTerms(Channel.self, \.shortLabel)), ("priority", filterTerms(Priority.self)), ("country", nil),
    ]

    static let dateFields: [String: @Sendable (CaseFile, Int, OfficerZone) -> Day?] = [
        "due": { c, i, zone in zone.day(of: c.enquiries.all[i].currentDue) }, "sent": { c, i, zone in c.enquiries.all[i].sent.map(zone.day) },
        "drafted": { c, i, zone in zone.day(of: c.enquiries.all[i].drafted) }, "answered": { c, i, zone in c.enquiries.all[i].answered.map(zone.day) },
    ]

    static func isOverdue(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> Bool { c.enquiries.all[index].isOverdue(at: now) }

    static func facets(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> RecordFilter.Facets {
        let e = c.enquiries.all[index]
        return RecordFilter.Facets(fields: [
            "status": [e.status.rawValue, e.status.label], "handling": [e.handling.rawValue], "from": [e.requesting.code],
            "to": [e.requested.code], "channel": [e.channel.rawValue, e.channel.shortLabel, e.channel.label],
            "priority": [e.priority.rawValue], "country": [e.requesting.code, e.requested.code],
        ], text: [e.reference, e.subject], overdue: isOverdue(c, index, now: now, zone: zone))
    }

    static func title(_ c: CaseFile, _ index: Int) -> (String, Handling) {
        let e = c.enquiries.all[index]
        // As the other panes' records: its code, then what it is (the subject, where a find matched it too).
        return ("\(e.reference) · \(e.subject)", e.handling)
    }

    static func detailLines(_ c: CaseFile, _ index: Int, now: Timestamp, zone: OfficerZone) -> [DetailView.Line] {
        let e = c.enquiries.all[index]
        let overdue = e.isOverdue(at: now)
        var timeline = ["drafted \(zone.minuteText(e.drafted))"]
        if let t = e.sent { timeline.append("sent \(zone.minuteText(t))") }
        if let t = e.acknowledged { timeline.append("acknowledged \(zone.minuteText(t))") }
        if let t = e.answered { timeline.append("answered \(zone.minuteText(t))") }
        if let t = e.lastChased { timeline.append("chased \(e.chases)×, last \(zone.minuteText(t))") }
        return [
            ("Status", overdue ? "\(e.status.label), OVERDUE since \(zone.dueText(e.currentDue))" : e.status.label,
             overdue ? .error : style(e.status)),
            ("From → to", "\(Formatting.countryWithName(e.requesting)) → \(Formatting.countryWithName(e.requested))", .plain),
            ("Channel", "\(e.channel.label), \(e.priority.label)", .plain),
            ("Due", zone.dueText(e.currentDue) + (e.revisedDue == nil ? "" : " (revised; first \(zone.dueText(e.due)))"), .plain),
            ("Timeline", timeline.joined(separator: " · "), .plain),
            ("Subject", e.subject, .plain),
        ] + (e.answer.map { [("Answer", $0, Style.plain)] } ?? [])
          + (e.coerciveMeasures.isEmpty ? [] : [
            ("Coercive", e.coerciveMeasures.map(\.rawValue).joined(separator: ", ")
                + (e.coerciveOnWrongChannel
                    ? " — WARNING: coercive measures need mutual legal assistance through the central authority, not \(e.channel.label)"
                    : " (by mutual legal assistance)"),
             e.coerciveOnWrongChannel ? Style(colour: .yellow, bold: true) : .plain),
        ])
    }

    static func newForm() -> RecordForm { .newEnquiry() }
    static func editForm(_ c: CaseFile, _ code: String, zone: OfficerZone) -> RecordForm? { c.enquiries[code].map { .editing($0, zone: zone) } }

    static func statusChoices(_ c: CaseFile, _ code: String) -> (current: String, options: [(String, Change)])? {
        c.enquiries[code].map { e in
            var options: [(String, Change)] = e.status.allowedNext.map { status in
                switch status {
                case .answeredFull, .answeredPartial:
                    (status.label, .enquiryAnswered(reference: code, EnquiryAnswer(full: status == .answeredFull, text: "")))
                case .sent where e.status == .submitted: ("approve and send", .enquiryStatusChanged(reference: code, to: .sent))
                default: (status.label, .enquiryStatusChanged(reference: code, to: status))
                }
            }
            if e.status == .submitted { options.append(("return to its drafter", .enquiryReturned(reference: code, reason: ""))) }
            return (e.status.label, options)
        }
    }

    static func sameRecord(_ a: CaseFile, _ b: CaseFile, _ index: Int) -> Bool { a.enquiries.all[index] == b.enquiries.all[index] }

    static func isCreation(_ change: Change) -> Bool {
        if case .enquiryCreated = change { true } else { false }
    }
}
