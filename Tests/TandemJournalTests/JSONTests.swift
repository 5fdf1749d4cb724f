import TestSupport
import Testing
@testable import TandemJournal

@Suite struct JSONTests {
    @Test func stringsSurviveWritingAndParsing() throws {
        let texts = [
            "plain", "quote \" and \\ backslash", "line\nbreak\ttab\r", "\u{1B}]0;retitled\u{07}", "\u{0}\u{7F}",
            "ไทย ภาษา", "සිංහල", "မြန်မာ", "Tiếng Việt", "ދިވެހި", "中文 名字", "emoji 🚢", "\u{2028}\u{2029}", "",
        ]
        for text in texts {
            let value = JSONValue.object([JSONField("k", .string(text)), JSONField("n", .int(-42)), JSONField("a", .array([.null, .bool(true)]))])
            let written = value.text
            #expect(!written.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "raw control byte in \(written)")
            #expect(try JSONParser.parse(written) == value)
        }
    }

    @Test func parserReadsEscapesAndSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""a\u00e9\ud83d\udea2\/""#) == .string("aé🚢/"))
        #expect(try JSONParser.parse(" { \"a\" : [ 1 , 2 ] } ") == .object([JSONField("a", .array([.int(1), .int(2)]))]))
    }

    @Test func parserRefusesMalformedInput() {
        let bad = ["", "{", "{\"a\":}", "[1,]", "\"unterminated", "01", "1.5", "tru", "{\"a\":1} x", "\"\\ud800\"",
                   "\"raw\ncontrol\"", "\"\\q\"", String(repeating: "[", count: 100) + String(repeating: "]", count: 100)]
        for text in bad {
            #expect(throws: JSONParser.Failure.self, "\(text.debugDescription)") { try JSONParser.parse(text) }
        }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(ArraySlice<UInt8>([0x22, 0xFF, 0x22])) }
    }
}

/// Strings are copied as they are unless a byte needs escaping, found eight
/// bytes at a time: the result must be what escaping character by character
/// gives, and read back as the same string.
@Suite struct StringWritingTests {
    @Test func theQuickPathWritesWhatTheCharacterByCharacterPathWrites() throws {
        var state: UInt64 = 0x5EED
        func roll(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let pieces = ["a", "Crew lists for ", "Malé", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}",
                      "\u{2029}", "€", "—", " ", "ไทย", "🚢", "0123456789abcdef", "/", "\u{80}", "~", " "]
        for _ in 0..<20_000 {
            let text = (0..<roll(14)).map { _ in pieces[roll(pieces.count)] }.joined()
            var quick: [UInt8] = []
            var slow: [UInt8] = []
            JSONValue.writeString(text, to: &quick)
            JSONValue.writeEscaped(text, to: &slow)
            #expect(quick == slow, "\(text.debugDescription)")
            #expect(try JSONParser.parse(quick[...]) == .string(text))
        }
    }
}
