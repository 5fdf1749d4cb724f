import Foundation
import Testing
import TestSupport
import TandemCore
import TandemJournal

/// The real binary, killed at random moments while it commits: every commit it
/// reported as saved survives, and nothing half-written does.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct FaultTests {
    @Test func killedAtThreeHundredRandomMomentsLosesNothingReportedSaved() throws {
        let dir = TemporaryDirectory()
        var reportedSaved: Set<Int> = []
        var savedInAll = 0
        var kills = 0
        var tornTailsCut = 0
        var rng = SystemRandomNumberGenerator()
        for run in 0..<300 {
            // A fresh journal for each run, so each run stays quick.
            let journal = dir.file("journal-\(run).jsonl")
            reportedSaved = []
            let output = dir.file("run.out")
            let pid = try spawnProcess([testkitBinary(), "append-events", "--journal", journal, "--count", "100000",
                                        "--prefix", "K\(run)"], outputPath: output)
            // Kill while it is committing: once it has reported a first save, at a random moment.
            for _ in 0..<400 where !readText(output).contains("saved") { usleep(5_000) }
            usleep(UInt32.random(in: 0...15_000, using: &rng))
            kill(pid, SIGKILL)
            _ = waitForProcess(pid)
            kills += 1
            for line in readText(output).split(separator: "\n") where line.hasPrefix("saved ") {
                for n in line.dropFirst(6).split(separator: " ") { reportedSaved.insert(Int(n)!) }
            }
            guard FileManager.default.fileExists(atPath: journal) else { continue }  // killed before it was created
            let opened = try Journal.open(at: journal, create: false, now: { Timestamp(secondsSinceEpoch: 0) })
            opened.journal.signers = sampleSigners
            if opened.notices.contains(where: { $0.hasPrefix("Cut a torn last line") }) { tornTailsCut += 1 }
            let sequences = Set(opened.records.map(\.sequence))
            #expect(reportedSaved.isSubset(of: sequences), "run \(run): a commit reported as saved is missing")
            opened.journal.close()
            let report = try Journal.verify(at: journal)
            #expect(report.isIntact, "run \(run): \(String(describing: report.firstProblem))")
            savedInAll += reportedSaved.count
            unlink(journal)
        }
        #expect(kills == 300)
        // Each run is killed only after its first reported save, so nearly every run saved something.
        #expect(savedInAll > 250, "the driver hardly ever got to commit (\(savedInAll) saved)")
        print("kill points: \(kills), commits reported saved and found: \(savedInAll), torn tails cut: \(tornTailsCut)")
    }
}
