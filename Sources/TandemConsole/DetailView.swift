import TandemCore

/// The selected record's details, as labelled lines.
enum DetailView {
    typealias Line = (label: String, value: String, style: Style)

    static func title(_ state: ConsoleState, row: Int) -> (String, Handling) {
        let c = state.caseFile
        switch state.pane {
        case .networks: let n = c.networks.all[row]; return ("\(n.code) · \(n.name)", n.handling)
        case .investigations: let i = c.investigations.all[row]; return ("\(i.code) · \(i.title)", i.handling)
        case .enquiries: let e = c.enquiries.all[row]; return ("Enquiry \(e.reference)", e.handling)
        case .referrals: let r = c.referrals.all[row]; return ("\(r.reference) · \(r.kind.label)", r.handling)
        case .dashboard: return ("Dashboard", .tlpGreen)
        }
    }

    static func lines(_ state: ConsoleState, row: Int) -> [Line] {
        let c = state.caseFile
        switch state.pane {
        case .networks:
            let n = c.networks.all[row]
            var lines: [Line] = [
                ("Status", n.status.label, PaneTables.networkStyle(n.status)),
                ("Crime types", n.crimeTypes.map { "\($0.label) (\($0.rawValue))" }.joined(separator: ", "), .plain),
                ("Sectors", n.sectors.map(\.label).joined(separator: ", "), .plain),
                ("Route", n.route.map(Formatting.countryWithName).joined(separator: " → "), .plain),
                ("Grading", "source \(n.reliability.rawValue), information \(n.accuracy.rawValue)", .plain),
            ]
            if !n.aliases.isEmpty { lines.append(("Aliases", n.aliases.joined(separator: ", "), .plain)) }
            let investigations = c.investigations.all.filter { $0.targetNetworks.contains(n.code) }
            lines.append(("Investigations", investigations.isEmpty ? "none yet" : investigations.map { "\($0.code) (\($0.status.label))" }.joined(separator: ", "), .plain))
            let suspects = c.suspects.all.filter { $0.network == n.code }
            if !suspects.isEmpty {
                lines.append(("Suspects", suspects.map { "\($0.reference) (\($0.nationality.code), \($0.role.label), \($0.status.label))" }
                    .joined(separator: ", "), .plain))
            }
            lines.append(("Modus operandi", n.modusOperandi, .plain))
            return lines
        case .investigations:
            let i = c.investigations.all[row]
            let extended = i.extensions.isEmpty ? "" : ", extended from \(i.end.iso8601)"
            var lines: [Line] = [
                ("Status", i.status.label, .plain),
                ("Lead", Formatting.countryWithName(i.lead), .plain),
                ("Partners", i.partners.map(Formatting.countryWithName).joined(separator: ", "), .plain),
                ("Period", "\(i.start.iso8601) to \(i.currentEnd.iso8601) (\(Formatting.periodEnd(daysLeft: i.daysLeft(on: state.now.day)))\(extended))", .plain),
                ("Legal basis", i.legalBasis.label, .plain),
                ("Targets", i.targetNetworks.map { code in c.networks[code].map { "\(code) \($0.name)" } ?? code }.joined(separator: ", "), .plain),
            ]
            if !i.teamLeaders.isEmpty {
                lines.append(("Team leaders", i.teamLeaders.map { code in
                    c.focalPoints[code].map { "\($0.name) (\($0.country.code))" } ?? code }.joined(separator: ", "), .plain))
            }
            let outcomes = c.outcomes.filter { $0.investigation == i.code }
            if !outcomes.isEmpty {
                let tallies = OutcomeKind.allCases.compactMap { kind -> String? in
                    let total = outcomes.filter { $0.kind == kind }.reduce(0) { $0 + $1.count }
                    return total == 0 ? nil : "\(total) \(kind.label)"
                }
                lines.append(("Outcomes", tallies.joined(separator: ", "), .plain))
            }
            for item in i.actionItems {
                let late = item.status == .open && item.due < state.now.day
                lines.append(("Action \(item.id)", "\(item.status.rawValue) · \(item.owner.code) · due \(item.due.iso8601)\(late ? " (late)" : "") · \(item.item)",
                              late ? .error : item.status == .open ? .plain : .dim))
            }
            return lines
        case .enquiries:
            let e = c.enquiries.all[row]
            let overdue = e.isOverdue(at: state.now)
            var timeline = ["drafted \(e.drafted.minuteText)"]
            if let t = e.sent { timeline.append("sent \(t.minuteText)") }
            if let t = e.acknowledged { timeline.append("acknowledged \(t.minuteText)") }
            if let t = e.answered { timeline.append("answered \(t.minuteText)") }
            return [
                ("Status", overdue ? "\(e.status.label), OVERDUE since \(Formatting.due(e.due))" : e.status.label,
                 overdue ? .error : PaneTables.enquiryStyle(e.status)),
                ("From → to", "\(Formatting.countryWithName(e.requesting)) → \(Formatting.countryWithName(e.requested))", .plain),
                ("Channel", "\(e.channel.label), \(e.priority.label)", .plain),
                ("Due", Formatting.due(e.due), .plain),
                ("Timeline", timeline.joined(separator: " · "), .plain),
                ("Subject", e.subject, .plain),
            ] + (e.coerciveMeasures.isEmpty ? [] : [
                ("Coercive", e.coerciveMeasures.map(\.rawValue).joined(separator: ", ")
                    + (e.coerciveOnWrongChannel
                        ? " — WARNING: coercive measures need mutual legal assistance through the central authority, not \(e.channel.label)"
                        : " (by mutual legal assistance)"),
                 e.coerciveOnWrongChannel ? Style(colour: .yellow, bold: true) : .plain),
            ])
        case .referrals:
            let r = c.referrals.all[row]
            return [
                ("Status", r.status.label, .plain),
                ("Kind", r.kind.label, PaneTables.referralStyle(r)),
                ("Issuing NCB", Formatting.countryWithName(r.issuingNCB), .plain),
                ("Recipients", r.recipients.isEmpty ? "all member countries" : r.recipients.map(Formatting.countryWithName).joined(separator: ", "), .plain),
                ("INTERPOL ref.", r.interpolReference ?? "not yet known", .plain),
                ("Subject", r.subject, .plain),
            ]
        case .dashboard:
            return []
        }
    }

