import Testing
import TandemCore
import TandemJournal
import TandemSample
import TestSupport
@testable import TandemConsole

/// 100,000 random key events — lone Esc, truncated escape sequences, invalid
/// code points, control keys, scripts of the region, resizes down to 1×1 — fed
/// to the console with a real journal: no crash, no hang, and the journal holds
/// exactly what the console showed as saved.
@Suite(.timeLimit(.minutes(3)))
struct KeyFuzzTests {
    struct Dice {
        var state: UInt64
        mutating func roll(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    static let text = Array("aZ09 -/.,:;'\"ไทยශ්‍රීမြန်မာViệt中文ދިވެހި🚢\u{0301}\u{0E48}\u{200D}\u{202E}")
    static let named: [Key] = [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .tab, .backTab, .escape,
                               .backspace, .delete, .function(1), .function(12)]

    static func key(_ dice: inout Dice) -> Key {
        switch dice.roll(20) {
        case 0..<6: return .character(text[dice.roll(text.count)])
        case 6..<10: return named[dice.roll(named.count)]
        case 10: return .control(Character(Unicode.Scalar(UInt8(97 + dice.roll(26)))))
        case 11: return Key.fromCharacter(UInt32(dice.roll(0x11_0000 + 0x1000)))  // invalid code points and surrogates too
        case 12: return .unknown(Int32(dice.roll(1 << 16)))
        case 13: return .character(Character(String(dice.roll(10))))    // digits switch panes
        case 14: return .character(["n", "3", "q", "G", "g", "j", "k"][dice.roll(7)])
        default: return .character(Character(Unicode.Scalar(UInt8(32 + dice.roll(95)))))
        }
    }

    @Test func hundredThousandRandomKeys() throws {
        let dir = TemporaryDirectory()
        let path = dir.copyOfSample()
        let opened = try Journal.open(at: path, create: false, now: { SampleScenario.screensNow })
        opened.journal.signers = sampleSigners.filter { $0.key == "liaison" }
        var state = ConsoleState(
            caseFile: CaseFile(replaying: opened.records.map(\.event)), width: 100, height: 30,
            now: SampleScenario.screensNow, user: "liaison", journalPath: path)
        state.pane = .enquiries
        let session = ConsoleSession(state: state, store: opened.journal, clock: { SampleScenario.screensNow })
        var dice = Dice(state: 0x7A4D_E4)
        var events = 0
        var resizes = 0
        while events < 100_000 {
            events += 1
            if dice.roll(50) == 0 {
                let width = 1 + dice.roll(dice.roll(2) == 0 ? 12 : 220)
                let height = 1 + dice.roll(dice.roll(2) == 0 ? 6 : 70)
                session.handle(.resize(width: width, height: height))
                resizes += 1
            } else if dice.roll(1500) == 0 {
                // Now and then, a well-formed enquiry typed in full (wherever the console happens to be).
                let script: [Key] = [.escape, .escape, .character("3"), .character("n")] + typing("FUZZ-\(events)") + [.tab]
                    + typing("NZL") + [.tab] + typing("LKA") + [.tab, .tab, .tab] + typing("Fuzzed ไทย") + [.control("s")]
                for key in script { session.handle(.key(key)) }
                events += script.count
            } else if dice.roll(40) == 0 {
                // A truncated escape sequence: Esc and the start of a CSI.
                session.handle(.key(.escape))
                session.handle(.key(.character("[")))
                events += 1
            } else {
                _ = session.handle(.key(Self.key(&dice)))  // a quit is ignored: the fuzzer keeps typing
            }
            if events % 7 == 0 {
                let buffer = render(session.state)
                #expect(buffer.width == session.state.width && buffer.height == session.state.height)
            }
        }
        opened.journal.close()
        let report = try Journal.verify(at: path)
        #expect(report.isIntact)
        let reopened = try Journal.open(at: path, create: false, now: { SampleScenario.screensNow })
        // Nothing reached the journal that the console did not show as saved, and nothing it showed is missing.
        #expect(CaseFile(replaying: reopened.records.map(\.event)) == session.state.caseFile)
        #expect(reopened.records.count > SampleScenario.events().count, "no save happened during the fuzz")
        print("fuzz: \(events) key events, \(resizes) resizes, \(reopened.records.count - SampleScenario.events().count) enquiries saved")
    }
}
