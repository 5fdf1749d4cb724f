import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TandemCore
import TandemSample
import TestSupport
@testable import TandemJournal

/// A write or fsync that fails stops writing and says so; nothing is reported
/// as saved, and the file still verifies with every earlier change.
@Suite struct WriteFailureTests {
    let now = SampleScenario.screensNow
    let event = Event(time: SampleScenario.screensNow, actor: "k.perera", change: .networkStatusChanged(code: "NET-W2TD", to: .assessed))

    func journal(in dir: TemporaryDirectory) throws -> (Journal, String) {
        let path = dir.file("journal.jsonl")
        let opened = try Journal.create(at: path, id: SampleScenario.journalID, now: { SampleScenario.created })
        opened.journal.signers = sampleSigners
        try opened.journal.appendEach(SampleScenario.events())
        return (opened.journal, path)
    }

    func expectStoppedAndIntact(_ journal: Journal, _ path: String, before: [UInt8], reason: String) throws {
        #expect(journal.stoppedReason == reason)
        #expect(!journal.isWritable)
        #expect(journal.readOnlyReason == "writing stopped: \(reason)")
        // Never retried blindly: the next append is refused without touching the disk.
        #expect(throws: JournalError.readOnly("writing stopped: \(reason)")) { try journal.append([event]) }
        #expect(readBytes(path) == before)
        let report = try Journal.verify(at: path)
        #expect(report.isIntact && report.goodRecords == SampleScenario.events().count)
    }

    @Test func failedFsyncIsNotSaved() throws {
        let dir = TemporaryDirectory()
        let (journal, path) = try journal(in: dir)
        let before = readBytes(path)
        journal.disk.sync = { _ in EIO }
        #expect(throws: JournalError.notSaved("the disk did not confirm the write (fsync: Input/output error)")) {
            try journal.append([event])
        }
        #expect(JournalError.notSaved("x").description == "NOT SAVED: x. Writing has stopped; the journal keeps every earlier change.")
        try expectStoppedAndIntact(journal, path, before: before, reason: "the disk did not confirm the write (fsync: Input/output error)")
    }

    @Test func fullDiskIsNotSaved() throws {
        let dir = TemporaryDirectory()
        let (journal, path) = try journal(in: dir)
        let before = readBytes(path)
        journal.disk.write = { _, _, _ in (-1, ENOSPC) }
        #expect(throws: JournalError.notSaved("writing failed: No space left on device")) { try journal.append([event]) }
        try expectStoppedAndIntact(journal, path, before: before, reason: "writing failed: No space left on device")
    }

    @Test func shortWriteThenFailureIsTakenBack() throws {
        let dir = TemporaryDirectory()
        let (journal, path) = try journal(in: dir)
        let before = readBytes(path)
        var calls = 0
        journal.disk.write = { fd, bytes, offset in
            calls += 1
            if calls > 1 { return (-1, EIO) }
            // Half of the batch reaches the file, then the disk fails.
            let n = pwrite(fd, bytes.baseAddress, bytes.count / 2, off_t(offset))
            return (n, 0)
        }
        #expect(throws: JournalError.notSaved("writing failed: Input/output error")) { try journal.append([event, event]) }
        try expectStoppedAndIntact(journal, path, before: before, reason: "writing failed: Input/output error")
    }

    @Test func theNthWriteFailing() throws {
        let dir = TemporaryDirectory()
        let (journal, path) = try journal(in: dir)
        var writes = 0
        let journalFile = journal.fd
        journal.disk.write = { fd, bytes, offset in
            if fd == journalFile { writes += 1 }
            if writes == 3 { return (-1, EIO) }
            let n = pwrite(fd, bytes.baseAddress, bytes.count, off_t(offset))
            return (n, n < 0 ? errno : 0)
        }
        try journal.append([event])
        try journal.append([event])
        let after2 = readBytes(path)
        #expect(throws: JournalError.notSaved("writing failed: Input/output error")) { try journal.append([event]) }
        #expect(readBytes(path) == after2)
        #expect(try Journal.verify(at: path).goodRecords == SampleScenario.events().count + 2)
    }

    @Test func aFailedFolderSyncOnCreationLeavesNoJournal() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("new.jsonl")
        var disk = DiskCalls.system
        disk.syncDirectory = { folder throws(JournalError) in
            throw JournalError.io(operation: "sync the folder", path: folder, reason: "Input/output error")
        }
        #expect(throws: JournalError.io(operation: "sync the folder", path: path, reason: "Input/output error")) {
            try Journal.create(at: path, id: "x", now: { now }, disk: disk)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// Every write goes through the disk seam, the commit log's and the
    /// journal's cut included: a failing write to the log is not saved, and
    /// the lines already written to the journal are taken back.
    @Test func aFailedCommitLogWriteIsNotSaved() throws {
        let dir = TemporaryDirectory()
        let (journal, path) = try journal(in: dir)
        let before = readBytes(path)
        let journalFD = journal.fd
        var truncated: [Int] = []
        journal.disk.write = { fd, bytes, offset in
            if fd != journalFD { return (-1, EIO) }
            let n = pwrite(fd, bytes.baseAddress, bytes.count, off_t(offset))
            return (n, n < 0 ? errno : 0)
        }
        journal.disk.truncate = { fd, length in
            truncated.append(length)
            return ftruncate(fd, off_t(length)) == 0 ? 0 : errno
        }
        #expect(throws: JournalError.notSaved("writing the commit log failed: Input/output error")) { try journal.append([event]) }
        #expect(truncated == [before.count], "the journal's lines were not taken back through the seam")
        try expectStoppedAndIntact(journal, path, before: before, reason: "writing the commit log failed: Input/output error")
    }

    /// A snapshot whose write fails leaves neither a snapshot nor its temporary file.
    @Test func aFailedSnapshotWriteLeavesNothing() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.jsonl")
        var disk = DiskCalls.system
        disk.write = { _, _, _ in (-1, ENOSPC) }
        let key = SnapshotKey(journalID: "x", length: 10, lastLineStart: 0, sequence: 1, hash: String(repeating: "0", count: 64))
        #expect(throws: JournalError.self) { try SnapshotFile.write(CaseFile(replaying: SampleScenario.events()), key: key, for: path, disk: disk) }
        #expect(!FileManager.default.fileExists(atPath: SnapshotFile.path(for: path)))
        #expect(!FileManager.default.fileExists(atPath: SnapshotFile.path(for: path) + ".partial"))
    }
}
