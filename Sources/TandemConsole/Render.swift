import TandemCore

/// Draws the whole screen for a state. The same function feeds the terminal
/// and the headless screens in `screens/`.
public func render(_ state: ConsoleState) -> CellBuffer {
    var buffer = CellBuffer(width: state.width, height: state.height)
    let layout = Layout(width: state.width, height: state.height)
    if layout.isTooSmall {
        drawTooSmall(state, into: &buffer)
        return buffer
    }
    drawTabBar(state, into: &buffer)
    if state.pane == .dashboard {
        DashboardView.draw(state, layout: layout, into: &buffer)
        drawFooter(state, layout: layout, into: &buffer)
        drawStatusBar(state, layout: layout, into: &buffer)
        if state.showsHelp { OverlayView.drawHelp(state, into: &buffer) }
        return buffer
    }
    if state.detail != nil, state.selectedRecord != nil {
        DetailView.drawFull(state, layout: layout, into: &buffer)
        drawFooter(state, layout: layout, into: &buffer)
        drawStatusBar(state, layout: layout, into: &buffer)
        if let picker = state.picker { OverlayView.drawPicker(picker, into: &buffer) }
        if let picker = state.linkPicker { OverlayView.drawLinkPicker(picker, caseFile: state.caseFile, into: &buffer) }
        if state.showsHelp { OverlayView.drawHelp(state, into: &buffer) }
        return buffer
    }
    let visible = state.visibleRecords
    Table.draw(
        PaneTables.columns(state.pane), count: visible.count,
        row: { PaneTables.row(state.pane, state.caseFile, visible[$0], now: state.now) },
        selected: state.selectedRow, into: &buffer, headerRow: layout.headerRow, top: layout.listTop,
        visibleRows: layout.listRows, sort: state.sort
    )
    if state.selectedRow == nil {
        let empty = state.pane.recordCount(in: state.caseFile) == 0 ? "No \(state.pane.title.lowercased()) in this journal yet."
            : "Nothing matches the filter \"\(state.filter)\"; Esc clears it."
        buffer.put(empty, x: 2, y: layout.listTop + 1, style: .dim)
    }
    DetailView.draw(state, layout: layout, into: &buffer)
    drawFooter(state, layout: layout, into: &buffer)
    drawStatusBar(state, layout: layout, into: &buffer)
    if let picker = state.picker { OverlayView.drawPicker(picker, into: &buffer) }
    if let picker = state.linkPicker { OverlayView.drawLinkPicker(picker, caseFile: state.caseFile, into: &buffer) }
    if let form = state.form { FormView.draw(form, state: state, into: &buffer) }
    if state.showsHelp { OverlayView.drawHelp(state, into: &buffer) }
    return buffer
}

private func drawTabBar(_ state: ConsoleState, into buffer: inout CellBuffer) {
    buffer.fill(x: 0, y: 0, width: buffer.width, style: .reverse)
    // The fullest labels that fit: with record counts, then without.
    let withCounts = Pane.allCases.map { pane in
        " \(pane.rawValue + 1) \(pane.title)" + (pane.isList ? " (\(pane.recordCount(in: state.caseFile))) " : " ")
    }
    let plain = Pane.allCases.map { " \($0.rawValue + 1) \($0.title) " }
    let short = Pane.allCases.map { " \($0.rawValue + 1) \($0.shortTitle) " }
    let brand = " Tandem "
    func width(_ labels: [String]) -> Int { labels.reduce(0) { $0 + TextWidth.columns($1) + 1 } - 1 }
    let labels = width(withCounts) <= buffer.width ? withCounts : width(plain) <= buffer.width ? plain : short
    var x = 0
    if width(labels) + TextWidth.columns(brand) <= buffer.width {
        x += buffer.put(brand, x: x, y: 0, style: Style(bold: true, reverse: true))
    }
    for (pane, label) in zip(Pane.allCases, labels) {
        let style = pane == state.pane ? Style(bold: true) : Style(reverse: true)
        x += buffer.put(label, x: x, y: 0, style: style)
        if pane != Pane.allCases.last, x < buffer.width { x += buffer.put("│", x: x, y: 0, style: .reverse) }
    }
}

