import Foundation
import TandemCore
import TandemSample
import TestSupport
import Testing
@testable import TandemJournal
import CJournalCalls

/// An import makes its lines on another core while its rows are checked, and
/// keeps them in a staging file until one commit: the journal must come out
/// exactly as if the same events had been appended in one go, lines made for a
/// journal that has moved on meanwhile must be refused, and nothing may be left
/// behind, in the journal or beside it, by lines that were not committed.
@Suite struct PreparedLinesTests {
    let clock = { Timestamp(secondsSinceEpoch: 1_444_000_000) }

    func events(_ count: Int, seed: UInt64 = 5) -> [Event] {
        var casework = SyntheticCasework(seed: seed)
        return (0..<count).map { _ in casework.next()! }
    }

    @Test func linesMadeOnAnotherThreadAreTheLinesAppendManyWrites() throws {
        let dir = TemporaryDirectory()
        let batch = events(9_000)
        let direct = try Journal.create(at: dir.file("direct.jsonl"), id: "same", now: clock)
        #expect(try direct.journal.appendMany(batch) == 9_000)
        let made = try Journal.create(at: dir.file("made.jsonl"), id: "same", now: clock)
        let maker = LineMaker(try made.journal.beginLines(actor: "importer"))
        for event in batch { maker.add(event) }
        let lines = maker.finish()
        #expect(lines.count == 9_000)
        var reported: [Int] = []
        #expect(try made.journal.append(lines) { reported.append($0) } == 9_000)
        #expect(reported.last == 9_000 && reported == reported.sorted())
        #expect(readBytes(dir.file("made.jsonl")) == readBytes(dir.file("direct.jsonl")))
        #expect(made.journal.lastSequence == 9_000)
        // The journal goes on from there, and all of it verifies.
        _ = try made.journal.append(events(1, seed: 21))
        made.journal.close()
        let reopened = try Journal.open(at: dir.file("made.jsonl"), create: false, now: clock)
        #expect(reopened.records.count == 9_001 && reopened.notices.isEmpty)
    }

