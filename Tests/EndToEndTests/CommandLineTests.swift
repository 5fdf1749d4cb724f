import Foundation
import Testing
import TestSupport
import TandemCore
import TandemJournal

/// The real binary's commands, run as a user or a script would.
@Suite(.timeLimit(.minutes(2)))
struct CommandLineTests {
    let sample = packageRoot() + "/sample-data/jpa-2015.jsonl"
    var sampleEvents: Int { readBytes(sample).filter { $0 == 0x0A }.count - 1 }

    @Test func twoProcessesAppendingAtOnceLoseNothing() throws {
        let dir = TemporaryDirectory()
        let journal = dir.file("shared.jsonl")
        writeBytes(journal, readBytes(sample))
        let tandem = tandemBinary()
        let a = try spawnProcess([tandem, "append-test-events", "--journal", journal, "--count", "2000", "--prefix", "A", "--user", "liaison"], outputPath: dir.file("a.out"))
        let b = try spawnProcess([tandem, "append-test-events", "--journal", journal, "--count", "2000", "--prefix", "B", "--user", "ncb.officer"], outputPath: dir.file("b.out"))
        #expect(waitForProcess(a) == 0, "\(readText(dir.file("a.out")).suffix(300))")
        #expect(waitForProcess(b) == 0, "\(readText(dir.file("b.out")).suffix(300))")
        let report = try Journal.verify(at: journal)
        #expect(report.isIntact)
        #expect(report.goodRecords == sampleEvents + 4000)
        let opened = try Journal.open(at: journal, create: false, readOnly: true, now: { .init(secondsSinceEpoch: 0) })
        let references = Set(opened.records.map(\.event.change.entity))
        for i in [1, 1000, 2000] {
            #expect(references.contains("A-\(i)") && references.contains("B-\(i)"))
        }
        // Both really ran at the same time: their commits interleave.
        let owners = opened.records.suffix(4000).map { $0.event.actor }
        let switches = zip(owners, owners.dropFirst()).filter { $0 != $1 }.count
        #expect(switches > 1, "the two writers did not overlap")
    }

    @Test func verifyPassesAnIntactJournalAndNamesTheFirstBadRecord() throws {
        let good = try runProcess([tandemBinary(), "verify", "--journal", sample])
        #expect(good.status == 0)
        #expect(good.output.contains("intact: \(sampleEvents) records"))

        let dir = TemporaryDirectory()
        let damaged = dir.file("damaged.jsonl")
        var text = readText(sample)
        text = text.replacingOccurrences(of: "Golden Lotus salons", with: "Golden Lotus salon!")
        writeBytes(damaged, Array(text.utf8))
        let bad = try runProcess([tandemBinary(), "verify", "--journal", damaged])
        #expect(bad.status == 1)
        let lines = readText(sample).components(separatedBy: "\n")
        let record = lines.firstIndex { $0.contains("Golden Lotus salons") }!
        let offset = lines.prefix(record).reduce(0) { $0 + $1.utf8.count + 1 }
        #expect(bad.output.contains("DAMAGED at record \(record) (byte offset \(offset)): the line is damaged (its checksum does not match its content). The \(record - 1) records before it verify."))

        let notJournal = dir.file("notes.txt")
        writeBytes(notJournal, Array("hello\n".utf8))
        let refused = try runProcess([tandemBinary(), "verify", "--journal", notJournal])
        #expect(refused.status == 1)
        #expect(refused.output == "tandem: This file is not a Tandem journal: the first line is not a Tandem journal header.\n")

        let missing = try runProcess([tandemBinary(), "verify", "--journal", dir.file("missing.jsonl")])
        #expect(missing.status == 1)
        #expect(missing.output.contains("Could not open \(dir.file("missing.jsonl")): No such file or directory."))
    }

    @Test func logPrintsEventsReadablyAndFiltersByEntity() throws {
        let all = try runProcess([tandemBinary(), "log", "--journal", sample])
        #expect(all.status == 0)
        #expect(all.output.split(separator: "\n").count == sampleEvents)
        let one = try runProcess([tandemBinary(), "log", "--journal", sample, "--entity", "aus/phl/15-114"])
        let records = try Journal.open(at: sample, create: false, readOnly: true, now: { .init(secondsSinceEpoch: 0) }).records
        let expected = records.filter { $0.event.change.entity == "AUS/PHL/15-114" }.map { r in
            "#\(r.sequence)  \(r.event.time.minuteText)  \(r.event.actor)  \(r.event.change.type)  AUS/PHL/15-114  \(r.event.change.summary)\n"
        }
        #expect(expected.count == 4)
        #expect(one.output == expected.joined())
        #expect(one.output.contains("  k.perera  enquiry.status  AUS/PHL/15-114  status → sent\n"))
        #expect(one.output.contains("enquiry drafted AUS→PHL by police-to-police, urgent, due 2015-09-30 06:00: Subscriber details for remittance accounts used by NET-K8RZ; H2\n"))
        let none = try runProcess([tandemBinary(), "log", "--journal", sample, "--entity", "NOPE"])
        #expect(none.status == 1)
        #expect(none.output.contains("no events about \"NOPE\""))
    }

    @Test func reportGivesTheDebriefStatement() throws {
        let markdown = try runProcess([tandemBinary(), "report", "--operation", "JPA-2015", "--journal", sample])
        #expect(markdown.status == 0)
        #expect(markdown.output.contains("- trafficked persons assisted: **59**"))
        #expect(markdown.output.contains("- officers trained: **485**"))
        let json = try runProcess([tandemBinary(), "report", "--operation", "jpa-2015", "--journal", sample, "--format", "json"])
        #expect(json.status == 0)
        #expect(json.output.hasPrefix("{\"operation\":\"JPA-2015\""))
        #expect(json.output.contains("\"arrests\":32"))
        let unknown = try runProcess([tandemBinary(), "report", "--operation", "JPA-2099", "--journal", sample])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("no operation \"JPA-2099\" in \(sample); it has: JPA-2015."))
        let badFormat = try runProcess([tandemBinary(), "report", "--operation", "JPA-2015", "--journal", sample, "--format", "pdf"])
        #expect(badFormat.status == 2)
    }

    @Test func badUsageExitsTwo() throws {
        let result = try runProcess([tandemBinary(), "verify", "--bogus"])
        #expect(result.status == 2)
        #expect(result.output.contains("Unknown option '--bogus'"))
    }
}
