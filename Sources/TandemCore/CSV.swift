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
        var text = text
        switch text.withUTF8({ parse($0) }) {
        case .success(let rows): return rows
        case .failure(let error): throw error
        }
    }

    /// Works on the UTF-8 bytes: every byte that matters to CSV is ASCII, so a
    /// multi-byte character is copied through untouched.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<[Row], ParseError> {
        var rows: [Row] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var line = 1
        var rowStart = 1
        var quoted = false
        var quoteLine = 1
        var atCellStart = true
        var i = 0
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        func take() -> String {
            defer { cell.removeAll(keepingCapacity: true) }
            return String(decoding: cell, as: UTF8.self)
        }
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == quote {
                    if i < bytes.count, bytes[i] == quote {
                        cell.append(quote)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if c == lf { line += 1 }
                    cell.append(c)
                }
                continue
            }
            switch c {
            case quote where atCellStart:
                quoted = true
                quoteLine = line
                atCellStart = false
            case comma:
                cells.append(take())
                atCellStart = true
            case cr:
                continue
            case lf:
                cells.append(take())
                if !(cells.count == 1 && cells[0].isEmpty) { rows.append(Row(line: rowStart, cells: cells)) }
                cells = []
                line += 1
                rowStart = line
                atCellStart = true
            default:
                cell.append(c)
                atCellStart = false
            }
        }
        if quoted { return .failure(ParseError(line: quoteLine, reason: "a quoted field opened here is never closed")) }
        if !cell.isEmpty || !cells.isEmpty {
            cells.append(take())
            rows.append(Row(line: rowStart, cells: cells))
        }
        return .success(rows)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