private func drawFooter(_ state: ConsoleState, layout: Layout, into buffer: inout CellBuffer) {
    if let input = state.commandInput {
        buffer.put(":", x: 1, y: layout.footerRow, style: .bold)
        buffer.put(input.text, x: 2, y: layout.footerRow, limit: buffer.width - 3)
        buffer.cursor = (min(buffer.width - 1, 2 + input.cursorColumn), layout.footerRow)
        return
    }
    if let input = state.noteInput {
        let prompt = "note: "
        buffer.put(prompt, x: 1, y: layout.footerRow, style: .bold)
        buffer.put(input.text, x: 1 + prompt.count, y: layout.footerRow, limit: buffer.width - prompt.count - 2)
        buffer.cursor = (min(buffer.width - 1, 1 + prompt.count + input.cursorColumn), layout.footerRow)
        return
    }
    if let input = state.filterInput {
        let prompt = "/ "
        buffer.put(prompt, x: 1, y: layout.footerRow, style: .bold)
        buffer.put(input.text, x: 1 + prompt.count, y: layout.footerRow, limit: buffer.width - 20)
        buffer.cursor = (1 + prompt.count + input.cursorColumn, layout.footerRow)
        let count = "\(state.visibleRecords.count) of \(state.pane.recordCount(in: state.caseFile))"
        buffer.put(count, x: buffer.width - TextWidth.columns(count) - 1, y: layout.footerRow, style: .dim)
        return
    }
    var hints: [(String, String)] = state.form != nil
        ? [("Tab", "next field"), ("S-Tab", "previous"), ("←/→", "choose"), ("^S", "save"), ("Esc", "cancel")]
        : state.picker != nil ? [("j/k", "choose"), ("Enter", "set status"), ("Esc", "cancel")]
        : state.detail != nil ? [("Esc", "back"), ("a", "note"), ("s", "status"), ("?", "help"), ("q", "quit")]
        : KeyMap.footer(for: state.pane)
    if state.form == nil, state.picker == nil, !state.filter.isEmpty {
        hints.insert(("filter", "\(state.filter) (\(state.visibleRecords.count))"), at: 0)
    }
    // On a narrow terminal the keys everyone knows give way to the pane's own.
    func columns(_ hints: [(String, String)]) -> Int { hints.reduce(1) { $0 + TextWidth.columns($1.0) + TextWidth.columns($1.1) + 3 } }
    for expendable in ["1-5", "j"] where columns(hints) > buffer.width {
        hints.removeAll { $0.0 == expendable }
    }
    var x = 1
    for (key, action) in hints {
        let used = buffer.put(key, x: x, y: layout.footerRow, style: .bold)
        x += used
        x += buffer.put(" \(action)  ", x: x, y: layout.footerRow, style: .dim)
    }
}

private func drawStatusBar(_ state: ConsoleState, layout: Layout, into buffer: inout CellBuffer) {
    let y = layout.statusRow
    buffer.fill(x: 0, y: y, width: buffer.width, style: .reverse)
    let mode = state.readOnlyReason != nil ? " │ READ-ONLY" : state.checkingJournal ? " │ checking journal" : ""
    let role = state.caseFile.role(of: state.user).map(\.label) ?? "not on the roster: read only"
    let right = " \(state.caseFile.recordCount) records │ \(state.user) (\(role))\(mode) "
    let rightWidth = TextWidth.columns(right)
    if let message = state.message {
        let style = message.kind == .error ? Style(colour: .red, bold: true, reverse: true) : Style(bold: true, reverse: true)
        buffer.put(" " + TextWidth.truncate(message.text, to: buffer.width - rightWidth - 3), x: 0, y: y, style: style)
    } else {
        let pathRoom = buffer.width - rightWidth - 3
        buffer.put(" " + leftTruncated(state.journalPath, to: pathRoom), x: 0, y: y, style: .reverse)
    }
    buffer.put(right, x: buffer.width - rightWidth, y: y, style: .reverse)
}

/// Keeps the end of a path, where the file name is: `…/tandem/journal.jsonl`.
func leftTruncated(_ text: String, to width: Int) -> String {
    let safe = TextWidth.displayable(text)
    if TextWidth.columns(safe) <= width { return safe }
    guard width > 1 else { return "" }
    var kept = String.UnicodeScalarView()
    var used = 0
    for scalar in safe.unicodeScalars.reversed() {
        let w = TextWidth.columns(scalar)
        if used + w > width - 1 { break }
        kept.insert(scalar, at: kept.startIndex)
        used += w
    }
    return "…" + String(kept)
}

private func drawTooSmall(_ state: ConsoleState, into buffer: inout CellBuffer) {
    let lines = [
        "Terminal too small",
        "\(state.width)×\(state.height); needs \(Layout.minimumWidth)×\(Layout.minimumHeight)",
        "Enlarge it, or press q to quit",
    ]
    let top = max(0, (state.height - lines.count) / 2)
    for (i, line) in lines.enumerated() {
        let x = max(0, (state.width - TextWidth.columns(line)) / 2)
        buffer.put(line, x: x, y: top + i, style: i == 0 ? .bold : .plain)
    }
}
