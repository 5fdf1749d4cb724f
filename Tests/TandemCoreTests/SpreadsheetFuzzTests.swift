import Testing
@testable import TandemCore

/// Random spreadsheets: refused with problems or accepted, never a crash, and
/// every problem names a line inside the file.
@Suite struct SpreadsheetFuzzTests {
    struct Dice {
        var state: UInt64
        mutating func roll(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    static let pieces = ["reference", "requesting", "requested", "channel", "subject", "handling", "due", ",", ",", "\"", "\"\"",
                         "\n", "\r\n", "AUS", "THA", "XXX", "H2", "TLP:RED", "police-to-police", "mla", "+7d", "2015-13-45",
                         "=cmd()", "ไทย", "\u{0}", "\u{1B}[2J", "A-1", "A-1", " ", "🚢", "\u{FFFD}", "NET-1", "02042", "MMR>THA"]

    @Test func thousandsOfRandomSpreadsheetsNeverCrash() {
        var dice = Dice(state: 0xC5_7F)
        let now = Timestamp(iso8601: "2015-10-05T10:00:00Z")!
        var accepted = 0
        var refused = 0
        for round in 0..<3000 {
            var text = round % 3 == 0 ? "reference,requesting,requested,channel,subject,handling\n" : ""
            for _ in 0..<dice.roll(60) { text += Self.pieces[dice.roll(Self.pieces.count)] }
            let lines = text.unicodeScalars.filter { $0 == "\n" }.count + 1
            for kind in SpreadsheetImport.Kind.allCases {
                switch SpreadsheetImport.changes(from: text, kind: kind, into: CaseFile(), by: "fuzz", at: now) {
                case .success(let changes):
                    accepted += 1
                    // Each change is one the case file accepts with every change before it applied.
                    var caseFile = CaseFile()
                    for change in changes {
                        #expect(throws: Never.self) { for event in try caseFile.decide(change, by: "fuzz", at: now) { caseFile.apply(event) } }
                    }
                case .failure(let problems):
                    refused += 1
                    #expect(!problems.all.isEmpty)
                    for problem in problems.all { #expect(problem.line >= 1 && problem.line <= lines, "\(problem) in \(text.debugDescription)") }
                }
            }
        }
        #expect(refused > 0)
        print("spreadsheet fuzz: \(accepted + refused) imports, \(refused) refused with problems")
    }
}

/// An import decides each row against the case file with the rows before it
/// taken into account: a code is in use if the journal has it or an earlier
/// good row took it, and a refused row takes nothing. Checked against that
/// rule on spreadsheets drawn from a few references, some already in the journal.
@Suite struct SpreadsheetDuplicateTests {
    @Test func aCodeIsTakenByTheJournalOrAnEarlierGoodRowOnly() throws {
        var dice = SpreadsheetFuzzTests.Dice(state: 0xD0_0B)
        let now = Timestamp(iso8601: "2015-10-05T10:00:00Z")!
        let header = "reference,requesting,requested,channel,subject,handling\n"
        let journalHas = try SpreadsheetImport.changes(from: header + "R-1,AUS,THA,mla,One,H2\nR-2,AUS,THA,mla,Two,H2\n",
                                                      kind: .enquiries, into: CaseFile(), by: "liaison", at: now).get()
        var existing = CaseFile()
        for change in journalHas { existing.apply(Event(time: now, actor: "liaison", change: change)) }
        for _ in 0..<400 {
            var text = header
            var expected: [String] = []
            var taken: Set<String> = ["R-1", "R-2"]
            for row in 0..<dice.roll(12) {
                let reference = "R-\(dice.roll(7))"
                let good = dice.roll(4) > 0
                text += "\(reference),AUS,\(good ? "THA" : "QQQ"),mla,Subject,H2\n"
                if !good {
                    expected.append("line \(row + 2), column requested: unknown country code \"QQQ\" (use ISO 3166 alpha-3, e.g. AUS, IDN, THA)")
                } else if !taken.insert(reference).inserted {
                    expected.append("line \(row + 2), column reference: \(reference) is already in use")
                }
            }
            switch SpreadsheetImport.changes(from: text, kind: .enquiries, into: existing, by: "liaison", at: now) {
            case .success(let changes):
                #expect(expected.isEmpty, "\(text)")
                #expect(changes.count == taken.count - 2)
            case .failure(let problems):
                #expect(problems.all.map(\.description) == (expected.isEmpty ? ["line 1, column -: the file has a header but no rows"] : expected), "\(text)")
            }
        }
    }
}

/// The streaming CSV reader against a plain reference that goes byte by byte,
/// on random text made of the pieces spreadsheets get wrong.
@Suite struct CSVReferenceTests {
    static let pieces = ["a", "bc", ",", ",", "\"", "\"\"", "\n", "\n", "\r\n", "\r", " ", "ไทย", "🚢", "x\"y", "\"q,\"", ",\n"]

    @Test func streamingReaderMatchesTheReferenceOnRandomText() {
        var dice = SpreadsheetFuzzTests.Dice(state: 0xC5_11)
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<dice.roll(24) { text += Self.pieces[dice.roll(Self.pieces.count)] }
            let expected = Self.referenceParse(text)
            switch expected {
            case .success(let rows): #expect((try? CSV.parse(text)) == rows, "\(text.debugDescription)")
            case .failure(let error): #expect(throws: error, "\(text.debugDescription)") { try CSV.parse(text) }
            }
        }
    }

    @Test func rowsBeforeAnOpenQuoteAreHandedOverThenTheErrorNamesItsLine() {
        var seen: [CSV.Row] = []
        #expect(throws: CSV.ParseError(line: 3, reason: "a quoted field opened here is never closed")) {
            try CSV.forEachRow("h1,h2\na,b\n\"open,\nstill open") { seen.append($0) }
        }
        #expect(seen == [CSV.Row(line: 1, cells: ["h1", "h2"]), CSV.Row(line: 2, cells: ["a", "b"])])
    }

