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
    } else {
        drawList(state, layout: layout, into: &buffer)
    }
    // The record in full covers the list; only the one on top of the others is seen.
    if let detail = state.stack.last(where: { if case .detail = $0 { true } else { false } }), case .detail(let d) = detail {
        DetailView.drawFull(d, state, into: &buffer)
    }
    drawFooter(state, layout: layout, into: &buffer)
    drawStatusBar(state, layout: layout, into: &buffer)
    for screen in state.stack {
        switch screen {
        case .detail, .prompt: break
        case .form(let form): FormView.draw(form, state: state, into: &buffer)
        case .statusPicker(let picker): OverlayView.drawPicker(picker, bindings: state.bindings, into: &buffer)
        case .linkPicker(let picker): OverlayView.drawLinkPicker(picker, caseFile: state.caseFile, bindings: state.bindings, into: &buffer)
        case .note(let note): OverlayView.drawNote(note, state: state, into: &buffer)
        case .confirm(let confirmation): OverlayView.drawConfirmation(confirmation, bindings: state.bindings, into: &buffer)
        case .help(let help): OverlayView.drawHelp(help, state: state, into: &buffer)
        case .messages(let messages): OverlayView.drawMessages(messages, state: state, into: &buffer)
        case .found(let found): OverlayView.drawFound(found, bindings: state.bindings, into: &buffer)
        case .unit(let unit): UnitView.draw(unit, state: state, into: &buffer)
        }
    }
    return buffer
}

private func drawList(_ state: ConsoleState, layout: Layout, into buffer: inout CellBuffer) {
    let visible = state.visibleRecords
    Table.draw(
        PaneTables.columns(state.pane), count: visible.count,
        row: { PaneTables.row(state.pane, state.caseFile, visible[$0], now: state.now, zone: state.zone) },
        selected: state.selectedRow, into: &buffer, headerRow: layout.headerRow, top: layout.listTop,
        visibleRows: layout.listRows, sort: state.sort
    )
    if state.selectedRow == nil {
        let shown = state.pane.recordCount(in: state.caseFile)
        let withheld = state.whole.map { state.pane.recordCount(in: $0) - shown } ?? 0
        let empty = shown > 0 ? "Nothing matches the filter \"\(state.filter)\"; Esc clears it."
            : withheld > 0 ? "\(NumberText.count(withheld, "record", "records")) marked H2, H3 or TLP:RED withheld: \(state.user) is not on the roster."
            : "No \(state.pane.title.lowercased()) in this journal yet."
        for (i, line) in TextWidth.wrap(empty, width: buffer.width - 3).prefix(max(1, layout.listRows - 1)).enumerated() {
            buffer.put(line, x: 2, y: layout.listTop + 1 + i, style: .dim)
        }
    }
    DetailView.draw(state, layout: layout, into: &buffer)
}

/// The tab bar's labels and where each starts: the fullest labels that fit
/// (with record counts, then without, then short), after the brand if it fits.
func tabBar(_ state: ConsoleState) -> (brand: Bool, tabs: [(pane: Pane, label: String, x: Int)]) {
    let withCounts = Pane.allCases.map { pane in
        " \(pane.rawValue + 1) \(pane.title)" + (pane.isList ? " (\(NumberText.count(pane.recordCount(in: state.caseFile)))) " : " ")
    }
    let plain = Pane.allCases.map { " \($0.rawValue + 1) \($0.title) " }
    let short = Pane.allCases.map { " \($0.rawValue + 1) \($0.shortTitle) " }
    let brand = " Tandem "
    func width(_ labels: [String]) -> Int { labels.reduce(0) { $0 + TextWidth.columns($1) + 1 } - 1 }
    let labels = width(withCounts) <= state.width ? withCounts : width(plain) <= state.width ? plain : short
    let showsBrand = width(labels) + TextWidth.columns(brand) <= state.width
    var x = showsBrand ? TextWidth.columns(brand) : 0
    var tabs: [(Pane, String, Int)] = []
    for (pane, label) in zip(Pane.allCases, labels) {
        tabs.append((pane, label, x))
        x += TextWidth.columns(label) + 1
    }
    return (showsBrand, tabs)
}

private func drawTabBar(_ state: ConsoleState, into buffer: inout CellBuffer) {
    buffer.fill(x: 0, y: 0, width: buffer.width, style: .reverse)
    let bar = tabBar(state)
    if bar.brand { buffer.put(" Tandem ", x: 0, y: 0, style: Style(bold: true, reverse: true)) }
    for tab in bar.tabs {
        let style = tab.pane == state.pane ? Style(bold: true) : Style(reverse: true)
        let used = buffer.put(tab.label, x: tab.x, y: 0, style: style)
        if tab.pane != Pane.allCases.last, tab.x + used < buffer.width { buffer.put("│", x: tab.x + used, y: 0, style: .reverse) }
    }
}

