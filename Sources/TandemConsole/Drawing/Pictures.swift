import TandemCore

/// Small pictures in text: a sparkline of daily counts, and a period's
/// timeline bar. In plain ASCII when the terminal or the locale cannot show
/// block characters (`TERM=vt100`, `LANG=C`).
enum Pictures {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiLevels: [Character] = [".", ":", "-", "=", "+", "*", "#", "@"]

    /// One character a value: a day with nothing is blank; the others scale to the highest.
    static func sparkline(_ values: [Int], ascii: Bool) -> String {
        let levels = ascii ? asciiLevels : blocks
        let top = values.max() ?? 0
        return String(values.map { value -> Character in
            guard value > 0, top > 0 else { return " " }
            return levels[min(levels.count - 1, (value * levels.count - 1) / top)]
        })
    }

    /// `start ━━━━━━━│━━━━▼━━━ end`: the period from its start to its current end in
    /// `width` cells, a mark where it was first to end (when extended), and today.
    static func timeline(start: Day, end: Day, originalEnd: Day?, today: Day, width: Int, ascii: Bool) -> String {
        let span = max(1, end.daysSinceEpoch - start.daysSinceEpoch)
        func cell(_ day: Day) -> Int { min(width - 1, max(0, (day.daysSinceEpoch - start.daysSinceEpoch) * (width - 1) / span)) }
        let (past, ahead, extendedAt, now): (Character, Character, Character, Character) = ascii ? ("=", "-", "|", "^") : ("━", "─", "┃", "▼")
        var cells = (0..<width).map { i -> Character in
            today < start ? ahead : today > end ? past : (i <= cell(today) ? past : ahead)
        }
        if let originalEnd, originalEnd < end { cells[cell(originalEnd)] = extendedAt }
        if today >= start && today <= end { cells[cell(today)] = now }
        return String(cells)
    }
}
