import TandemCore

/// Boxes drawn over the list: the status picker and the help screen.
enum OverlayView {
    static func drawPicker(_ picker: StatusPicker, bindings: [Binding], into buffer: inout CellBuffer) {
        let width = min(buffer.width - 4, 72)
        let height = min(buffer.height - 2, picker.options.count + 7)
        let left = (buffer.width - width) / 2
        let top = max(1, (buffer.height - height) / 2)
        drawBox(x: left, y: top, width: width, height: height, title: " Status of \(picker.code) ", into: &buffer)
        buffer.put("Now \(picker.current). Move to:", x: left + 2, y: top + 1, limit: width - 4, style: .dim)
        for (i, option) in picker.options.enumerated() where top + 2 + i < top + height - 2 {
            let chosen = i == picker.selected
            var style: Style = option.unavailable == nil ? .plain : .dim
            if chosen { style.reverse = true }
            let text = option.unavailable == nil ? option.label : "\(option.label) (unavailable)"
            buffer.fill(x: left + 2, y: top + 2 + i, width: width - 4, style: style)
            buffer.put((chosen ? "› " : "  ") + text, x: left + 2, y: top + 2 + i, limit: width - 4, style: style)
        }
        if let reason = picker.options[picker.selected].unavailable {
            for (i, piece) in TextWidth.wrap("Why not: \(reason)", width: width - 4).prefix(2).enumerated() {
                buffer.put(piece, x: left + 2, y: top + height - 4 + i, limit: width - 4, style: Style(colour: .yellow))
            }
        }
        buffer.put(Bindings.hints(on: .statusPicker, in: bindings, fitting: width - 4), x: left + 2, y: top + height - 2,
                   limit: width - 4, style: .dim)
    }

    static func drawLinkPicker(_ picker: LinkPicker, caseFile: CaseFile, bindings: [Binding], into buffer: inout CellBuffer) {
        let width = min(buffer.width - 4, 80)
        let height = max(6, min(buffer.height - 2, 16))
        let left = (buffer.width - width) / 2
        let top = max(1, (buffer.height - height) / 2)
        FormView.drawBox(x: left, y: top, width: width, height: height, title: " Link \(picker.from) to ", into: &buffer)
        buffer.put("Search: ", x: left + 2, y: top + 1, style: .bold)
        buffer.put(picker.query.text, x: left + 10, y: top + 1, limit: width - 12, style: Style(underline: true))
        buffer.cursor = (min(left + width - 2, left + 10 + picker.query.cursorColumn), top + 1)
        let candidates = picker.candidates(in: caseFile)
        let rows = height - 4
        let first = Table.firstVisible(selected: picker.selected, count: candidates.count, visibleRows: rows)
        for (offset, index) in (first..<min(candidates.count, first + rows)).enumerated() {
            let y = top + 2 + offset
            let style = index == picker.selected ? Style(reverse: true) : Style.plain
            buffer.fill(x: left + 2, y: y, width: width - 4, style: style)
            buffer.put(TextWidth.fit(candidates[index].code, to: 16) + " " + candidates[index].title, x: left + 2, y: y,
                       limit: width - 4, style: style)
        }
        if candidates.isEmpty { buffer.put("Nothing matches.", x: left + 2, y: top + 2, style: .dim) }
        let count = NumberText.count(candidates.count, "record", "records") + " · "
        buffer.put(count + Bindings.hints(on: .linkPicker, in: bindings, fitting: width - 4 - TextWidth.columns(count)), x: left + 2,
                   y: top + height - 2, limit: width - 4, style: .dim)
    }

    /// The keys of the screen help was opened from, from the bindings table;
    /// on a list, the filter's words and the marks the list uses after them.
    static func helpLines(_ help: HelpScreen, state: ConsoleState) -> [(keys: String, text: String)] {
        let pane = Update.bindingPane(state)
        var lines = Bindings.shown(on: help.about, pane: pane, readOnly: state.readOnlyReason != nil, in: state.bindings).map { ($0.label, $0.help) }
        if state.readOnlyReason != nil {
            lines.append(("", "Read-only: the keys that write are not listed; nothing can be written (\(state.readOnlyReason!))."))
        }
        if help.about == .list {
            let fields = RecordFilter.fields(pane).map(\.name).joined(separator: " ")
            lines += [
                ("", ""),
                ("Filter", "words: all must match a code, name, title or subject"),
                ("", "field:value, with the fields \(fields)"),
                ("", "to:THA,MYS: either of them"),
                ("", "dates: due:<2015-10-10 sent:2015-10-01..2015-10-15 end:>2016-01-01"),
                ("", "overdue: enquiries past their due date; investigations with a late action item"),
                ("", "mine: the records you created or were the last to change"),
                ("Marks", "! after a due date: overdue; ▲/▼ after a column's name: the sort"),
            ]
        }
        return lines
    }