private func drawFooter(_ state: ConsoleState, layout: Layout, into buffer: inout CellBuffer) {
    if let prompt = state.prompt {
        drawPrompt(prompt, state: state, layout: layout, into: &buffer)
        return
    }
    var hints = Bindings.footer(on: state.screenKind, pane: Update.bindingPane(state), readOnly: state.readOnlyReason != nil, in: state.bindings)
    if state.screenKind == .list, !state.filter.isEmpty {
        hints.insert(("filter", "\(state.filter) (\(NumberText.count(state.visibleRecords.count)))"), at: 0)
    }
    // On a narrow terminal the keys everyone knows give way to the pane's own.
    // The line's width: each hint is its key, a space, its words and two spaces, but the last one's.
    func columns(_ hints: [(key: String, words: String)]) -> Int {
        hints.reduce(1) { $0 + TextWidth.columns($1.key) + TextWidth.columns($1.words) + 3 } - 2
    }
    for expendable in ["1-\(Pane.allCases.count)", "j", "Tab", "S-Tab"] where columns(hints) > buffer.width {
        hints.removeAll { $0.key == expendable }
    }
    // Then whole hints from the right, not one cut in the middle, but help's, which lists every key.
    while columns(hints) > buffer.width, let last = hints.lastIndex(where: { $0.words != "help" }) {
        hints.remove(at: last)
    }
    var x = 1
    for (key, action) in hints {
        x += buffer.put(key, x: x, y: layout.footerRow, style: .bold)
        x += buffer.put(" \(action)  ", x: x, y: layout.footerRow, style: .dim)
    }
}

/// The `/` filter or the `:` command being typed, scrolled so the cursor stays in sight.
private func drawPrompt(_ prompt: Prompt, state: ConsoleState, layout: Layout, into buffer: inout CellBuffer) {
    let y = layout.footerRow
    let sign = prompt.kind == .filter ? "/ " : ":"
    buffer.put(sign, x: 1, y: y, style: .bold)
    var right = ""
    if prompt.kind == .filter {
        right = prompt.error.map { "✗ \($0)" } ?? "\(NumberText.count(state.visibleRecords.count)) of \(NumberText.count(state.pane.recordCount(in: state.caseFile)))"
    }
    // An error gets the room it needs, up to half the line.
    let rightWidth = min(TextWidth.columns(right), buffer.width / 2)
    let inputX = 1 + TextWidth.columns(sign)
    let inputWidth = max(5, buffer.width - inputX - rightWidth - 3)
    FormView.drawTextInput(prompt.input, x: inputX, y: y, width: inputWidth, focused: true, underline: false, into: &buffer)
    if !right.isEmpty {
        buffer.put(TextWidth.truncate(right, to: rightWidth), x: buffer.width - rightWidth - 1, y: y,
                   style: prompt.error == nil ? .dim : .error)
    }
}

private func drawStatusBar(_ state: ConsoleState, layout: Layout, into buffer: inout CellBuffer) {
    let y = layout.statusRow
    buffer.fill(x: 0, y: y, width: buffer.width, style: .reverse)
    let mode = state.readOnlyReason != nil ? " │ READ-ONLY" : state.saving != nil ? " │ saving…" : state.checkingJournal ? " │ checking signatures" : ""
    // A journal with no roster is one officer's: they may do everything, and the bar says so.
    let role = state.caseFile.users.count == 0 ? "one-person journal: no roster"
        : state.caseFile.role(of: state.user).map(\.label) ?? "not on the roster: read only"
    let unshared = state.notYetShared > 0 ? " not yet shared (\(state.notYetShared)) │" : ""
    let count = state.caseFile.recordCount
    let withheld = state.withheld.isEmpty ? "" : ", \(NumberText.count(state.withheld.count)) withheld"
    let right = "\(unshared) \(NumberText.count(count, "record", "records"))\(withheld) │ \(state.user) (\(role))\(mode) "
    let rightWidth = TextWidth.columns(right)
    let room = buffer.width - rightWidth - 3
    if let message = state.message {
        let style = message.kind == .error ? Style(colour: .red, bold: true, reverse: true) : Style(bold: true, reverse: true)
        let text = TextWidth.displayable(message.text)
        if TextWidth.columns(text) <= room || state.prompt != nil {
            buffer.put(" " + TextWidth.truncate(text, to: room), x: 0, y: y, style: style)
        } else {
            // A long message takes the footer's line too, rather than being cut.
            let lines = TextWidth.wrap(text, width: buffer.width - 2)
            let first = lines.count > 2 ? [lines[0]] : Array(lines.prefix(1))
            let second = lines.count > 2
                ? TextWidth.truncate(lines.dropFirst().joined(separator: " "), to: room - 12) + " (:messages)"
                : TextWidth.truncate(lines.count > 1 ? lines[1] : "", to: room)
            buffer.fill(x: 0, y: layout.footerRow, width: buffer.width, style: style)
            buffer.put(" " + (first.first ?? ""), x: 0, y: layout.footerRow, style: style)
            buffer.put(" " + second, x: 0, y: y, style: style)
        }
    } else {
        buffer.put(" " + leftTruncated(state.journalPath, to: room), x: 0, y: y, style: .reverse)
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
