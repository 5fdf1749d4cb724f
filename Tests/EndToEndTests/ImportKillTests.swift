import Foundation
import Testing
import TestSupport
import TandemCore
@testable import TandemJournal

/// An import killed (SIGKILL) or interrupted (SIGINT) at any moment leaves the
/// journal with all of its rows or none: never part of them.
@Suite(.serialized) struct ImportKillTests {
    static let rows = 4_000
    static let kills = 200

    func spreadsheet(at path: String) {
        var text = "reference,requesting,requested,channel,subject,handling\n"
        for i in 1...Self.rows { text += "KILL/THA/\(i),AUS,THA,police-to-police,Enquiry \(i),H2\n" }
        writeBytes(path, Array(text.utf8))
    }

    func seconds(since start: timespec) -> Double {
        let now = spawned()
        return Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) / 1e9
    }

    /// Now, on the monotonic clock.
    func spawned() -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now
    }

    func records(in journal: String) throws -> Int {
        let opened = try Journal.open(at: journal, create: false, readOnly: true, now: { Timestamp(secondsSinceEpoch: 0) })
        defer { opened.journal.close() }
        return opened.records.count
    }

    @Test func anImportKilledAnywhereLeavesAllOrNothing() throws {
        let dir = TemporaryDirectory()
        let csv = dir.file("rows.csv")
        spreadsheet(at: csv)
        let base = dir.copyOfSample(named: "base.jsonl")
        let baseCount = try records(in: base)
        let command = { (journal: String) in [tandemBinary(), "import", "--journal", journal, "--csv", csv, "--kind", "enquiries", "--user", "liaison"] }
        // Calibrate on the import's own duration.
        let timed = dir.file("timed.jsonl")
        writeBytes(timed, readBytes(base))
        let start = spawned()
        let whole = try runProcess(command(timed))
        let duration = seconds(since: start)
        #expect(whole.status == 0, "\(whole.output)")
        #expect(try records(in: timed) == baseCount + Self.rows)

        var partial = 0, imported = 0, none = 0, cancelledCleanly = 0
        for k in 0..<Self.kills {
            let journal = dir.file("k.jsonl")
            for suffix in ["", ".commits", ".snapshot"] { unlink(journal + suffix) }
            writeBytes(journal, readBytes(base))
            let signal = k % 2 == 0 ? SIGKILL : SIGINT
            let output = dir.file("k.out")
            let pid = try spawnProcess(command(journal), outputPath: output)
            // The kill lands at a point spread over the import's own duration: when it lands
            // only changes which case is met, never what is expected of it.
            usleep(useconds_t(duration * 1.5 * Double(k) / Double(Self.kills) * 1_000_000))
            kill(pid, signal)
            let status = waitForProcess(pid)
            let said = readText(output)
            if said.contains("The import was cancelled; nothing of it was saved") { cancelledCleanly += 1 }
            // What any reader sees, before anyone sets an unfinished batch aside.
            let seen = try records(in: journal)
            if seen == baseCount { none += 1 } else if seen == baseCount + Self.rows { imported += 1 } else { partial += 1 }
            #expect(seen == baseCount || seen == baseCount + Self.rows, "kill \(k) (signal \(signal), status \(status)): \(seen - baseCount) rows")
            // An opening writer sets aside what a kill left; the journal then verifies and takes the next change.
            let writer = try Journal.open(at: journal, create: false, now: { Timestamp(secondsSinceEpoch: 1_445_000_000) })
            writer.journal.signers = sampleSigners
            #expect(writer.records.count == seen)
            writer.journal.close()
            #expect(try Journal.verify(at: journal).isIntact, "kill \(k)")
            if seen == baseCount && k % 20 == 1 {
                // Running the import again is not refused as duplicates.
                let again = try runProcess(command(journal))
                #expect(again.status == 0, "\(again.output)")
                #expect(try records(in: journal) == baseCount + Self.rows)
            }
        }
        print("import kill test: \(Self.kills) kills over \(String(format: "%.2f", duration)) s; \(imported) imported whole, \(none) not at all, \(partial) partial; \(cancelledCleanly) Ctrl-C cancellations said so")
        #expect(partial == 0)
        // The first kill lands before the import has begun (which kills land after its commit depends on the machine's load).
        #expect(none > 0)
    }

    /// SIGINT while the rows are copied in is caught: the import says it was cancelled and nothing is left.
    @Test func ctrlCDuringTheCopyCancelsAndSaysSo() throws {
        let dir = TemporaryDirectory()
        let journal = dir.copyOfSample()
        let before = readBytes(journal)
        let csv = dir.file("rows.csv")
        spreadsheet(at: csv)
        // The copy starts once the staging file's lines are handed over: wait for the journal to grow, then interrupt.
        var seen = false
        for attempt in 0..<20 where !seen {
            writeBytes(journal, before)
            let output = dir.file("out-\(attempt)")
            let pid = try spawnProcess([tandemBinary(), "import", "--journal", journal, "--csv", csv, "--kind", "enquiries", "--user", "liaison"],
                                       outputPath: output)
            // Waits for the event itself (the journal growing), for five seconds at most.
            let started = spawned()
            var grown = false
            while !grown && seconds(since: started) < 5 {
                var info = stat()
                if stat(journal, &info) == 0, Int(info.st_size) > before.count { grown = true } else { sched_yield() }
            }
            kill(pid, SIGINT)
            let status = waitForProcess(pid)
            if readText(output).contains("The import was cancelled; nothing of it was saved and the journal is as it was.") {
                seen = true
                #expect(status == 1)
                #expect(readBytes(journal) == before)
            }
        }
        #expect(seen, "no Ctrl-C landed during the copy in 20 tries")
    }
}
