/// A column of a pane's list. When the terminal is narrow, the columns with
/// the lowest priority are dropped first; spare room goes to flexible columns.
struct Column {
    var title: String
    var width: Int
    var priority: Int
    var flexible = false
    var alignRight = false
}

struct TableRow {
    var cells: [String]
    var style: Style = .plain
}

enum Table {
    /// The widths of the columns that fit in `width` (0 for a dropped column),
    /// `gap` columns apart and `margin` in from the left (the console's list: one and one).
    static func fit(_ columns: [Column], into width: Int, gap: Int = 1, margin: Int = 1) -> [Int] {
        var shown = Set(columns.indices)
        func needed() -> Int { shown.reduce(0) { $0 + columns[$1].width } + gap * max(0, shown.count - 1) + margin }
        while needed() > width, shown.count > 1,
              let drop = shown.min(by: { columns[$0].priority < columns[$1].priority }) {
            shown.remove(drop)
        }
        // A narrower column of lower priority may still fit in the room left.
        for i in columns.indices.filter({ !shown.contains($0) }).sorted(by: { columns[$0].priority > columns[$1].priority })
        where needed() + columns[i].width + gap <= width {
            shown.insert(i)
        }
        var widths = columns.indices.map { shown.contains($0) ? columns[$0].width : 0 }
        let flexible = columns.indices.filter { shown.contains($0) && columns[$0].flexible }
        var spare = width - needed()
        if spare > 0, !flexible.isEmpty {
            let share = spare / flexible.count
            for i in flexible { widths[i] += share }
            spare -= share * flexible.count
            widths[flexible[0]] += spare
        }
        if needed() > width, let only = shown.first { widths[only] = max(1, width - margin - 1) }
        return widths
    }

    static func draw(
        _ columns: [Column], count: Int, row: (Int) -> TableRow, selected: Int?, into buffer: inout CellBuffer,
        headerRow: Int, top: Int, visibleRows: Int, sort: SortOrder? = nil
    ) {
        let widths = fit(columns, into: buffer.width)
        buffer.fill(x: 0, y: headerRow, width: buffer.width, style: Style(underline: true))
        let titles = columns.enumerated().map { i, column in
            sort?.column == i ? column.title + (sort!.descending ? "▼" : "▲") : column.title
        }
        drawLine(titles, columns: columns, widths: widths, y: headerRow, style: Style(bold: true, underline: true), into: &buffer)
        let first = firstVisible(selected: selected ?? 0, count: count, visibleRows: visibleRows)
        for (offset, index) in (first..<min(count, first + visibleRows)).enumerated() {
            let shown = row(index)
            var style = shown.style
            if index == selected { style.reverse = true }
            let y = top + offset
            buffer.fill(x: 0, y: y, width: buffer.width, style: style)
            drawLine(shown.cells, columns: columns, widths: widths, y: y, style: style, into: &buffer)
        }
    }

    /// Keeps the selected row on screen, scrolling only as far as needed.
    static func firstVisible(selected: Int, count: Int, visibleRows: Int) -> Int {
        guard count > visibleRows else { return 0 }
        return min(max(0, selected - visibleRows + 1), count - visibleRows)
    }

    private static func drawLine(_ texts: [String], columns: [Column], widths: [Int], y: Int, style: Style, into buffer: inout CellBuffer) {
        var x = 1
        for (i, text) in texts.enumerated() where widths[i] > 0 {
            buffer.put(TextWidth.fit(text, to: widths[i], alignRight: columns[i].alignRight), x: x, y: y, limit: widths[i], style: style)
            x += widths[i] + 1
        }
    }
}
