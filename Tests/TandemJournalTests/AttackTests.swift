import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TandemCore
import TandemSample
import TestSupport
@testable import TandemJournal

/// What an attack on the journal found (kills, power-cut patterns, files
/// changed under a console, hostile files): "Saved" and "intact" both hold.
@Suite struct AttackTests {
    let clock = { Timestamp(secondsSinceEpoch: 1_444_000_000) }

    func events(_ count: Int, seed: UInt64) -> [Event] {
        var casework = SyntheticCasework(seed: seed)
        return (0..<count).map { _ in casework.next()! }
    }

    func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// A closed journal of `count` one-event commits, without its commit log (damage it does not vouch for stays damage).
    func closedJournal(_ path: String, id: String, count: Int) throws {
        let opened = try Journal.create(at: path, id: id, now: clock)
        try opened.journal.appendEach(events(count, seed: 1))
        opened.journal.close()
        unlink(CommitLog.path(for: path))
    }

    /// A journal made, then its snapshot made (replayed from 10 events on).
    func journalWithSnapshot(_ path: String, id: String) throws {
        let opened = try Journal.create(at: path, id: id, now: clock)
        try opened.journal.append(events(30, seed: 1))
        opened.journal.close()
        let first = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 10, now: clock)
        first.journal.startDeferredWork()
        first.journal.finishDeferredWork(waitingAtMost: 30)
        first.journal.close()
    }

    /// A journal of `single` one-event commits, then one batch of `batched` events; returns the bytes before the batch.
    func journalWithBatch(_ path: String, single: Int = 5, batched: Int = 40) throws -> [UInt8] {
        let opened = try Journal.create(at: path, id: "batch", now: clock)
        try opened.journal.appendEach(events(single, seed: 1))
        let before = readBytes(path)
        try opened.journal.append(events(batched, seed: 2))
        opened.journal.close()
        return before
    }

    @Test func aCommitOfSeveralEventsMarksItsFirstAndLastLine() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        _ = try journalWithBatch(path, single: 2, batched: 3)
        let lines = readText(path).split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(!lines[1].contains("\"batch\"") && !lines[2].contains("\"batch\""))
        #expect(lines[3].hasPrefix(#"{"seq":3,"batch":"first","#))
        #expect(!lines[4].contains("\"batch\""))
        #expect(lines[5].hasPrefix(#"{"seq":5,"batch":"last","#))
        #expect(try Journal.verify(at: path).isIntact)
    }

    /// Finding 1: a batch cut short anywhere after its first byte counts for
    /// nothing: no reader sees any of it, `verify` says so, and an opening
    /// writer sets the whole batch aside, after which the journal verifies.
    @Test func aBatchCutShortAnywhereIsSetAsideWhole() throws {
        let dir = TemporaryDirectory()
        let whole = dir.file("whole.jsonl")
        let before = try journalWithBatch(whole, batched: 12)
        let bytes = readBytes(whole)
        var cuts = 0
        for cut in stride(from: before.count + 1, to: bytes.count, by: 37) {
            cuts += 1
            let path = dir.file("cut-\(cut).jsonl")
            writeBytes(path, Array(bytes[..<cut]))
            let report = try Journal.verify(at: path)
            #expect(!report.isIntact && report.goodRecords == 5, "cut at \(cut)")
            // Inside its first line, the batch's tail is that line cut short; after it, the batch unfinished.
            #expect(report.firstProblem?.offset == before.count, "cut at \(cut)")
            let firstLineEnd = bytes[before.count...].firstIndex(of: 0x0A)!
            if cut > firstLineEnd {
                #expect(report.firstProblem?.reason.contains("an unfinished batch") == true, "cut at \(cut)")
            }
            let reader = try Journal.open(at: path, create: false, readOnly: true, now: clock)
            #expect(reader.records.count == 5, "cut at \(cut)")
            reader.journal.close()
            let writer = try Journal.open(at: path, create: false, now: clock)
            #expect(writer.records.count == 5)
            #expect(writer.notices.contains { $0.hasPrefix("Cut a torn last line (record 6, \(cut - before.count) bytes at byte offset \(before.count)") },
                    "\(writer.notices)")
            // What was there stays; in place of the torn bytes, one line noting them, numbered past them.
            let after = readBytes(path)
            #expect(after.starts(with: before) && after[before.count...].filter { $0 == 0x0A }.count == 1, "cut at \(cut)")
            let torn = Array(bytes[before.count..<cut])
            #expect(writer.journal.lastSequence == Journal.lastNumber(setAside: torn, from: 6) + 1, "cut at \(cut)")
            let side = files(in: dir.path).filter { $0.hasPrefix("cut-\(cut).jsonl.torn-") }
            #expect(side.count == 1 && readBytes(dir.file(side[0])) == torn)
            // Writable again; no number a set-aside line had is used again.
            let saved = try writer.journal.append(events(1, seed: 3))
            #expect(saved.map(\.sequence) == [writer.journal.lastSequence] && saved[0].sequence > 6 + torn.split(separator: 0x0A).count - 1)
            writer.journal.close()
            #expect(try Journal.verify(at: path).isIntact)
        }
        #expect(cuts > 10)
    }

    /// Only the note of what was set aside may skip numbers, and only from the next one:
    /// any other line numbered past the next, chained and sealed as it may be, is damage.
    @Test func aLineThatSkipsNumbersIsDamageUnlessItNotesWhatWasSetAside() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let opened = try Journal.create(at: path, id: "skip", now: clock)
        try opened.journal.appendEach(events(3, seed: 1))
        opened.journal.close()
        let bytes = readBytes(path)
        let lastStart = bytes.dropLast().lastIndex(of: 0x0A)! + 1
        let lastHash = JournalLine.hash(bytes[lastStart..<(bytes.count - 1)])
        func verified(_ change: Change) throws -> VerifyReport {
            var position = ChainPosition(sequence: 6, hash: lastHash)   // the next line numbered 7 where 4 comes next
            var line: [UInt8] = []
            Journal.appendLine(for: Event(time: clock(), actor: "tandem", change: change), after: &position, to: &line)
            writeBytes(path, bytes + line)
            return try Journal.verify(at: path)
        }
        func note(from first: Int) -> Change {
            .journalRepaired(JournalRepair(id: "TORN-1", setAside: "j.jsonl.torn-1", bytes: 10, sha256: String(repeating: "a", count: 64),
                                           fromSequence: first, reason: "a torn tail"))
        }
        #expect(try verified(note(from: 4)).isIntact)
        let forged = try verified(.noteAdded(entity: "X", text: "numbered past the next"))
        #expect(!forged.isIntact && forged.firstProblem?.reason == "sequence number 7 where 4 was expected (a line is missing, repeated or out of order)")
        #expect(try !verified(note(from: 5)).isIntact, "a note must skip from the next number")
    }

    /// Another console that reads an unfinished batch (its writer was killed)
    /// sees none of it, and sets it aside before its own commit.
    @Test func aConsoleFollowingAKilledImportNeverSeesHalfOfIt() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let opened = try Journal.create(at: path, id: "follow", now: clock)
        try opened.journal.appendEach(events(3, seed: 1))
        let killed = try Journal.open(at: path, create: false, now: clock)
        _ = try killed.journal.append(events(20, seed: 2))
        killed.journal.close()
        // What a kill during the copy leaves: the batch without its end.
        let bytes = readBytes(path)
        let end = bytes.dropLast().lastIndex(of: 0x0A)! + 1
        writeBytes(path, Array(bytes[..<(end - 100)]))
        #expect(try opened.journal.newRecords().isEmpty)
        let saved = try opened.journal.commit { foreign in
            #expect(foreign.isEmpty)
            return events(1, seed: 9)
        }
        // The numbers of the batch's lines left in the file (4 to 22, the last cut short) are not
        // used again: a note of what was set aside takes 23.
        #expect(saved.map(\.sequence) == [24])
        #expect(try Journal.verify(at: path).goodRecords == 5)
    }

    /// Finding 3: the journal replaced by a copy while a console has it open: nothing is said to be saved.
    @Test func aJournalReplacedUnderAConsoleIsNotWrittenAndSaysWhy() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let opened = try Journal.create(at: path, id: "moved", now: clock)
        try opened.journal.appendEach(events(3, seed: 1))
        let older = readBytes(path)
        _ = try opened.journal.append(events(1, seed: 2))
        // cp older J.new && mv J.new J
        writeBytes(dir.file("j.new"), older)
        #expect(rename(dir.file("j.new"), path) == 0)
        #expect {
            try opened.journal.append(events(1, seed: 3))
        } throws: { error in
            (error as? JournalError)?.description.contains("was replaced by another file while it was open") == true
        }
        #expect(readBytes(path) == older)
        #expect(!opened.journal.isWritable)
    }

    /// Finding 3: the last line rewritten in place at the same size: no save on a broken chain.
    @Test func aLastLineRewrittenInPlaceStopsTheNextSave() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let opened = try Journal.create(at: path, id: "rewritten", now: clock)
        try opened.journal.appendEach(events(3, seed: 1))
        var bytes = readBytes(path)
        let lastStart = bytes.dropLast().lastIndex(of: 0x0A)! + 1
        bytes[lastStart + 40] = bytes[lastStart + 40] == 0x41 ? 0x42 : 0x41
        let fd = open(path, O_WRONLY)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + lastStart, bytes.count - lastStart, off_t(lastStart)) }
        close(fd)
        #expect {
            try opened.journal.append(events(1, seed: 3))
        } throws: { error in
            (error as? JournalError)?.description.contains("was changed on disk while it was open (record 3") == true
        }
        #expect(readBytes(path) == bytes)
    }

    /// Finding 4: zeros over the last three lines (what a crash can leave on
    /// ext4) while the commit log holds those commits: they are put back, the
    /// zeros kept aside, and the next commit takes the next sequence number.
    @Test func zerosOverCommittedLinesArePutBackFromTheLog() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let opened = try Journal.create(at: path, id: "zeros", now: clock)
        try opened.journal.appendEach(events(8, seed: 1))
        let full = readBytes(path)
        let log = readBytes(CommitLog.path(for: path))
        opened.journal.close()
        var lineEnds: [Int] = []
        for (i, b) in full.enumerated() where b == 0x0A { lineEnds.append(i + 1) }
        let threeBack = lineEnds[lineEnds.count - 4]
        writeBytes(path, Array(full[..<threeBack]) + [UInt8](repeating: 0, count: full.count - threeBack))
        writeBytes(CommitLog.path(for: path), log)
        let report = try Journal.verify(at: path)
        #expect(!report.isIntact)
        #expect(report.pending?.contains("3 committed changes") == true)
        let reopened = try Journal.open(at: path, create: false, now: clock)
        #expect(reopened.records.count == 8)
        #expect(reopened.notices.contains { $0.hasPrefix("Restored 3 committed changes") })
        let same = readBytes(path) == full
        #expect(same)
        #expect(try reopened.journal.append(events(1, seed: 2)).map(\.sequence) == [9])
    }

    /// Finding 5: a flipped byte in the last complete line is damage, not a torn tail.
    @Test func aFlippedByteInTheLastCompleteLineIsDamage() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try closedJournal(path, id: "flip", count: 4)
        var bytes = readBytes(path)
        let lastStart = bytes.dropLast().lastIndex(of: 0x0A)! + 1
        bytes[lastStart + 50] ^= 0x04
        writeBytes(path, bytes)
        let reopened = try Journal.open(at: path, create: false, now: clock)
        #expect(reopened.records.count == 3)
        #expect(reopened.journal.access == .readOnly(reason: "damaged at record 4"))
        #expect(readBytes(path) == bytes, "nothing cut")
        #expect(files(in: dir.path).allSatisfy { !$0.contains(".torn-") })
    }

    /// Finding 6: a journal cut back below its snapshot: verify fails and the console says so, read-only.
    @Test func aJournalCutBackBelowItsSnapshotIsReportedNotRemade() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try journalWithSnapshot(path, id: "cutback")
        #expect(FileIO.fileExists(SnapshotFile.path(for: path)))
        let snapshot = readBytes(SnapshotFile.path(for: path))
        // Back to just the header: every record the snapshot stood for is gone.
        let bytes = readBytes(path)
        writeBytes(path, Array(bytes[...bytes.firstIndex(of: 0x0A)!]))
        unlink(CommitLog.path(for: path))
        let report = try Journal.verify(at: path)
        #expect(!report.isIntact && report.snapshotProblem?.contains("shorter than its snapshot") == true)
        let again = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 10, now: clock)
        #expect(!again.journal.isWritable)
        #expect(again.notices.contains { $0.contains("shorter than its snapshot") })
        again.journal.close()
        #expect(readBytes(SnapshotFile.path(for: path)) == snapshot, "the snapshot is not remade")
    }

    /// Finding 8: two torn tails in the same second get names of their own.
    @Test func twoTornTailsInOneSecondAreKeptApart() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try closedJournal(path, id: "torn", count: 2)
        let good = readBytes(path)
        for tail in ["{\"seq\":3,\"ti", "{\"seq\":3,\"tim"] {
            writeBytes(path, good + Array(tail.utf8))
            let reopened = try Journal.open(at: path, create: false, now: clock)
            #expect(reopened.notices.contains { $0.hasPrefix("Cut a torn last line") })
            reopened.journal.close()
        }
        let torn = files(in: dir.path).filter { $0.contains(".torn-") }
        #expect(torn.count == 2 && torn[0] != torn[1])
    }

    /// Finding 8: a torn tail where no side file can be made: the journal opens read-only, untouched, saying why.
    @Test func aTornTailThatCannotBeKeptAsideOpensReadOnly() throws {
        let dir = TemporaryDirectory()
        // A name the side file cannot have (too long once ".torn-…" is added): as a full disk or
        // an unwritable folder would, creating it fails, whoever runs the test.
        let path = dir.file(String(repeating: "j", count: 240) + ".jsonl")
        try closedJournal(path, id: "torn", count: 2)
        let bytes = readBytes(path) + Array("{\"seq\":3".utf8)
        writeBytes(path, bytes)
        let reopened = try Journal.open(at: path, create: false, now: clock)
        #expect(reopened.records.count == 2 && !reopened.journal.isWritable)
        #expect(reopened.notices.contains { $0.contains("could not keep it aside") })
        #expect(readBytes(path) == bytes)
    }

    /// Finding 8: a FIFO as the journal is refused at once (verify used to wait forever).
    @Test func aFIFOIsNotAJournal() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("fifo.jsonl")
        #expect(mkfifo(path, 0o600) == 0)
        #expect(throws: JournalError.io(operation: "open", path: path, reason: "it is a FIFO, not a journal file")) {
            try Journal.verify(at: path)
        }
        #expect(throws: JournalError.io(operation: "open", path: path, reason: "it is a FIFO, not a journal file")) {
            try Journal.open(at: path, create: false, now: clock)
        }
    }

    /// Finding 8: a link planted where the snapshot is written is never followed.
    @Test func aSnapshotIsNeverWrittenThroughALink() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let opened = try Journal.create(at: path, id: "link", now: clock)
        try opened.journal.append(events(30, seed: 1))
        opened.journal.close()
        let target = dir.file("target")
        writeBytes(target, Array("keep me".utf8))
        chmod(target, 0o644)
        #expect(symlink(target, SnapshotFile.path(for: path) + ".partial") == 0)
        let first = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 10, now: clock)
        first.journal.startDeferredWork()
        first.journal.finishDeferredWork(waitingAtMost: 30)
        first.journal.close()
        #expect(readText(target) == "keep me")
    }

    /// Finding 11: a line longer than any event can be is damage, not an event to decode.
    @Test func aLineLongerThanAnyEventIsDamage() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try closedJournal(path, id: "long", count: 2)
        let good = readBytes(path)
        var long = JournalLine.event(Event(time: clock(), actor: "x", change: .noteAdded(entity: "NET-1", text: String(repeating: "a", count: 2 << 20))),
                                     sequence: 3, previousHash: String(repeating: "0", count: 64))
        long.append(0x0A)
        let written = good + long + Array("{\"seq\":4}\n".utf8)
        writeBytes(path, written)
        let report = try Journal.verify(at: path)
        #expect(report.goodRecords == 2)
        #expect(report.firstProblem?.reason.contains("longer than any event can be") == true, "\(String(describing: report.firstProblem))")
        #expect(report.firstProblem?.offset == good.count)
        // Opened, it is damage (read-only, nothing cut), not a torn tail.
        let reopened = try Journal.open(at: path, create: false, now: clock)
        #expect(reopened.records.count == 2 && !reopened.journal.isWritable)
        #expect(readBytes(path) == written)
    }
}