    static func draw(_ state: ConsoleState, layout: Layout, into buffer: inout CellBuffer) {
        let top = layout.detailTop
        buffer.fill(x: 0, y: top, width: buffer.width, style: .dim, character: "─")
        guard let row = state.selectedRecord else {
            buffer.put(" No records in this pane yet ", x: 2, y: top, style: .dim)
            return
        }
        let (title, handling) = title(state, row: row)
        let handlingText = " \(handling.rawValue) · \(handling.meaning) "
        let handlingWidth = TextWidth.columns(handlingText)
        let titleLimit = max(10, buffer.width - handlingWidth - 6)
        buffer.put(" \(TextWidth.truncate(title, to: titleLimit - 2)) ", x: 2, y: top, limit: titleLimit, style: .bold)
        if buffer.width - handlingWidth - 2 > titleLimit {
            buffer.put(handlingText, x: buffer.width - handlingWidth - 2, y: top, style: Formatting.handlingStyle(handling))
        }
        let labelWidth = 15
        let valueWidth = buffer.width - labelWidth - 3
        var y = top + 1
        let bottom = layout.footerRow
        for line in lines(state, row: row) where y < bottom {
            buffer.put(TextWidth.fit(line.label, to: labelWidth), x: 1, y: y, style: .dim)
            for piece in wrap(line.value, width: valueWidth) where y < bottom {
                buffer.put(piece, x: labelWidth + 2, y: y, limit: valueWidth, style: line.style)
                y += 1
            }
        }
    }

    /// The record full-screen (Enter): every detail, its notes, its links and its
    /// history from the journal (who, when, what changed).
    static func drawFull(_ state: ConsoleState, layout: Layout, into buffer: inout CellBuffer) {
        guard let row = state.selectedRecord, let code = state.selectedCode else { return }
        let (title, handling) = title(state, row: row)
        var y = layout.headerRow
        let bottom = layout.footerRow
        buffer.put(TextWidth.truncate(title, to: buffer.width - 4), x: 1, y: y, style: .bold)
        let handlingText = "\(handling.rawValue) · \(handling.meaning)"
        y += 1
        buffer.put(handlingText, x: 1, y: y, limit: buffer.width - 2, style: Formatting.handlingStyle(handling))
        y += 1
        let labelWidth = 15
        let valueWidth = buffer.width - labelWidth - 3
        func section(_ label: String, _ values: [(String, Style)]) {
            for (i, (value, style)) in values.enumerated() {
                for (j, piece) in wrap(value, width: valueWidth).enumerated() where y < bottom {
                    if i == 0 && j == 0 { buffer.put(TextWidth.fit(label, to: labelWidth), x: 1, y: y, style: .dim) }
                    buffer.put(piece, x: labelWidth + 2, y: y, limit: valueWidth, style: style)
                    y += 1
                }
            }
        }
        for line in lines(state, row: row) { section(line.label, [(line.value, line.style)]) }
        let notes = state.caseFile.notes(on: code)
        if !notes.isEmpty {
            section("Notes", notes.map { ("\($0.time.minuteText) \($0.author): \($0.text)", .plain) })
        }
        let links = state.caseFile.linked(to: code)
        if !links.isEmpty { section("Linked", [(links.joined(separator: ", "), .plain)]) }
        if y < bottom { y += 1 }
        if y < bottom { buffer.put("History (who, when, what)", x: 1, y: y, style: Style(bold: true, underline: true)); y += 1 }
        let shown = state.history.suffix(max(0, bottom - y))
        if state.history.isEmpty, y < bottom { buffer.put("reading the journal…", x: 1, y: y, style: .dim) }
        for entry in shown where y < bottom {
            buffer.put("#\(entry.sequence) \(entry.time.minuteText) \(entry.actor)  \(entry.summary)", x: 1, y: y, limit: buffer.width - 2)
            y += 1
        }
    }

    /// Word-wraps text to lines of at most `width` columns.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        for word in TextWidth.displayable(text).split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if TextWidth.columns(candidate) <= width {
                current = candidate
            } else {
                if !current.isEmpty { lines.append(current) }
                current = TextWidth.columns(String(word)) <= width ? String(word) : TextWidth.truncate(String(word), to: width)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
