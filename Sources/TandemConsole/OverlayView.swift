import TandemCore

/// Boxes drawn over the list: the status picker and the help screen.
enum OverlayView {
    static func drawPicker(_ picker: StatusPicker, into buffer: inout CellBuffer) {
        let width = min(buffer.width - 4, 72)
        let height = min(buffer.height - 2, picker.options.count + 7)
        let left = (buffer.width - width) / 2
        let top = max(1, (buffer.height - height) / 2)
        FormView.drawBox(x: left, y: top, width: width, height: height, title: " Status of \(picker.code) ", into: &buffer)
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
            for (i, piece) in DetailView.wrap("Why not: \(reason)", width: width - 4).prefix(2).enumerated() {
                buffer.put(piece, x: left + 2, y: top + height - 4 + i, limit: width - 4, style: Style(colour: .yellow))
            }
        }
        buffer.put("Enter sets the status (recorded with who and when) · Esc cancels", x: left + 2, y: top + height - 2,
                   limit: width - 4, style: .dim)
    }

    static func drawLinkPicker(_ picker: LinkPicker, caseFile: CaseFile, into buffer: inout CellBuffer) {
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
        buffer.put("\(candidates.count) records · Enter links (recorded with who and when) · Esc cancels", x: left + 2,
                   y: top + height - 2, limit: width - 4, style: .dim)
    }

    static func drawHelp(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let bindings = KeyMap.bindings(for: state.pane)
        let width = min(buffer.width - 2, 78)
        // Leave the tab bar and the status bar in sight.
        let height = min(buffer.height - 3, bindings.count + 4)
        let left = (buffer.width - width) / 2
        let top = max(1, (buffer.height - height) / 2)
        FormView.drawBox(x: left, y: top, width: width, height: height, title: " Keys on \(state.pane.title) ", into: &buffer)
        for (i, binding) in bindings.enumerated() where top + 1 + i <= top + height - 4 {
            let y = top + 1 + i
            buffer.put(TextWidth.fit(binding.keys, to: 14), x: left + 2, y: y, style: .bold)
            buffer.put(binding.action, x: left + 17, y: y, limit: width - 19)
        }
        let role = state.caseFile.role(of: state.user).map { "You are \(state.user), \($0.withArticle)." }
            ?? "You are \(state.user), not on the roster: you may only read."
        buffer.put(role, x: left + 2, y: top + height - 3, limit: width - 4, style: .dim)
        buffer.put("? or Esc closes this help", x: left + 2, y: top + height - 2, limit: width - 4, style: .dim)
    }
}
