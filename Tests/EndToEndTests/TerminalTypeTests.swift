import Foundation
import Testing
import TestSupport

/// The console under each terminal type officers meet, and with `NO_COLOR`:
/// read back with its attributes from tmux, colours are there only where they should be.
// Three minutes: under the whole suite the two cores are shared with the PostgreSQL suites' servers and
// consoles, and each look at the screen (a tmux process) can take seconds; alone a test takes a few.
@Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: Tmux.isAvailable || ProcessInfo.processInfo.environment["CI"] != nil, "tmux is not installed"))
struct TerminalTypeTests {
    /// The SGR parameters used on the screen, e.g. [[1], [31], [38, 5, 160]].
    static func attributes(_ styled: String) -> [[Int]] {
        var found: [[Int]] = []
        var rest = Substring(styled)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !($0.isNumber || $0 == ";") }) else { break }
            if rest[end] == "m" { found.append(rest[..<end].split(separator: ";").compactMap { Int($0) }) }
            rest = rest[end...]
        }
        return found
    }

    static func usesColour(_ attributes: [[Int]]) -> Bool {
        attributes.contains { p in p.contains { (30...37).contains($0) || (90...97).contains($0) || $0 == 38 } }
    }

    static func usesReverseOrBold(_ attributes: [[Int]]) -> Bool {
        attributes.contains { $0.contains(7) || $0.contains(1) }
    }

    func screen(term: String, noColor: Bool) throws -> (text: String, attributes: [[Int]]) {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let tmux = Tmux()
        try tmux.start([tandemBinary(), "--journal", journal, "--user", "k.perera", "--read-only"], width: 100, height: 30,
                       environment: ["TERM=\(term)"] + (noColor ? ["NO_COLOR=1"] : []))
        // The Enquiries pane: overdue rows are red where there is colour.
        try tmux.send("3")
        let text = try tmux.waitFor("the enquiries under \(term)") { $0.contains("AUS/PHL/15-114") && $0.contains("k.perera") }
        let styled = try tmux.styledScreen()
        try tmux.send("q")
        try tmux.waitForExit()
        return (text, Self.attributes(styled))
    }

    @Test(arguments: ["xterm-256color", "screen-256color", "linux"])
    func colourTerminalsShowColour(term: String) throws {
        let shown = try screen(term: term, noColor: false)
        #expect(shown.text.contains("Enquiries") && shown.text.contains("(supervisor)"))
        #expect(Self.usesColour(shown.attributes), "no colour under \(term): \(shown.attributes)")
        #expect(Self.usesReverseOrBold(shown.attributes))
    }

    @Test(arguments: ["xterm-256color", "vt100"])
    func noColorAndMonochromeTerminalsKeepBoldAndReverseOnly(term: String) throws {
        let shown = try screen(term: term, noColor: term != "vt100")
        #expect(shown.text.contains("Enquiries") && shown.text.contains("AUS/PHL/15-114"))
        #expect(!Self.usesColour(shown.attributes), "colour under \(term)\(term == "vt100" ? "" : " with NO_COLOR"): \(shown.attributes)")
        #expect(Self.usesReverseOrBold(shown.attributes), "the selection and headings lost their emphasis")
    }
}
