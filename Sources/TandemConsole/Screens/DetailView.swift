import TandemCore

/// The selected record's details, as labelled lines.
enum DetailView {
    typealias Line = (label: String, value: String, style: Style)

    static func title(_ c: CaseFile, _ pane: Pane, row: Int) -> (String, Handling) {
        pane.spec?.title(c, row) ?? ("Dashboard", .tlpGreen)
    }

    static func lines(_ c: CaseFile, _ pane: Pane, row: Int, now: Timestamp, zone: OfficerZone) -> [Line] {
        guard let spec = pane.spec else { return [] }
        // A handling code lowered is said on every kind of record, with who, when and why.
        let downgrade = c.stamp(of: spec.code(c, row))?.downgrade.map { [("Downgraded", $0.text, Style(colour: .yellow))] } ?? []
        return spec.detailLines(c, row, now: now, zone: zone) + downgrade
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
        var rows: [(label: String, text: String, style: Style)] = []
        for line in lines(state.caseFile, state.pane, row: row, now: state.now, zone: state.zone) {
            for (i, piece) in TextWidth.wrap(line.value, width: valueWidth).enumerated() { rows.append((i == 0 ? line.label : "", piece, line.style)) }
        }
        var y = top + 1
        for line in shown(rows, rows: layout.footerRow - y, width: valueWidth) {
            if !line.label.isEmpty { buffer.put(TextWidth.fit(line.label, to: labelWidth), x: 1, y: y, style: .dim) }
            buffer.put(line.text, x: labelWidth + 2, y: y, limit: valueWidth, style: line.style)
            y += 1
        }
    }

    /// The first `count` of the wrapped lines; when some are left out, the
    /// last one shown ends in "…", so that text cut off at the bottom is not
    /// read as the whole of it.
    static func shown(_ lines: [(label: String, text: String, style: Style)], rows count: Int, width: Int)
        -> [(label: String, text: String, style: Style)] {
        guard count > 0 else { return [] }
        guard lines.count > count else { return lines }
        var kept = Array(lines.prefix(count))
        kept[count - 1].text = TextWidth.truncate(kept[count - 1].text + " …", to: width)
        return kept
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
                for (j, piece) in TextWidth.wrap(value, width: valueWidth).enumerated() {
                    wrapped.append((i == 0 && j == 0 ? label : "", piece, style))
                }
            }
        }
        for line in lines(c, d.pane, row: row, now: state.now, zone: state.zone) { section(line.label, [(line.value, line.style)]) }
        if d.pane == .investigations {
            // The period as a bar: today marked, and where it was first to end if it was extended.
            let i = c.investigations.all[row]
            let barWidth = max(10, valueWidth - 23)
            let bar = Pictures.timeline(start: i.start, end: i.currentEnd, originalEnd: i.extensions.isEmpty ? nil : i.end,
                                        today: state.zone.day(of: state.now), width: barWidth, ascii: state.plainASCII)
            // Under the period it draws, so that it stays in sight on a small terminal.
            let at = (wrapped.firstIndex { $0.0 == "Period" }.map { $0 + 1 }) ?? wrapped.count
            wrapped.insert(("Timeline", "\(i.start.iso8601) \(bar) \(i.currentEnd.iso8601)", .plain), at: at)
        }
        let notes = c.notes(on: d.code)
        // A note written over several lines is shown over them.
        if !notes.isEmpty {
            section("Notes", notes.flatMap { note in
                note.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line in
                    (i == 0 ? "\(state.zone.minuteText(note.time)) \(note.author): \(line)" : "  " + String(line), Style.plain)
                }
            })
        }
        let links = c.linked(to: d.code)
        if !links.isEmpty {
            section("Linked", [(links.map { code in c.kindOfRecord(code).map { "\(code) (\($0))" } ?? code }.joined(separator: ", "), .plain)])
        }
        // Title and handling take two rows; the history keeps at least a third of the rest.
        let body = layout.footerRow - layout.headerRow - 2
        let historyRows = max(3, body / 3, body - wrapped.count - 2)
        let shownLines = max(0, body - historyRows - 2)
        let titleRow = layout.headerRow + 2 + min(wrapped.count, shownLines) + 1
        return FullLayout(title: title, handling: handling, lines: shown(wrapped, rows: shownLines, width: valueWidth),
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
        let cursorText = history.isEmpty ? "" : historyText(history[d.cursor], zone: state.zone)
        // Its further lines indented, so that where one entry ends and the next begins stays plain.
        let cursorLines = TextWidth.columns(cursorText) <= buffer.width - 2 ? [cursorText]
            : TextWidth.wrap(cursorText, width: buffer.width - 4).enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element }
                .prefix(max(1, full.historyRows - 1))
        var first = d.top
        while first < d.cursor, d.cursor - first + cursorLines.count > full.historyRows { first += 1 }
        y = full.historyTop
        for index in first..<history.count where y < full.historyTop + full.historyRows {
            // Another entry cut at the edge ends in "…", as a list's cells do: there is more of it.
            let texts = index == d.cursor ? Array(cursorLines) : [TextWidth.truncate(historyText(history[index], zone: state.zone), to: buffer.width - 2)]
            for text in texts where y < full.historyTop + full.historyRows {
                let style = index == d.cursor ? Style(reverse: true) : Style.plain
                buffer.fill(x: 0, y: y, width: buffer.width, style: style)
                buffer.put(text, x: 1, y: y, limit: buffer.width - 2, style: style)
                y += 1
            }
        }
    }

    static func historyText(_ entry: HistoryEntry, zone: OfficerZone) -> String {
        "#\(entry.sequence) \(zone.minuteText(entry.time)) \(entry.actor)  \(entry.summary)"
            + (entry.happened.map { " (happened \(zone.minuteText($0)))" } ?? "")
    }
}
