import TandemCore

/// The columns and rows of each pane's list.
enum PaneTables {
    static func columns(_ pane: Pane) -> [Column] {
        switch pane {
        case .networks:
            [Column(title: "Code", width: 8, priority: 10), Column(title: "Name", width: 21, priority: 9, flexible: true),
             Column(title: "Crime types", width: 10, priority: 6), Column(title: "Sectors", width: 12, priority: 4),
             Column(title: "Route", width: 11, priority: 7), Column(title: "Status", width: 19, priority: 8),
             Column(title: "Investigation", width: 13, priority: 3), Column(title: "Handling", width: 9, priority: 8)]
        case .investigations:
            [Column(title: "Code", width: 13, priority: 10), Column(title: "Title", width: 16, priority: 9, flexible: true),
             Column(title: "Lead", width: 4, priority: 8), Column(title: "Partners", width: 8, priority: 7),
             Column(title: "Targets", width: 8, priority: 4), Column(title: "Period", width: 21, priority: 5),
             Column(title: "Left", width: 5, priority: 3, alignRight: true), Column(title: "Status", width: 9, priority: 8),
             Column(title: "Handling", width: 9, priority: 6)]
        case .enquiries:
            // The subject says what an enquiry is about: it stays at 80 columns, where age and handling give way.
            [Column(title: "Reference", width: 14, priority: 10), Column(title: "From→To", width: 7, priority: 9),
             Column(title: "Channel", width: 7, priority: 6), Column(title: "Priority", width: 8, priority: 1),
             Column(title: "Sent", width: 10, priority: 2), Column(title: "Due", width: 11, priority: 7),
             Column(title: "Status", width: 18, priority: 8), Column(title: "Age", width: 5, priority: 5, alignRight: true),
             Column(title: "Handling", width: 9, priority: 3), Column(title: "Subject", width: 14, priority: 8, flexible: true)]
        case .referrals:
            [Column(title: "Reference", width: 15, priority: 10), Column(title: "Kind", width: 12, priority: 9),
             Column(title: "NCB", width: 4, priority: 8), Column(title: "Recipients", width: 11, priority: 5),
             Column(title: "Subject", width: 16, priority: 6, flexible: true), Column(title: "Status", width: 15, priority: 7),
             Column(title: "Handling", width: 9, priority: 7)]
        case .dashboard:
            []
        }
    }

    static func rows(_ pane: Pane, _ caseFile: CaseFile, now: Timestamp) -> [TableRow] {
        (0..<pane.recordCount(in: caseFile)).map { row(pane, caseFile, $0, now: now) }
    }

    /// One record's row: only the rows on screen are made for a frame.
    static func row(_ pane: Pane, _ caseFile: CaseFile, _ index: Int, now: Timestamp) -> TableRow {
        switch pane {
        case .networks:
            let n = caseFile.networks.all[index]
            let investigations = caseFile.investigations.all.filter { $0.targetNetworks.contains(n.code) }.map(\.code)
            return TableRow(cells: [
                n.code, n.name, n.crimeTypes.map(\.shortLabel).joined(separator: ","),
                n.sectors.map(\.label).joined(separator: ","), Formatting.route(n.route), n.status.label,
                investigations.joined(separator: ","), n.handling.rawValue,
            ], style: networkStyle(n.status))
        case .investigations:
            let i = caseFile.investigations.all[index]
            return TableRow(cells: [
                i.code, i.title, i.lead.code, Formatting.codes(i.partners), i.targetNetworks.joined(separator: ","),
                "\(i.start.iso8601)–\(i.end.iso8601)", i.status.isOpen ? Formatting.daysLeft(i.daysLeft(on: now.day)) : "",
                i.status.label, i.handling.rawValue,
            ], style: i.status.isOpen ? .plain : .dim)
        case .enquiries:
            let e = caseFile.enquiries.all[index]
            let overdue = e.isOverdue(at: now)
            var style = enquiryStyle(e.status)
            if overdue { style = Style(colour: .red, bold: true) }
            return TableRow(cells: [
                e.reference, "\(e.requesting.code)→\(e.requested.code)", e.channel.shortLabel, e.priority.label,
                e.sent.map { $0.day.iso8601 } ?? "–", e.due.day.iso8601 + (overdue ? "!" : ""),
                e.status.label,
                Formatting.age(from: e.sent ?? e.drafted, to: now), e.handling.rawValue, e.subject,
            ], style: style)
        case .referrals:
            let r = caseFile.referrals.all[index]
            return TableRow(cells: [
                r.reference, Formatting.referralKind(r.kind), r.issuingNCB.code, r.recipientsText, r.subject,
                r.status.label, r.handling.rawValue,
            ], style: referralStyle(r))
        case .dashboard:
            return TableRow(cells: [])
        }
    }

    static func networkStyle(_ status: NetworkStatus) -> Style {
        switch status {
        case .prioritised, .underInvestigation: Style(colour: .yellow)
        case .disrupted, .dismantled: Style(colour: .green)
        case .dormant, .archived: .dim
        default: .plain
        }
    }

    static func enquiryStyle(_ status: EnquiryStatus) -> Style {
        switch status {
        case .draft: .dim
        case .answeredFull, .answeredPartial: Style(colour: .green)
        case .closed, .declined, .withdrawn: .dim
        case .clarificationRequested: Style(colour: .yellow)
        default: .plain
        }
    }

    /// INTERPOL notices are known by their colour.
    static func referralStyle(_ r: Referral) -> Style {
        switch r.kind {
        case .red: Style(colour: .red)
        case .blue: Style(colour: .blue)
        case .green: Style(colour: .green)
        case .yellow: Style(colour: .yellow)
        case .orange: Style(colour: .yellow, bold: true)
        case .purple: Style(colour: .magenta)
        case .black: Style(bold: true)
        case .silver: Style(colour: .white)
        default: Style(colour: .cyan)
        }
    }
}
