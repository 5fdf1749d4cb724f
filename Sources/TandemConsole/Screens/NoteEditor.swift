import TandemCore

extension NoteEditor {
    /// The editor's box is at most 76 columns wide; its text two columns in from each side.
    static func boxWidth(screenWidth: Int) -> Int { min(screenWidth - 4, 76) }
    static func textWidth(screenWidth: Int) -> Int { boxWidth(screenWidth: screenWidth) - 4 }
    static func textRows(screenHeight: Int) -> Int { max(3, min(12, screenHeight - 10)) }

    /// The text as the lines it is shown on: each a range of character
    /// positions, broken at a line break or where the width runs out.
    static func lines(_ characters: [Character], width: Int) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        var used = 0
        // Where the line could break after a space, and the columns up to there.
        var lastSpace: (index: Int, used: Int)?
        for (i, c) in characters.enumerated() {
            if c == "\n" {
                lines.append(start..<i)
                start = i + 1
                used = 0
                lastSpace = nil
                continue
            }
            let w = TextWidth.columns(String(c))
            if used + w > width, i > start {
                if c != " ", let space = lastSpace {
                    // Words are kept whole: the line breaks after its last space.
                    lines.append(start..<space.index + 1)
                    start = space.index + 1
                    used -= space.used
                } else {
                    lines.append(start..<i)
                    start = i
                    used = 0
                }
                lastSpace = nil
            }
            used += w
            if c == " " { lastSpace = (i, used) }
        }
        lines.append(start..<characters.count)
        return lines
    }

    /// The line the cursor is on, and its column there.
    func cursorPlace(width: Int) -> (line: Int, column: Int) {
        let all = Self.lines(text.characters, width: width)
        let cursor = text.cursor
        // The last line starting at or before the cursor (a wrapped line's end is the next one's start).
        let line = all.lastIndex { $0.lowerBound <= cursor } ?? 0
        return (line, TextWidth.columns(String(text.characters[all[line].lowerBound..<min(cursor, all[line].upperBound)])))
    }

    mutating func moveLine(by step: Int, width: Int) {
        let all = Self.lines(text.characters, width: width)
        let (line, column) = cursorPlace(width: width)
        let target = min(max(0, line + step), all.count - 1)
        guard target != line else { return }
        var position = all[target].lowerBound
        var used = 0
        while position < all[target].upperBound {
            let w = TextWidth.columns(String(text.characters[position]))
            if used + w > column { break }
            used += w
            position += 1
        }
        text.move(to: position)
    }

    mutating func scrollToCursor(width: Int, rows: Int) {
        let line = cursorPlace(width: width).line
        if line < top { top = line }
        if line >= top + rows { top = line - rows + 1 }
    }
}
