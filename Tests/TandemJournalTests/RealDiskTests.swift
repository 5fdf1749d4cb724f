#if canImport(Glibc)
import Glibc
#endif
import Testing
import TandemCore
import TandemSample
import TestSupport
@testable import TandemJournal

/// A real full disk and a real read-only file system: small tmpfs mounts made
/// by the test. Mounting needs root; elsewhere these tests are skipped, saying why.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root to mount a small tmpfs (run the tests as root, as CI does)"))
struct RealDiskTests {
    let now = SampleScenario.screensNow

    /// Mounts a tmpfs of `kilobytes` for the body, then unmounts it.
    func withTmpfs(kilobytes: Int, _ body: (String) throws -> Void) throws {
        let dir = TemporaryDirectory()
        let mountPoint = dir.file("disk")
        mkdir(mountPoint, 0o700)
        let mounted = try runProcess(["mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0700", "tmpfs", mountPoint])
        try #require(mounted.status == 0, "mount failed: \(mounted.output)")
        defer { _ = try? runProcess(["umount", "-l", mountPoint]) }
        try body(mountPoint)
    }

    @Test func aFullDiskStopsWritingAndLosesNothingSaved() throws {
        try withTmpfs(kilobytes: 64) { disk in
            let path = disk + "/journal.jsonl"
            let journal = try Journal.create(at: path, id: "full-disk", now: { now }).journal
            var saved = 0
            var failure: JournalError?
            for i in 0..<2000 {
                let enquiry = Enquiry(reference: "D-\(i)", requesting: CountryCode("AUS")!, requested: CountryCode("THA")!,
                                      channel: .policeToPolice, priority: .routine, subject: String(repeating: "x", count: 200),
                                      drafted: now, due: now, handling: .h2)
                do {
                    try journal.append([Event(time: now, actor: "t", change: .enquiryCreated(enquiry))])
                    saved += 1
                } catch let error as JournalError {
                    failure = error
                    break
                }
            }
            #expect(failure == .notSaved("writing failed: No space left on device"))
            #expect(!journal.isWritable)
            journal.close()
            let report = try Journal.verify(at: path)
            #expect(report.isIntact)
            #expect(report.goodRecords == saved)
            #expect(saved > 10)
        }
    }

    @Test func aReadOnlyFileSystemOpensReadOnlyAndChangesNothing() throws {
        try withTmpfs(kilobytes: 512) { disk in
            let path = disk + "/journal.jsonl"
            let created = try Journal.create(at: path, id: SampleScenario.journalID, now: { SampleScenario.created })
            created.journal.signers = sampleSigners
            try created.journal.appendEach(SampleScenario.events())
            created.journal.close()
            let before = readBytes(path)
            let remount = try runProcess(["mount", "-o", "remount,ro", disk])
            try #require(remount.status == 0, "remount failed: \(remount.output)")
            let opened = try Journal.open(at: path, create: false, now: { now })
            #expect(opened.journal.access == .readOnly(reason: "it is on a read-only file system"))
            #expect(opened.notices == ["Read-only: it is on a read-only file system."])
            #expect(opened.records.count == SampleScenario.events().count)
            #expect(throws: JournalError.readOnly("it is on a read-only file system")) {
                try opened.journal.append([SampleScenario.events()[0]])
            }
            #expect(readBytes(path) == before)
            // A new journal cannot be made there: one sentence says why.
            #expect(throws: JournalError.io(operation: "create", path: disk + "/new.jsonl", reason: "Read-only file system")) {
                try Journal.open(at: disk + "/new.jsonl", create: true, now: { now })
            }
        }
    }
}
