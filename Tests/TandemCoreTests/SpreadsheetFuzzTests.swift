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
                case .success: accepted += 1
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
