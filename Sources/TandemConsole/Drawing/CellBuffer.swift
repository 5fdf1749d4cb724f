/// One screen cell: a base character with any zero-width marks that combine
/// with it. The right half of a wide character is a continuation cell.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: Style
    public var isContinuation = false

    public static let blank = Cell(text: " ", style: .plain)
}

/// A grid of cells the views draw into. The ncurses backend paints the cells
/// that changed; the headless backend reads it as text.
public struct CellBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should stand (a text field being edited), if anywhere.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set { cursorX = newValue?.x; cursorY = newValue?.y ?? 0 }
    }
    private var cursorX: Int?
    private var cursorY = 0

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes text from (x, y), clipped at `x + limit` and the buffer's edge.
    /// Text cut there ends in "…" in the last column, so that what is cut is
    /// not read as the whole (spaces cut off are not marked). Returns the
    /// number of columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, limit: Int? = nil, style: Style = .plain) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        // Where the text written so far ends while it leaves the last column free (for "…").
        var markAt = x
        let scalars = TextWidth.displayable(text).unicodeScalars
        var next = scalars.startIndex
        while next < scalars.endIndex {
            let index = next
            let scalar = scalars[index]
            scalars.formIndex(after: &next)
            let w = TextWidth.columns(scalar)
            if w == 0 {
                // Combine with the previous cell (at most three marks, as ncurses allows).
                let previous = column - 1
                if previous >= max(0, x), previous < width {
                    var base = previous
                    if cells[y * width + base].isContinuation { base -= 1 }
                    if base >= 0, cells[y * width + base].text.unicodeScalars.count < 4 {
                        cells[y * width + base].text.unicodeScalars.append(scalar)
                    }
                }
                continue
            }
            if column + w > end {
                if column < end { fill(x: column, y: y, width: end - column, style: style) }
                if markAt >= 0, markAt < end, scalars[index...].contains(where: { $0 != " " && TextWidth.columns($0) > 0 }) {
                    fill(x: markAt, y: y, width: end - markAt, style: style)
                    cells[y * width + markAt] = Cell(text: "…", style: style)
                }
                column = end
                break
            }
            if column >= 0 {
                clearWide(at: column, y: y)
                cells[y * width + column] = Cell(text: String(scalar), style: style)
                if w == 2 {
                    clearWide(at: column + 1, y: y)
                    cells[y * width + column + 1] = Cell(text: "", style: style, isContinuation: true)
                }
            }
            column += w
            if column < end { markAt = column }
        }
        return max(0, column - x)
    }

    /// Overwriting half of a wide character blanks its other half.
    private mutating func clearWide(at x: Int, y: Int) {
        let i = y * width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(text: " ", style: cells[i - 1].style) }
        if x + 1 < width, cells[i + 1].isContinuation { cells[i + 1] = Cell(text: " ", style: cells[i + 1].style) }
    }

    public mutating func fill(x: Int, y: Int, width w: Int, style: Style = .plain, character: String = " ") {
        guard y >= 0, y < height else { return }
        let start = max(0, x)
        let end = min(width, x + w)
        guard start < end else { return }
        for column in start..<end {
            clearWide(at: column, y: y)
            cells[y * width + column] = Cell(text: character, style: style)
        }
    }

    /// The buffer as lines of text, trailing spaces kept so widths are visible.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !cells[y * width + x].isContinuation { line += cells[y * width + x].text }
            return line
        }
    }

    /// The screen as a text file: each line with trailing spaces trimmed.
    public var text: String {
        lines.map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n") + "\n"
    }
}