    static func drawHelp(_ help: HelpScreen, state: ConsoleState, into buffer: inout CellBuffer) {
        let lines = helpLines(help, state: state)
        let width = min(buffer.width - 2, 78)
        // Leave the tab bar and the status bar in sight.
        let height = min(buffer.height - 3, lines.count + 4)
        let left = (buffer.width - width) / 2
        let top = max(1, (buffer.height - height) / 2)
        drawBox(x: left, y: top, width: width, height: height, title: " Keys on \(help.about.title) ", into: &buffer)
        let rows = height - 4
        let first = min(help.top, max(0, lines.count - rows))
        for (i, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            let y = top + 1 + i
            buffer.put(TextWidth.fit(line.keys, to: 14), x: left + 2, y: y, style: .bold)
            buffer.put(line.text, x: left + 17, y: y, limit: width - 19)
        }
        let role = state.caseFile.role(of: state.user).map { "You are \(state.user), \($0.withArticle)." }
            ?? "You are \(state.user), not on the roster: you may only read."
        buffer.put(role, x: left + 2, y: top + height - 3, limit: width - 4, style: .dim)
        buffer.put(Bindings.hints(on: .help, in: state.bindings, fitting: width - 4), x: left + 2, y: top + height - 2, limit: width - 4, style: .dim)
    }

    static func drawConfirmation(_ confirmation: Confirmation, bindings: [Binding], into buffer: inout CellBuffer) {
        let width = min(buffer.width - 4, 72)
        let wrapped = confirmation.lines.flatMap { TextWidth.wrap($0, width: width - 4) }
        let reasonRows = confirmation.reason == nil ? 0 : 2
        let problemRows = confirmation.problem == nil ? 0 : 1
        let height = min(buffer.height - 2, wrapped.count + reasonRows + problemRows + 4)
        let left = (buffer.width - width) / 2
        let top = max(1, (buffer.height - height) / 2)
        drawBox(x: left, y: top, width: width, height: height, title: " Confirm: \(confirmation.title) ", into: &buffer)
        var y = top + 1
        for line in wrapped where y < top + height - 3 {
            let warning = line.hasPrefix("Warning")
            buffer.put(line, x: left + 2, y: y, limit: width - 4, style: warning ? Style(colour: .yellow, bold: true) : .plain)
            y += 1
        }
        if let reason = confirmation.reason {
            y += 1
            buffer.put("Reason:", x: left + 2, y: y, style: .bold)
            FormView.drawTextInput(reason, x: left + 10, y: y, width: width - 12, focused: true, into: &buffer)
            y += 1
        }
        if let problem = confirmation.problem {
            buffer.put("✗ \(problem)", x: left + 2, y: y, limit: width - 4, style: .error)
        }
        let button = "[ Confirm ]  "
        let choice = button + Bindings.hints(on: confirmation.reason == nil ? .confirm : .confirmWithReason, in: bindings,
                                             fitting: width - 4 - TextWidth.columns(button))
        buffer.put(choice, x: left + 2, y: top + height - 2, limit: width - 4, style: .bold)
    }

