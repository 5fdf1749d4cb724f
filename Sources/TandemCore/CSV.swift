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

    /// How many line feeds the bytes hold, eight bytes at a time, plus one for
    /// an unfinished last line when `countingUnfinished`.
    static func lineCount(utf8 bytes: UnsafeBufferPointer<UInt8>, countingUnfinished: Bool = true) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        let count = bytes.count
        var lines = 0
        var i = 0
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while i + 8 <= count {
            // A byte of `x` is zero where the byte is a line feed; `zero` has the top bit of exactly those bytes set.
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            let zero = ~(((x & low7) &+ low7) | x | low7)
            lines += zero.nonzeroBitCount
            i += 8
        }
        while i < count {
            if base[i] == 0x0A { lines += 1 }
            i += 1
        }
        return lines + (countingUnfinished && base[count - 1] != 0x0A ? 1 : 0)
    }

    /// Parses a whole file. A quote left open is an error naming the line it opened on.
    public static func parse(_ text: String) throws(ParseError) -> [Row] {
        var rows: [Row] = []
        try forEachRow(text) { rows.append($0) }
        return rows
    }

    /// Hands each row to `body` as it is read, without holding them all. A quote
    /// left open is an error naming the line it opened on (after the rows before it).
    public static func forEachRow(_ text: String, _ body: (Row) -> Void) throws(ParseError) {
        var text = text
        if let error = text.withUTF8({ forEachRow(utf8: $0, body) }) { throw error }
    }

    /// Works on the UTF-8 bytes, which must be valid UTF-8: every byte that
    /// matters to CSV is ASCII, so a multi-byte character is copied through
    /// untouched. A cell without quotes becomes a string straight from the
    /// bytes it spans. Returns the error instead of throwing it.
    static func forEachRow(utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (Row) -> Void) -> ParseError? {
        var row = Row(line: 1, cells: [])
        var cell: [UInt8] = []
        var line = 1
        var i = 0
        let count = bytes.count
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        func finishRow() {
            if !(row.cells.count == 1 && row.cells[0].isEmpty) { body(row) }
            row.cells.removeAll(keepingCapacity: true)
        }
        while i < count {
            // One cell, starting at i. Carriage returns outside quotes are dropped, even before a quote.
            while i < count, bytes[i] == cr { i += 1 }
            if i < count, bytes[i] == quote {
                let quoteLine = line
                i += 1
                cell.removeAll(keepingCapacity: true)
                var closed = false
                while i < count {
                    let c = bytes[i]
                    i += 1
                    if c == quote {
                        if i < count, bytes[i] == quote { cell.append(quote); i += 1 } else { closed = true; break }
                    } else {
                        if c == lf { line += 1 }
                        cell.append(c)
                    }
                }
                if !closed { return ParseError(line: quoteLine, reason: "a quoted field opened here is never closed") }
                // Anything after the closing quote, up to the comma, belongs to the cell, as spreadsheets read it.
                while i < count, bytes[i] != comma, bytes[i] != lf {
                    if bytes[i] != cr { cell.append(bytes[i]) }
                    i += 1
                }
                row.cells.append(String(decoding: cell, as: UTF8.self))
            } else {
                let start = i
                var hasCR = false
                while i < count {
                    let c = bytes[i]
                    if c == comma || c == lf { break }
                    if c == cr { hasCR = true }
                    i += 1
                }
                let span = UnsafeBufferPointer(rebasing: bytes[start..<i])
                if hasCR {
                    row.cells.append(String(decoding: span.filter { $0 != cr }, as: UTF8.self))
                } else {
                    row.cells.append(String(decoding: span, as: UTF8.self))
                }
            }
            if i == count { break }
            let separator = bytes[i]
            i += 1
            if separator == lf {
                finishRow()
                line += 1
                row.line = line
            } else if i == count {
                row.cells.append("")   // a comma ends the file: one more empty cell
            }
        }
        if !row.cells.isEmpty { finishRow() }
        return nil
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
