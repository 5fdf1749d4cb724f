import ArgumentParser
import Testing
@testable import tandem

/// The parser wraps a command's help to the terminal's width itself: a line
/// break written inside a paragraph shows as a line cut short in the middle of
/// a sentence ("kept in a" / "hash-chained journal").
@Suite struct HelpTextTests {
    @Test func everyCommandsHelpBreaksOnlyBetweenParagraphs() {
        var checked = 0
        func walk(_ command: any ParsableCommand.Type, _ path: String) {
            let configuration = command.configuration
            for (part, text) in [("abstract", configuration.abstract), ("discussion", configuration.discussion)] {
                let broken = text.components(separatedBy: "\n\n").filter { $0.contains("\n") }
                #expect(broken.isEmpty, "\(path)'s \(part) breaks a line inside a paragraph: \(broken)")
            }
            checked += 1
            for subcommand in configuration.subcommands { walk(subcommand, path + " " + subcommand._commandName) }
        }
        walk(Tandem.self, "tandem")
        #expect(checked > 30)
    }
}
