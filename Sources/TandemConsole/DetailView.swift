import TandemCore

/// The selected record's details, as labelled lines.
enum DetailView {
    typealias Line = (label: String, value: String, style: Style)

    static func title(_ c: CaseFile, _ pane: Pane, row: Int) -> (String, Handling) {
        switch pane {
        case .networks: let n = c.networks.all[row]; return ("\(n.code) · \(n.name)", n.handling)
        case .investigations: let i = c.investigations.all[row]; return ("\(i.code) · \(i.title)", i.handling)
        case .enquiries: let e = c.enquiries.all[row]; return ("Enquiry \(e.reference)", e.handling)
        case .referrals: let r = c.referrals.all[row]; return ("\(r.reference) · \(r.kind.label)", r.handling)
        case .dashboard: return ("Dashboard", .tlpGreen)
        }
    }

    static func lines(_ c: CaseFile, _ pane: Pane, row: Int, now: Timestamp) -> [Line] {
        switch pane {
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
                ("Period", "\(i.start.iso8601) to \(i.currentEnd.iso8601) (\(Formatting.periodEnd(daysLeft: i.daysLeft(on: now.day)))\(extended))", .plain),
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
                let late = item.status == .open && item.due < now.day
                lines.append(("Action \(item.id)", "\(item.status.rawValue) · \(item.owner.code) · due \(item.due.iso8601)\(late ? " (late)" : "") · \(item.item)",
                              late ? .error : item.status == .open ? .plain : .dim))
            }
            return lines
        case .enquiries:
            let e = c.enquiries.all[row]
            let overdue = e.isOverdue(at: now)
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
        let (title, handling) = title(state.caseFile, state.pane, row: row)
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
        for line in lines(state.caseFile, state.pane, row: row, now: state.now) where y < bottom {
            buffer.put(TextWidth.fit(line.label, to: labelWidth), x: 1, y: y, style: .dim)
            for piece in wrap(line.value, width: valueWidth) where y < bottom {
                buffer.put(piece, x: labelWidth + 2, y: y, limit: valueWidth, style: line.style)
                y += 1
            }
        }
    }

    /// The record full-screen (Enter): its details, notes and links, and below
    /// them its history from the journal (who, when, what changed), which scrolls.
    struct FullLayout {
        var title: String
        var handling: Handling
        /// The detail lines, wrapped, with the label on each value's first line.
        var lines: [(label: String, text: String, style: Style)]
        var historyTitleRow: Int
        var historyTop: Int
        var historyRows: Int
    }

    static func fullLayout(_ d: DetailScreen, _ state: ConsoleState) -> FullLayout? {
        let c = state.caseFile
        guard let row = PaneRecords.index(of: d.code, in: d.pane, c) else { return nil }
        let layout = Layout(width: state.width, height: state.height)
        let (title, handling) = title(c, d.pane, row: row)
        let labelWidth = 15
        let valueWidth = state.width - labelWidth - 3
        var wrapped: [(String, String, Style)] = []
        func section(_ label: String, _ values: [(String, Style)]) {
            for (i, (value, style)) in values.enumerated() {
                for (j, piece) in wrap(value, width: valueWidth).enumerated() {
                    wrapped.append((i == 0 && j == 0 ? label : "", piece, style))
                }
            }
        }
        for line in lines(c, d.pane, row: row, now: state.now) { section(line.label, [(line.value, line.style)]) }
        let notes = c.notes(on: d.code)
        if !notes.isEmpty { section("Notes", notes.map { ("\($0.time.minuteText) \($0.author): \($0.text)", .plain) }) }
        let links = c.linked(to: d.code)
        if !links.isEmpty { section("Linked", [(links.joined(separator: ", "), .plain)]) }
        // Title and handling take two rows; the history keeps at least a third of the rest.
        let body = layout.footerRow - layout.headerRow - 2
        let historyRows = max(3, body / 3, body - wrapped.count - 2)
        let shownLines = max(0, body - historyRows - 2)
        let titleRow = layout.headerRow + 2 + min(wrapped.count, shownLines) + 1
        return FullLayout(title: title, handling: handling, lines: Array(wrapped.prefix(shownLines)),
                          historyTitleRow: titleRow, historyTop: titleRow + 1, historyRows: max(1, layout.footerRow - titleRow - 1))
    }

    /// How many history entries the full view on top shows at once.
    static func historyRows(_ state: ConsoleState) -> Int {
        guard case .detail(let d) = state.top, let full = fullLayout(d, state) else { return 1 }
        return full.historyRows
    }

    static func drawFull(_ d: DetailScreen, _ state: ConsoleState, into buffer: inout CellBuffer) {
        let layout = Layout(width: state.width, height: state.height)
        for y in layout.headerRow..<layout.footerRow { buffer.fill(x: 0, y: y, width: buffer.width) }
        guard let full = fullLayout(d, state) else {
            buffer.put("\(d.code) is no longer in this journal.", x: 1, y: layout.headerRow, style: .dim)
            return
        }
        var y = layout.headerRow
        buffer.put(TextWidth.truncate(full.title, to: buffer.width - 4), x: 1, y: y, style: .bold)
        y += 1
        buffer.put("\(full.handling.rawValue) · \(full.handling.meaning)", x: 1, y: y, limit: buffer.width - 2,
                   style: Formatting.handlingStyle(full.handling))
        y += 1
        let labelWidth = 15
        for line in full.lines {
            if !line.label.isEmpty { buffer.put(TextWidth.fit(line.label, to: labelWidth), x: 1, y: y, style: .dim) }
            buffer.put(line.text, x: labelWidth + 2, y: y, limit: buffer.width - labelWidth - 3, style: line.style)
            y += 1
        }
        let history = d.history ?? []
        let range = history.isEmpty ? "" : " \(d.top + 1)–\(min(history.count, d.top + full.historyRows)) of \(history.count)"
        buffer.put("History (who, when, what)\(range)", x: 1, y: full.historyTitleRow, style: Style(bold: true, underline: true))
        if d.history == nil { buffer.put("reading the journal…", x: 1, y: full.historyTop, style: .dim) }
        // The entry under the cursor is shown whole, over as many lines as it needs; the others on one line each.
        let cursorText = history.isEmpty ? "" : historyText(history[d.cursor])
        let cursorLines = TextWidth.columns(cursorText) <= buffer.width - 2 ? [cursorText]
            : wrap(cursorText, width: buffer.width - 2).prefix(max(1, full.historyRows - 1))
        var first = d.top
        while first < d.cursor, d.cursor - first + cursorLines.count > full.historyRows { first += 1 }
        y = full.historyTop
        for index in first..<history.count where y < full.historyTop + full.historyRows {
            let texts = index == d.cursor ? Array(cursorLines) : [historyText(history[index])]
            for text in texts where y < full.historyTop + full.historyRows {
                let style = index == d.cursor ? Style(reverse: true) : Style.plain
                buffer.fill(x: 0, y: y, width: buffer.width, style: style)
                buffer.put(text, x: 1, y: y, limit: buffer.width - 2, style: style)
                y += 1
            }
        }
    }

    static func historyText(_ entry: HistoryEntry) -> String {
        "#\(entry.sequence) \(entry.time.minuteText) \(entry.actor)  \(entry.summary)"
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