    /// One byte at a time: a quote opens quoting only at a cell's start, carriage
    /// returns outside quotes are dropped, a lone empty cell is no row.
    static func referenceParse(_ text: String) -> Result<[CSV.Row], CSV.ParseError> {
        let bytes = Array(text.utf8)
        var rows: [CSV.Row] = [], cells: [String] = [], cell: [UInt8] = []
        var line = 1, rowStart = 1, quoteLine = 1, quoted = false, atCellStart = true, i = 0
        func take() -> String { defer { cell = [] }; return String(decoding: cell, as: UTF8.self) }
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == 0x22 {
                    if i < bytes.count, bytes[i] == 0x22 { cell.append(0x22); i += 1 } else { quoted = false }
                } else {
                    if c == 0x0A { line += 1 }
                    cell.append(c)
                }
                continue
            }
            switch c {
            case 0x22 where atCellStart: quoted = true; quoteLine = line; atCellStart = false
            case 0x2C: cells.append(take()); atCellStart = true
            case 0x0D: continue
            case 0x0A:
                cells.append(take())
                if !(cells.count == 1 && cells[0].isEmpty) { rows.append(CSV.Row(line: rowStart, cells: cells)) }
                cells = []
                line += 1
                rowStart = line
                atCellStart = true
            default: cell.append(c); atCellStart = false
            }
        }
        if quoted { return .failure(CSV.ParseError(line: quoteLine, reason: "a quoted field opened here is never closed")) }
        if !cell.isEmpty || !cells.isEmpty {
            cells.append(take())
            if !(cells.count == 1 && cells[0].isEmpty) { rows.append(CSV.Row(line: rowStart, cells: cells)) }
        }
        return .success(rows)
    }
}

/// A spreadsheet's bytes are checked for UTF-8 where they lie, before any row
/// is read: the check must agree with the standard library's decoder on any bytes.
@Suite struct UTF8TextTests {
    @Test func agreesWithTheStandardLibraryOnRandomBytes() {
        var dice = SpreadsheetFuzzTests.Dice(state: 0x0F_F8)
        // Mostly ASCII and whole characters, with now and then a stray or cut-off byte.
        let pieces: [[UInt8]] = [Array("a,b\n".utf8), Array("reference,requesting\r\n".utf8), Array("é".utf8), Array("€".utf8),
                                 Array("😀".utf8), Array("\u{10FFFF}".utf8), Array("\u{D7FF}".utf8),
                                 [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x80], [0xF5, 0x80, 0x80, 0x80],
                                 [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xE0, 0x9F, 0xBF], [0xC1, 0xBF], [0xF0, 0x9F, 0x98]]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<dice.roll(12) {
                let piece = dice.roll(10) < 7 ? pieces[dice.roll(7)] : pieces[dice.roll(pieces.count)]
                bytes += piece
            }
            let found = bytes.withUnsafeBufferPointer { UTF8Text.firstInvalid(in: $0) }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((found == nil) == valid, "\(bytes)")
            if let found {
                // Everything before the bad byte is text, and the line counts the line breaks before it.
                #expect(String(validating: bytes[..<found.offset], as: UTF8.self) != nil)
                #expect(found.line == 1 + bytes[..<found.offset].filter { $0 == 0x0A }.count)
            }
        }
        #expect(UTF8Text.firstInvalid(in: UnsafeBufferPointer(start: nil, count: 0)) == nil)
    }

    @Test func linesAreCountedAsAByteByByteCountWould() {
        var dice = SpreadsheetFuzzTests.Dice(state: 0x11_4E)
        let alphabet: [UInt8] = [0x0A, 0x0A, 0x0D, 0x2C, 0x41, 0x00, 0x0B, 0x8A, 0xFF, 0x7F]
        for _ in 0..<20_000 {
            let bytes = (0..<dice.roll(40)).map { _ in alphabet[dice.roll(alphabet.count)] }
            let feeds = bytes.filter { $0 == 0x0A }.count
            let expected = feeds + (bytes.last.map { $0 == 0x0A ? 0 : 1 } ?? 0)
            #expect(bytes.withUnsafeBufferPointer { CSV.lineCount(utf8: $0) } == expected, "\(bytes)")
            #expect(bytes.withUnsafeBufferPointer { CSV.lineCount(utf8: $0, countingUnfinished: false) } == feeds)
        }
    }
}