    @Test func linesMadeBeforeAnotherCommitAreRefusedAndNothingIsWritten() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let mine = try Journal.create(at: path, id: "moved", now: clock)
        let batch = events(50)
        let lines = try mine.journal.beginLines(actor: "importer")
        for event in batch { lines.add(event) }
        // Another console commits first.
        let other = try Journal.open(at: path, create: false, now: clock)
        _ = try other.journal.append(events(1, seed: 9))
        let before = readBytes(path)
        #expect(throws: JournalError.stale(1)) { try mine.journal.append(lines) }
        #expect(readBytes(path) == before)
        // So too when this handle itself committed after the lines were begun.
        let late = try mine.journal.beginLines(actor: "importer")
        for event in batch { late.add(event) }
        _ = try mine.journal.append(events(1, seed: 13))
        #expect(throws: JournalError.stale(1)) { try mine.journal.append(late) }
        #expect(mine.journal.lastSequence == 2)
    }

    @Test func noLinesWriteNothing() throws {
        let dir = TemporaryDirectory()
        let opened = try Journal.create(at: dir.file("j.jsonl"), id: "empty", now: clock)
        let before = readBytes(dir.file("j.jsonl"))
        #expect(try opened.journal.append(LineMaker(try opened.journal.beginLines(actor: "importer")).finish()) == 0)
        #expect(readBytes(dir.file("j.jsonl")) == before)
    }

    /// Through the page cache, or straight to the disk in whole blocks with a
    /// part-block held back between batches: the same bytes either way.
    @Test(arguments: [true, false]) func aNewJournalIsMadeAsideAndAppearsWhole(direct: Bool) throws {
        let dir = TemporaryDirectory()
        let batch = events(30_000)   // several pieces of lines, in one commit
        let reference = try Journal.create(at: dir.file("reference.jsonl"), id: "same", now: clock)
        try reference.journal.append(batch)
        let path = dir.file("deeper/new.jsonl")
        var disk = DiskCalls.system
        disk.openUnnamed = { folder, _ in tandem_open_unnamed(folder, direct ? 1 : 0) }
        let lines = try Journal.beginNew(at: path, id: "same", now: clock, disk: disk)
        let maker = LineMaker(lines)
        for event in batch { maker.add(event) }
        _ = maker.finish()
        // Nothing has a name until the commit: not the journal, not its staging file.
        #expect(!FileIO.fileExists(path))
        #expect(names(in: dir.file("deeper")).isEmpty)
        #expect(try Journal.create(with: lines) == 30_000)
        let same = readBytes(path) == readBytes(dir.file("reference.jsonl"))
        #expect(same)
        #expect(names(in: dir.file("deeper")) == ["new.jsonl"])
        #expect(permissions(path) == 0o600 && permissions(dir.file("deeper")) == 0o700)
        let reopened = try Journal.open(at: path, create: false, now: clock)
        #expect(reopened.records.count == 30_000 && reopened.notices.isEmpty)
        _ = try reopened.journal.append(events(1, seed: 21))
    }

    @Test func linesWrittenStraightToTheDiskAreReadBackForAnExistingJournal() throws {
        let dir = TemporaryDirectory()
        let batch = events(30_000, seed: 6)
        let plain = try Journal.create(at: dir.file("plain.jsonl"), id: "same", now: clock)
        _ = try plain.journal.append(events(2, seed: 1))
        try plain.journal.append(batch)
        let made = try Journal.create(at: dir.file("made.jsonl"), id: "same", now: clock)
        _ = try made.journal.append(events(2, seed: 1))
        made.journal.disk.openUnnamed = { folder, _ in tandem_open_unnamed(folder, 1) }
        let lines = try made.journal.beginLines(actor: "importer")
        for event in batch { lines.add(event) }
        #expect(try made.journal.append(lines) == 30_000)
        let same = readBytes(dir.file("made.jsonl")) == readBytes(dir.file("plain.jsonl"))
        #expect(same)
    }

    @Test func withoutUnnamedFilesTheStagingFileIsNamedAndRemoved() throws {
        let dir = TemporaryDirectory()
        var disk = DiskCalls.system
        disk.openUnnamed = { _, _ in errno = EOPNOTSUPP; return -1 }
        let batch = events(300)
        let path = dir.file("new.jsonl")
        let lines = try Journal.beginNew(at: path, id: "same", now: clock, disk: disk)
        for event in batch { lines.add(event) }
        #expect(names(in: dir.path) == ["new.jsonl.import-\(getpid())"])
        #expect(try Journal.create(with: lines) == 300)
        #expect(names(in: dir.path) == ["new.jsonl"])
        #expect(try Journal.open(at: path, create: false, now: clock).records.count == 300)
        // Lines never committed leave nothing behind either.
        let opened = try Journal.open(at: path, create: false, now: clock)
        opened.journal.disk = disk
        let before = readBytes(path)
        do {
            let dropped = try opened.journal.beginLines(actor: "importer")
            for event in events(10, seed: 8) { dropped.add(event) }
            #expect(names(in: dir.path).count == 3)
        }
        #expect(names(in: dir.path) == ["new.jsonl", "new.jsonl.commits"])
        #expect(readBytes(path) == before)
    }

    @Test func aFileThatAppearsMeanwhileIsNeverReplaced() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("new.jsonl")
        let lines = try Journal.beginNew(at: path, now: clock)
        for event in events(100) { lines.add(event) }
        let other = try Journal.create(at: path, id: "other", now: clock)
        _ = try other.journal.append(events(1, seed: 9))
        let theirs = readBytes(path)
        #expect {
            try Journal.create(with: lines)
        } throws: { error in
            guard case JournalError.io(_, _, let reason) = error else { return false }
            return reason.contains("appeared while the import was checked")
        }
        #expect(readBytes(path) == theirs)
        #expect(names(in: dir.path) == ["new.jsonl", "new.jsonl.commits"])
        #expect(throws: JournalError.io(operation: "create", path: path, reason: "it exists")) {
            try Journal.beginNew(at: path, now: clock)
        }
    }

    @Test func aFailedWriteToTheStagingFileCommitsNothing() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let opened = try Journal.create(at: path, id: "full", now: clock)
        _ = try opened.journal.append(events(3))
        let before = readBytes(path)
        var full = DiskCalls.system
        full.write = { _, _, _ in (-1, ENOSPC) }
        opened.journal.disk = full
        let lines = try opened.journal.beginLines(actor: "importer")
        opened.journal.disk = .system
        for event in events(20_000, seed: 3) { lines.add(event) }   // more than one piece
        #expect(lines.count == 20_000)
        #expect {
            try opened.journal.append(lines)
        } throws: { error in
            (error as? JournalError)?.description.contains("write the import's lines beside") == true
                && (error as? JournalError)?.description.contains("No space left on device") == true
        }
        #expect(readBytes(path) == before)
        #expect(opened.journal.isWritable && opened.journal.lastSequence == 3)
        // A new journal whose staging file cannot be written is never made.
        let fresh = dir.file("new.jsonl")
        #expect(throws: JournalError.self) {
            let newLines = try Journal.beginNew(at: fresh, now: clock, disk: full)
            try Journal.create(with: newLines)
        }
        #expect(!FileIO.fileExists(fresh))
    }

    @Test func aNewJournalTheDiskDoesNotConfirmIsNeverNamed() throws {
        let dir = TemporaryDirectory()
        var failing = DiskCalls.system
        failing.sync = { _ in EIO }
        let path = dir.file("new.jsonl")
        let lines = try Journal.beginNew(at: path, now: clock, disk: failing)
        for event in events(50) { lines.add(event) }
        #expect(throws: JournalError.notSaved("the disk did not confirm the import (fsync: Input/output error)")) {
            try Journal.create(with: lines)
        }
        #expect(names(in: dir.path).isEmpty)
    }

    private func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    private func permissions(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mode & 0o777) : -1
    }
}