    static func drawNote(_ note: NoteEditor, state: ConsoleState, into buffer: inout CellBuffer) {
        let width = NoteEditor.boxWidth(screenWidth: buffer.width)
        let textWidth = NoteEditor.textWidth(screenWidth: buffer.width)
        let rows = NoteEditor.textRows(screenHeight: buffer.height)
        let height = rows + 4
        let left = (buffer.width - width) / 2
        let top = max(1, (buffer.height - height) / 2)
        drawBox(x: left, y: top, width: width, height: height, title: " Note on \(note.code) ", into: &buffer)
        let characters = note.text.characters
        let lines = NoteEditor.lines(characters, width: textWidth)
        for (offset, range) in lines.dropFirst(note.top).prefix(rows).enumerated() {
            buffer.put(String(characters[range]), x: left + 2, y: top + 1 + offset, limit: textWidth)
        }
        let place = note.cursorPlace(width: textWidth)
        if place.line >= note.top, place.line < note.top + rows {
            buffer.cursor = (left + 2 + min(place.column, textWidth - 1), top + 1 + place.line - note.top)
        }
        let limit = TextLimits.characters["note"] ?? 10_000
        let count = "\(NumberText.count(characters.count)) of \(NumberText.count(limit)) characters · line \(place.line + 1) of \(lines.count)"
        buffer.put(count, x: left + 2, y: top + height - 3, limit: width - 4, style: characters.count > limit ? .error : .dim)
        let after = " · Enter a new line" + (state.saving != nil ? " · saving…" : "")
        buffer.put(Bindings.hints(on: .note, in: state.bindings, fitting: width - 4 - TextWidth.columns(after)) + after,
                   x: left + 2, y: top + height - 2, limit: width - 4, style: .dim)
    }

    static func drawMessages(_ screen: MessagesScreen, state: ConsoleState, into buffer: inout CellBuffer) {
        let width = min(buffer.width - 2, 96)
        let height = buffer.height - 3
        let left = (buffer.width - width) / 2
        let top = 1
        drawBox(x: left, y: top, width: width, height: height, title: " Messages (the last \(ConsoleState.messagesKept)) ", into: &buffer)
        // Each message after its time, its further lines under its first (not under the time).
        let lines = state.messageLog.reversed().flatMap { logged in
            let time = "\(state.zone.minuteText(logged.time))  "
            let indent = String(repeating: " ", count: TextWidth.columns(time))
            return TextWidth.wrap(logged.message.text, width: max(10, width - 4 - indent.count)).enumerated()
                .map { (($0.offset == 0 ? time : indent) + $0.element, logged.message.kind) }
        }
        let rows = height - 3
        let first = min(screen.top, max(0, lines.count - rows))
        for (i, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            buffer.put(line.0, x: left + 2, y: top + 1 + i, limit: width - 4, style: line.1 == .error ? .error : .plain)
        }
        if lines.isEmpty { buffer.put("No messages yet.", x: left + 2, y: top + 1, style: .dim) }
        let order = "Newest first · "
        buffer.put(order + Bindings.hints(on: .messages, in: state.bindings, fitting: width - 4 - TextWidth.columns(order)), x: left + 2,
                   y: top + height - 2, limit: width - 4, style: .dim)
    }

    static func drawFound(_ found: FoundScreen, bindings: [Binding], into buffer: inout CellBuffer) {
        let width = min(buffer.width - 4, 90)
        let height = max(6, min(buffer.height - 3, found.matches.count + 4))
        let left = (buffer.width - width) / 2
        let top = max(1, (buffer.height - height) / 2)
        drawBox(x: left, y: top, width: width, height: height, title: " Found \"\(found.query)\" ", into: &buffer)
        let rows = height - 3
        let first = Table.firstVisible(selected: found.selected, count: found.matches.count, visibleRows: rows)
        for (offset, index) in (first..<min(found.matches.count, first + rows)).enumerated() {
            let match = found.matches[index]
            let style = index == found.selected ? Style(reverse: true) : Style.plain
            let y = top + 1 + offset
            buffer.fill(x: left + 2, y: y, width: width - 4, style: style)
            buffer.put(TextWidth.fit(match.pane.shortTitle, to: 11) + " " + match.title, x: left + 2, y: y, limit: width - 4, style: style)
        }
        if found.matches.isEmpty { buffer.put("Nothing found in any pane.", x: left + 2, y: top + 1, style: .dim) }
        let count = "\(found.matches.count) found · "
        buffer.put(count + Bindings.hints(on: .found, in: bindings, fitting: width - 4 - TextWidth.columns(count)), x: left + 2, y: top + height - 2,
                   limit: width - 4, style: .dim)
    }

    static func drawBox(x: Int, y: Int, width: Int, height: Int, title: String, into buffer: inout CellBuffer) {
        FormView.drawBox(x: x, y: y, width: width, height: height, title: title, into: &buffer)
    }
}
