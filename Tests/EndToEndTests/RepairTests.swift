import Foundation
import Testing
import TestSupport
import TandemCore
import TandemJournal

/// `tandem repair` brings a damaged journal back to writable without deleting a byte.
@Suite struct RepairTests {
    @Test(arguments: ["garbage", "zeros"]) func damageInTheMiddleIsSetAsideAndTheJournalIsWritableAgain(kind: String) throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let bytes = readBytes(journal)
        var lineEnds: [Int] = []
        for (i, b) in bytes.enumerated() where b == 0x0A { lineEnds.append(i + 1) }
        let at = lineEnds[100]  // after record 100
        let bad: [UInt8] = kind == "garbage" ? Array("not a line\nnor this\n".utf8) : [UInt8](repeating: 0, count: 300)
        writeBytes(journal, Array(bytes[..<at]) + bad + Array(bytes[at...]))
        #expect(try runProcess([tandemBinary(), "verify", "--journal", journal]).status == 1)
        // Asked without a terminal and without --yes: nothing happens.
        let unasked = try runProcess([tandemBinary(), "repair", "--journal", journal, "--user", "k.perera"])
        #expect(unasked.status == 2 && unasked.output.contains("give --yes"))
        // Only a supervisor repairs.
        let liaison = try runProcess([tandemBinary(), "repair", "--journal", journal, "--user", "liaison", "--yes"])
        #expect(liaison.status == 1 && liaison.output.contains("only a supervisor may repair the journal"), "\(liaison.output)")
        #expect(readBytes(journal) == Array(bytes[..<at]) + bad + Array(bytes[at...]))
        let done = try runProcess([tandemBinary(), "repair", "--journal", journal, "--user", "k.perera", "--yes"])
        #expect(done.status == 0, "\(done.output)")
        #expect(done.output.contains("Repaired \(journal): \(NumberText.count(bad.count + bytes.count - at)) bytes from record 101 on are kept in \(journal).repaired-"))
        let side = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix("journal.jsonl.repaired-") }
        #expect(side.count == 1)
        #expect(side.first.map { readBytes(dir.file($0)) } == bad + Array(bytes[at...]), "nothing deleted")
        let verified = try runProcess([tandemBinary(), "verify", "--journal", journal])
        #expect(verified.status == 0, "\(verified.output)")
        let log = try runProcess([tandemBinary(), "log", "--journal", journal])
        // Numbered past every line set aside: their numbers are not used again.
        let setAsideLines = (bad + Array(bytes[at...])).split(separator: 0x0A).count
        #expect(log.output.contains("#\(100 + setAsideLines + 1)  ") && log.output.contains("journal.repaired"), "\(log.output.suffix(300))")
        #expect(log.output.contains("journal repaired: \(NumberText.count(bad.count + bytes.count - at)) bytes from record 101 on set aside"))
        let opened = try Journal.open(at: journal, create: false, now: { Timestamp(secondsSinceEpoch: 1_445_000_000) })
        opened.journal.signers = sampleSigners
        #expect(opened.journal.isWritable && opened.records.count == 101)
        let again = try runProcess([tandemBinary(), "repair", "--journal", journal, "--user", "k.perera", "--yes"])
        #expect(again.output.contains("nothing to repair"))
    }
}

/// Stored text never reaches a terminal raw, and a user name is one rule everywhere.
@Suite struct OutputSafetyTests {
    @Test func storedEscapeSequencesAreEscapedWhenPiped() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let opened = try Journal.open(at: journal, create: false, now: { Timestamp(secondsSinceEpoch: 1_445_000_000) })
        opened.journal.signers = sampleSigners
        let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J back\\slash \u{202E}reversed"
        try opened.journal.append([Event(time: Timestamp(secondsSinceEpoch: 1_445_000_000), actor: "k.perera",
                                         change: .noteAdded(entity: "NET-7KQ2", text: hostile))])
        opened.journal.close()
        let log = try runProcess([tandemBinary(), "log", "--journal", journal, "--entity", "NET-7KQ2", "--user", "k.perera", "--reason", "test"])
        #expect(log.status == 0)
        #expect(!log.output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(log.output.contains(#"note: \u{1B}]0;owned\u{7}\u{1B}[2J back\\slash \u{202E}reversed"#))
    }

    @Test func aUserNameWithControlCharactersIsRefused() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let before = readBytes(journal)
        let refused = try runProcess([tandemBinary(), "repair", "--journal", journal, "--user", "k.perera\u{1B}[31m", "--yes"])
        #expect(refused.status == 2)
        #expect(refused.output.contains(#"--user: may hold only letters, digits, "." and "-" and "_""#) || refused.output.contains("--user: may hold only letters"))
        #expect(!refused.output.unicodeScalars.contains { $0.value == 0x1B })
        #expect(readBytes(journal) == before)
    }
}
