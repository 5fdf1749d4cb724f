import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TandemCore
import TandemSample
import TestSupport
@testable import TandemJournal

/// A commit is made durable in the commit log beside the journal, so that the
/// journal need not be synced (and grow on disk) at every commit. What must
/// hold: the journal is always complete for readers; after the computer stops
/// at any moment, every commit that returned is in the journal once it is
/// opened for writing again, byte for byte; and nothing in a commit log is
/// ever put into a journal that holds something else.
@Suite struct CommitLogTests {
    let clock = { Timestamp(secondsSinceEpoch: 1_444_000_000) }

    func events(_ count: Int, seed: UInt64) -> [Event] {
        var casework = SyntheticCasework(seed: seed)
        return (0..<count).map { _ in casework.next()! }
    }

    /// What has reached the disk: each file's content as of its last sync.
    final class DiskModel: @unchecked Sendable {
        var durable: [String: [UInt8]] = [:]
        var synced: [String] = []

        static func path(of fd: Int32) -> String {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) ?? "?"
        }

        var calls: DiskCalls {
            var calls = DiskCalls.system
            calls.sync = { [self] fd in
                let code = fdatasync(fd) == 0 ? Int32(0) : errno
                let path = Self.path(of: fd)
                synced.append(path)
                if code == 0 { durable[path] = readBytes(path) }
                return code
            }
            return calls
        }
    }

    @Test func laterCommitsSyncTheLogAndTheJournalIsAlwaysWhole() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let opened = try Journal.create(at: path, id: "log", now: clock)
        let model = DiskModel()
        opened.journal.disk = model.calls
        var expected = readBytes(path)
        for (index, event) in events(40, seed: 2).enumerated() {
            _ = try opened.journal.append([event])
            expected = readBytes(path)
            #expect(try Journal.verify(at: path).goodRecords == index + 1)
        }
        let logPath = CommitLog.path(for: path)
        // Every commit syncs only the log, which never changes length (the journal was synced when it was made).
        #expect(model.synced.allSatisfy { $0 == logPath } && model.synced.count == 40)
        var info = stat()
        #expect(stat(logPath, &info) == 0 && Int(info.st_size) == CommitLog.defaultSize && info.st_mode & 0o777 == 0o600)
        // Closing syncs the journal itself.
        opened.journal.close()
        let durable = model.durable[path] == expected
        #expect(model.synced.last == path && durable)
    }

    @Test func noCommittedChangeIsLostWhenTheComputerStops() throws {
        var dice = ScenarioDice(state: 0x90_11)
        var roundsWithLoss = 0
        for round in 0..<30 {
            let dir = TemporaryDirectory()
            let path = dir.file("j.jsonl")
            try Journal.create(at: path, id: "cut-\(round)", now: clock).journal.close()
            // A small commit log, filled every dozen commits or so.
            unlink(CommitLog.path(for: path))
            _ = try CommitLog.open(for: path, journalID: "cut-\(round)", size: 4096, disk: .system)
            let model = DiskModel()
            model.durable[path] = readBytes(path)
            let handles = try (0..<2).map { _ in try Journal.open(at: path, create: false, now: clock).journal }
            for handle in handles { handle.disk = model.calls }
            var seed: UInt64 = 1
            for _ in 0..<dice.roll(70) {
                seed += 1
                let handle = handles[dice.roll(4) == 0 ? 1 : 0]
                switch dice.roll(20) {
                case 0:
                    _ = try handle.newRecords()
                    try handle.appendMany(events(30, seed: seed))
                case 1, 2: _ = try handle.commit { _ in events(8, seed: seed) }   // more than a small log holds
                default: _ = try handle.commit { _ in events(1, seed: seed) }
                }
            }
            let committed = readBytes(path)
            let logPath = CommitLog.path(for: path)
            let durableJournal = model.durable[path] ?? []
            let synced = committed.starts(with: durableJournal)
            #expect(synced)
            // The computer stops: the journal keeps what was synced and perhaps some of what came after.
            let kept = durableJournal.count + dice.roll(committed.count - durableJournal.count + 1)
            let after = TemporaryDirectory()
            writeBytes(after.file("j.jsonl"), Array(committed[..<kept]))
            if let log = model.durable[logPath] ?? (FileManager.default.fileExists(atPath: logPath) ? readBytes(logPath) : nil) {
                writeBytes(after.file("j.jsonl.commits"), log)
            }
            let lost = kept < committed.count
            if lost { roundsWithLoss += 1 }
            // A reader is told; verify says so; a writer puts every committed line back.
            let reader = try Journal.open(at: after.file("j.jsonl"), create: false, readOnly: true, now: clock)
            #expect(reader.notices.contains { $0.contains("not yet in the journal") } == lost, "round \(round)")
            #expect((try Journal.verify(at: after.file("j.jsonl")).pending != nil) == lost)
            reader.journal.close()
            let writer = try Journal.open(at: after.file("j.jsonl"), create: false, now: clock)
            #expect(writer.notices.contains { $0.hasPrefix("Restored ") } == lost, "round \(round): \(writer.notices)")
            let whole = readBytes(after.file("j.jsonl")) == committed
            #expect(whole, "round \(round): kept \(kept) of \(committed.count)")
            #expect(try Journal.verify(at: after.file("j.jsonl")).isIntact)
            // And it goes on from there.
            _ = try writer.journal.append(events(1, seed: 999))
            writer.journal.close()
            #expect(try Journal.verify(at: after.file("j.jsonl")).goodRecords == writer.records.count + 1)
        }
        #expect(roundsWithLoss >= 10)
    }

    @Test func aLogPutsBackWhatTheJournalHoldsOtherwiseAndKeepsWhatItReplaces() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let opened = try Journal.create(at: path, id: "mine", now: clock)
        for event in events(6, seed: 4) { _ = try opened.journal.append([event]) }
        opened.journal.close()
        let log = readBytes(CommitLog.path(for: path))
        let full = readBytes(path)
        // The journal ends short of what the log holds, and what it has of the
        // last line is not the line the log holds (one byte differs): the log's line is put back.
        let lastStart = full.dropLast().lastIndex(of: 0x0A)! + 1
        var different = Array(full.dropLast(5))
        different[lastStart + 30] ^= 0x01
        writeBytes(path, different)
        writeBytes(CommitLog.path(for: path), log)
        let reopened = try Journal.open(at: path, create: false, now: clock)
        #expect(reopened.notices.contains { $0.hasPrefix("Restored 1 committed change the journal held damaged or as zeros") })
        let restored = readBytes(path) == full
        #expect(restored)
        let side = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix("j.jsonl.replaced-") }
        #expect(side.count == 1)
        #expect(side.first.map { readBytes(dir.file($0)) } == Array(different[(lastStart + 30)...]))
        #expect(reopened.records.count == 6 && reopened.journal.isWritable)
        reopened.journal.close()
        // A log beside a new journal of the same name belongs to the old one: never read, started afresh.
        unlink(path)
        let fresh = try Journal.create(at: path, id: "new", now: clock)
        fresh.journal.close()
        writeBytes(CommitLog.path(for: path), log)
        let header = readBytes(path)
        let again = try Journal.open(at: path, create: false, now: clock)
        #expect(readBytes(path) == header && again.notices.isEmpty)
        _ = try again.journal.append(events(1, seed: 5))
        _ = try again.journal.append(events(1, seed: 6))
        // Both commits went to the log, started afresh: nothing of the old journal's is left in it.
        let records = CommitLog.records(in: readBytes(CommitLog.path(for: path)), journalID: "new")
        #expect(records.count == 2 && records[0].offset == header.count)
    }

    @Test func aFailedLogWriteIsWithdrawnAndNotPutBackLater() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let opened = try Journal.create(at: path, id: "fail", now: clock)
        _ = try opened.journal.append(events(1, seed: 1))
        _ = try opened.journal.append(events(1, seed: 2))
        let before = readBytes(path)
        var failing = DiskCalls.system
        var syncs = 0
        failing.sync = { fd in
            syncs += 1
            return syncs == 1 ? EIO : (fdatasync(fd) == 0 ? 0 : errno)
        }
        opened.journal.disk = failing
        #expect(throws: JournalError.notSaved("the disk did not confirm the write (fsync: Input/output error)")) {
            try opened.journal.append(events(1, seed: 3))
        }
        let unchanged = readBytes(path) == before
        #expect(unchanged)
        opened.journal.close()
        let reopened = try Journal.open(at: path, create: false, now: clock)
        #expect(reopened.records.count == 2 && !reopened.notices.contains { $0.hasPrefix("Restored ") })
    }

    @Test func recordsAreReadOnlyWhileWholeAndInSequence() {
        let lines = Array("{\"seq\":1}\n".utf8)
        var log = CommitLog.fileHeader(journalID: "id")
        log += CommitLog.record(of: lines, at: 100)
        log += CommitLog.record(of: lines, at: 100 + lines.count)
        let two = log
        log += CommitLog.record(of: lines, at: 5)   // left over from before: does not follow on
        log += CommitLog.record(of: lines, at: 100 + 2 * lines.count)
        #expect(CommitLog.records(in: log, journalID: "id").map(\.offset) == [100, 100 + lines.count])
        #expect(CommitLog.records(in: log, journalID: "another").isEmpty)
        var flipped = two
        flipped[flipped.count - 3] ^= 0x01
        #expect(CommitLog.records(in: flipped, journalID: "id").count == 1)
        #expect(CommitLog.records(in: Array(two.dropLast()), journalID: "id").count == 1)
    }
}

/// A small deterministic generator for the scenarios above.
struct ScenarioDice {
    var state: UInt64
    mutating func roll(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(max(n, 1)))
    }
}
