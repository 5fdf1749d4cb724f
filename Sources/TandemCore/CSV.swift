/// Comma-separated values as spreadsheets write them (RFC 4180): fields with
/// commas, quotes or line breaks are quoted, quotes doubled.
public enum CSV {
    /// One row of text. A cell that a spreadsheet would run as a formula
    /// (starting with = + - @) is prefixed with ' so it stays text.
    public static func line(_ cells: [String]) -> String {
        cells.map { cell in
            var text = cell
            if let first = text.unicodeScalars.first, "=+-@".unicodeScalars.contains(first), Int(text) == nil {
                text = "'" + text
            }
            let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            return needsQuotes ? "\"" + text.replacingAll("\"", with: "\"\"") + "\"" : text
        }.joined(separator: ",") + "\r\n"
    }

    public struct Row: Equatable, Sendable {
        /// The line of the file the row starts on (1 is the first line).
        public var line: Int
        public var cells: [String]
    }

    public struct ParseError: Error, Equatable, Sendable {
        public var line: Int
        public var reason: String
    }

    /// Parses a whole file. A quote left open is an error naming the line it opened on.
    public static func parse(_ text: String) throws(ParseError) -> [Row] {
        var rows: [Row] = []
        var cells: [String] = []
        var cell = ""
        var line = 1
        var rowStart = 1
        var quoted = false
        var quoteLine = 1
        var atCellStart = true
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let after = next() {
                        if after == "\"" { cell.unicodeScalars.append("\""); continue }
                        quoted = false
                        pending = after
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    cell.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atCellStart:
                quoted = true
                quoteLine = line
                atCellStart = false
            case ",":
                cells.append(cell)
                cell = ""
                atCellStart = true
            case "\r":
                continue
            case "\n":
                cells.append(cell)
                if !(cells.count == 1 && cells[0].isEmpty) { rows.append(Row(line: rowStart, cells: cells)) }
                cells = []
                cell = ""
                line += 1
                rowStart = line
                atCellStart = true
            default:
                cell.unicodeScalars.append(c)
                atCellStart = false
            }
        }
        if quoted { throw ParseError(line: quoteLine, reason: "a quoted field opened here is never closed") }
        if !cell.isEmpty || !cells.isEmpty {
            cells.append(cell)
            rows.append(Row(line: rowStart, cells: cells))
        }
        return rows
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
