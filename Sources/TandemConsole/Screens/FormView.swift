import TandemCore

/// A record form, drawn as a box over the list.
enum FormView {
    static func draw(_ form: RecordForm, state: ConsoleState, into buffer: inout CellBuffer) {
        let warning = form.warning
        let boxWidth = min(buffer.width - 4, 76)
        let conflictLines = form.conflicts.isEmpty ? 0 : form.conflicts.count + 2
        let boxHeight = form.fields.count + 6 + (warning == nil ? 0 : 1) + conflictLines
        let left = (buffer.width - boxWidth) / 2
        let top = max(1, (buffer.height - boxHeight) / 2)
        drawBox(x: left, y: top, width: boxWidth, height: boxHeight, title: " \(form.title) ", into: &buffer)

        let labelWidth = 19
        let inputX = left + labelWidth + 3
        let inputWidth = boxWidth - labelWidth - 5
        for (i, field) in form.fields.enumerated() {
            let y = top + 2 + i
            let focused = i == form.focus
            let conflicted = form.conflicts.contains { $0.field == field.label }
            let failed = form.refusal?.field == field.label || conflicted
            let locked = form.locked.contains(field.label)
            let labelStyle = failed ? Style.error : (focused ? Style.bold : locked ? Style.dim : Style.plain)
            buffer.put(TextWidth.fit(field.label, to: labelWidth, alignRight: true), x: left + 2, y: y, style: labelStyle)
            let input = form.inputs[i]
            if locked {
                buffer.put(input.text, x: inputX, y: y, limit: inputWidth, style: .dim)
            } else if field.choices != nil {
                let shown = "‹ \(input.text) ›"
                buffer.put(shown, x: inputX, y: y, limit: inputWidth, style: focused ? Style(underline: true) : .plain)
                if focused { buffer.cursor = (inputX + 2, y) }
            } else {
                drawTextInput(input, x: inputX, y: y, width: inputWidth, focused: focused, into: &buffer)
            }
            if input.text.isEmpty && !focused {
                buffer.put(field.hint, x: inputX, y: y, limit: inputWidth, style: .dim)
            }
            // A country code is confirmed by its name as it is typed, or marked unknown.
            if field.isCountry, !locked {
                let code = input.text.trimmingWhitespace
                let after = inputX + 5
                if code.count == 3 {
                    let name = CountryCode(code).map(\.name) ?? "unknown country code"
                    buffer.put(name, x: after, y: y, limit: max(0, inputWidth - 5),
                               style: CountryCode(code) == nil ? Style(colour: .red) : .dim)
                }
            }
        }
        // Their value beside yours, for each field both officers changed.
        if !form.conflicts.isEmpty {
            let y = top + 3 + form.fields.count
            buffer.put("Changed by another officer since you opened it (yours is above):", x: left + 2, y: y, limit: boxWidth - 4, style: .bold)
            for (i, conflict) in form.conflicts.enumerated() {
                let theirs = conflict.theirs.isEmpty ? "(empty)" : conflict.theirs
                buffer.put("⇄ \(conflict.field) by \(conflict.actor) at \(state.zone.minuteText(conflict.time)): \(theirs)",
                           x: left + 2, y: y + 1 + i, limit: boxWidth - 4, style: Style(colour: .yellow))
            }
        }
        let messageY = top + boxHeight - 3
        if let warning {
            buffer.put("⚠ \(warning)", x: left + 2, y: messageY - 1, limit: boxWidth - 4, style: Style(colour: .yellow, bold: true))
        }
        if let refusal = form.refusal {
            let text = form.conflicts.isEmpty ? "✗ \(refusal.field): \(refusal.reason)"
                : "✗ Not saved: both of you changed \(form.conflicts.count == 1 ? "this field" : "these fields"). Ctrl-T on one takes theirs; Ctrl-S saves what the form shows."
            let lines = TextWidth.wrap(text, width: boxWidth - 4)
            let first = warning == nil ? messageY - 1 : messageY
            for (i, line) in lines.prefix(warning == nil ? 2 : 1).enumerated() {
                buffer.put(line, x: left + 2, y: first + i, limit: boxWidth - 4, style: .error)
            }
        } else {
            // Named for its field when there is room; otherwise the hint alone.
            let named = "Hint for \(form.focusedLabel): \(form.focusedField.hint)"
            buffer.put(TextWidth.columns(named) <= boxWidth - 4 ? named : form.focusedField.hint, x: left + 2, y: messageY,
                       limit: boxWidth - 4, style: .dim)
        }
        let saving = state.saving != nil ? " · saving…" : ""
        buffer.put(
            Bindings.hints(on: .form, in: state.bindings, fitting: boxWidth - 4 - TextWidth.columns(saving)) + saving,
            x: left + 2, y: top + boxHeight - 2, limit: boxWidth - 4, style: .dim
        )
    }

    /// A text field scrolled so the cursor stays visible; one not being typed in
    /// shows its beginning (cut with "…" where it does not fit), as a list does.
    static func drawTextInput(_ input: TextInput, x: Int, y: Int, width: Int, focused: Bool, underline: Bool = true,
                              into buffer: inout CellBuffer) {
        let style = underline ? Style(underline: true) : .plain
        buffer.fill(x: x, y: y, width: width, style: focused ? style : .plain, character: focused ? " " : " ")
        let characters = input.characters
        guard focused else {
            buffer.put(input.text, x: x, y: y, limit: width)
            return
        }
        // Scroll right until the text up to the cursor fits, leaving a column for the cursor.
        var used = 0
        var start = input.cursor
        while start > 0 {
            let w = TextWidth.columns(String(characters[start - 1]))
            if used + w > width - 1 { break }
            used += w
            start -= 1
        }
        let visible = String(characters[start..<min(characters.count, start + width)])
        buffer.put(visible, x: x, y: y, limit: width, style: focused ? style : .plain)
        if focused {
            buffer.cursor = (x + TextWidth.columns(String(characters[start..<input.cursor])), y)
        }
    }

    /// A box over the screen, with a blank column either side of it: the pane
    /// behind never runs up to its border (a letter or a "…" cut off there read
    /// as part of the box).
    static func drawBox(x: Int, y: Int, width: Int, height: Int, title: String, into buffer: inout CellBuffer) {
        for row in y..<(y + height) {
            buffer.fill(x: x - 1, y: row, width: width + 2)
            buffer.put("│", x: x, y: row)
            buffer.put("│", x: x + width - 1, y: row)
        }
        buffer.put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y)
        buffer.put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1)
        buffer.put(title, x: x + 2, y: y, style: .bold)
    }
}
