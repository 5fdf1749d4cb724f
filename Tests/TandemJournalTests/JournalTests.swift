import Foundation
import Testing
import TandemCore
import TandemSample
import TestSupport
@testable import TandemJournal

@Suite struct JournalTests {
    let now = Timestamp(iso8601: "2015-10-20T09:00:00Z")!

    func sampleJournal(in dir: TemporaryDirectory) throws -> String {
        let path = dir.file("journal.jsonl")
        let opened = try Journal.create(at: path, id: SampleScenario.journalID, now: { SampleScenario.created })
        opened.journal.signers = sampleSigners
        try opened.journal.appendEach(SampleScenario.events())
        return path
    }

    func lines(_ path: String) -> [String] {
        readText(path).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func writeThenReopenGivesTheSameState() throws {
        let dir = TemporaryDirectory()
        let path = try sampleJournal(in: dir)
        let events = SampleScenario.events()
        let reopened = try Journal.open(at: path, create: false, now: { now })
        #expect(reopened.notices.isEmpty)
        #expect(reopened.records.map(\.event) == events)
        #expect(reopened.records.map(\.sequence) == Array(1...events.count))
        #expect(CaseFile(replaying: reopened.records.map(\.event)) == CaseFile(replaying: events))
        #expect(reopened.journal.header.id == SampleScenario.journalID)
        #expect(reopened.journal.lastSequence == events.count)
    }

    @Test func recordsCanBeReadFromASequenceNumber() throws {
        let dir = TemporaryDirectory()
        let path = try sampleJournal(in: dir)
        let journal = try Journal.open(at: path, create: false, now: { now }).journal
        journal.signers = sampleSigners
        let events = SampleScenario.events()
        let tail = try journal.records(from: events.count - 2)
        #expect(tail.map(\.sequence) == [events.count - 2, events.count - 1, events.count])
        #expect(tail.map(\.event) == Array(events.suffix(3)))
        #expect(try journal.records(from: events.count + 1).isEmpty)
    }

    @Test func appendAddsOneLinePerEventChainedToTheLast() throws {
        let dir = TemporaryDirectory()
        let path = try sampleJournal(in: dir)
        let before = lines(path)
        let opened = try Journal.open(at: path, create: false, now: { now })
        opened.journal.signers = sampleSigners
        let enquiry = Enquiry(reference: "NEW-1", requesting: CountryCode("NZL")!, requested: CountryCode("LKA")!,
                              channel: .policeToPolice, priority: .urgent, subject: "Unicode: ශ්‍රී ලංකා \u{1B}[2J",
                              drafted: now, due: now.adding(days: 1), handling: .tlpAmber)
        let records = try opened.journal.append([Event(time: now, actor: "liaison", change: .enquiryCreated(enquiry))])
        #expect(records.map(\.sequence) == [before.count - 1])
        let after = lines(path)
        #expect(after.count == before.count + 1)
        #expect(after.last == "")
        let newLine = after[after.count - 2]
        #expect(newLine.contains("\"prev\":\"\(JournalLine.hash(ArraySlice(before[before.count - 2].utf8)))\""))
        #expect(!newLine.unicodeScalars.contains { $0.value == 0x1B }, "an escape byte reached the journal")
        let reopened = try Journal.open(at: path, create: false, now: { now })
        #expect(reopened.records.last?.event.change == .enquiryCreated(enquiry))
    }

    @Test func newJournalIsPrivate() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("nested/tandem/journal.jsonl")
        let opened = try Journal.open(at: path, create: true, now: { now })
        #expect(opened.records.isEmpty)
        #expect(opened.notices == ["Created a new journal at \(path)."])
        #expect(fileMode(path) == 0o600)
        #expect(fileMode(dir.file("nested/tandem")) == 0o700)
        #expect(lines(path).first?.hasPrefix("{\"journal\":\"tandem\",\"version\":1,\"id\":\"") == true)
    }

    @Test func aJournalOthersCanReadIsReported() throws {
        let dir = TemporaryDirectory()
        let path = try sampleJournal(in: dir)
        #expect(try Journal.open(at: path, create: false, now: { now }).notices.isEmpty)
        chmod(path, 0o644)
        chmod(dir.path, 0o755)
        let opened = try Journal.open(at: path, create: false, now: { now })
        opened.journal.signers = sampleSigners
        #expect(opened.notices == [
            "Warning: the journal can be read by other users (mode 644); to close it, run: chmod 600 \(path)",
            "Warning: the journal's folder \(dir.path) is open to other users (mode 755); to close it, run: chmod 700 \(dir.path)",
        ])
    }

    /// The command a warning ends with is copied as it stands: a folder given as
    /// "." read "run chmod 700 .." (its parent) with the sentence's full stop.
    @Test func anExposureWarningsCommandIsTheWholePathQuoted() throws {
        let dir = TemporaryDirectory()
        let folder = dir.path + "/the unit's journals"
        mkdir(folder, 0o700)
        let path = folder + "/journal.jsonl"
        let created = try Journal.create(at: path, id: SampleScenario.journalID, now: { SampleScenario.created })
        created.journal.signers = sampleSigners
        try created.journal.appendEach(Array(SampleScenario.events().prefix(3)))
        chmod(folder, 0o755)
        let opened = try Journal.open(at: path, create: false, now: { now })
        #expect(opened.notices == [
            "Warning: the journal's folder \(folder) is open to other users (mode 755); to close it, run: chmod 700 '\(dir.path)/the unit'\\''s journals'",
        ])
        #expect(FileIO.shellWord("/a/b-c_d.e") == "/a/b-c_d.e")
        #expect(FileIO.shellWord("") == "''")
        #expect(FileIO.shellWord("it's") == #"'it'\''s'"#)
        let here = FileManager.default.currentDirectoryPath
        #expect(FileIO.absolute(".") == here && FileIO.absolute("./x") == here + "/x" && FileIO.absolute("x/y") == here + "/x/y")
        #expect(FileIO.absolute("/y") == "/y")
    }

    @Test func committedSampleDataIsWhatTheScenarioWrites() throws {
        // sample-data/ is rebuilt with `tandem sample-data --out PATH`; this keeps it in step.
        let dir = TemporaryDirectory()
        let path = try sampleJournal(in: dir)
        #expect(readBytes(path) == readBytes(sampleJournalPath))
    }

    @Test func tornLastLineIsCutKeptAsideAndAppendingWorksAfter() throws {
        let dir = TemporaryDirectory()
        let path = try sampleJournal(in: dir)
        let bytes = readBytes(path)
        let lastStart = bytes.dropLast().lastIndex(of: 0x0A)! + 1
        writeBytes(path, Array(bytes[..<(lastStart + 40)]))
        // A write cut short before its commit reached the commit log (one that
        // had reached it would be put back whole: see CommitLogTests).
        unlink(CommitLog.path(for: path))
        let opened = try Journal.open(at: path, create: false, now: { now })
        opened.journal.signers = sampleSigners
        #expect(opened.records.count == SampleScenario.events().count - 1)
        #expect(opened.notices.count == 1)
        #expect(opened.notices[0].contains("Cut a torn last line (record \(SampleScenario.events().count), 40 bytes at byte offset \(lastStart)"))
        #expect(opened.notices[0].hasSuffix("noted in the journal as record \(SampleScenario.events().count + 1) (numbers \(SampleScenario.events().count)–\(SampleScenario.events().count) are not used again)."))
        #expect(Array(readBytes(path)[..<lastStart]) == Array(bytes[..<lastStart]))
        let side = path + ".torn-20151020T090000Z"
        #expect(readBytes(side) == Array(bytes[lastStart..<(lastStart + 40)]))
        #expect(fileMode(side) == 0o600)
        try opened.journal.append([SampleScenario.events().last!])
        opened.journal.close()
        let reopened = try Journal.open(at: path, create: false, now: { now })
        #expect(reopened.notices.isEmpty)
        // The note of what was set aside, then the event again, under a number of its own.
        let note = try #require(reopened.records.first { $0.event.change.type == "journal.repaired" })
        #expect(note.sequence == SampleScenario.events().count + 1 && note.event.actor == "tandem")
        guard case .journalRepaired(let repair) = note.event.change else { return }
        #expect(repair.fromSequence == SampleScenario.events().count && repair.bytes == 40 && repair.setAside == side)
        #expect(reopened.records.last?.sequence == SampleScenario.events().count + 2)
        #expect(reopened.records.filter { $0.event.change.type != "journal.repaired" }.map(\.event) == SampleScenario.events())
    }

    @Test func truncatedAtEveryOffsetOfTheLastThreeRecordsKeepsAllBefore() throws {
        let dir = TemporaryDirectory()
        let path = try sampleJournal(in: dir)
        let bytes = readBytes(path)
        let events = SampleScenario.events()
        var lineEnds: [Int] = []  // offset just past each line's newline
        for (i, b) in bytes.enumerated() where b == 0x0A { lineEnds.append(i + 1) }
        let firstCut = lineEnds[lineEnds.count - 4]  // start of the third record from the end
        let extra = Event(time: now, actor: "s.fernando", change: .networkStatusChanged(code: "NET-W2TD", to: .assessed))
        for cut in firstCut..<bytes.count {
            let copy = dir.file("cut-\(cut).jsonl")
            writeBytes(copy, Array(bytes[..<cut]))
            let whole = lineEnds.filter { $0 <= cut }.count - 1  // records entirely before the cut
            let opened = try Journal.open(at: copy, create: false, now: { now })
            opened.journal.signers = sampleSigners
            #expect(opened.records.map(\.event) == Array(events.prefix(whole)), "cut at \(cut)")
            let atLineEnd = lineEnds.contains(cut)
            #expect(opened.notices.count == (atLineEnd ? 0 : 1), "cut at \(cut): \(opened.notices)")
            if !atLineEnd {
                #expect(opened.notices[0].hasPrefix("Cut a torn last line (record \(whole + 1), \(cut - lineEnds[whole]) bytes at byte offset \(lineEnds[whole])"))
            }
            try opened.journal.append([extra])
            opened.journal.close()
            let report = try Journal.verify(at: copy)
            // A cut inside a line leaves a note of it too (numbered past the line it set aside).
            #expect(report.isIntact && report.goodRecords == whole + 1 + (atLineEnd ? 0 : 1), "cut at \(cut)")
            unlink(copy)
            for side in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where side.contains(".torn-") {
                unlink(dir.file(side))
            }
        }
    }

    @Test func damageBeforeTheLastLineOpensReadOnlyAndNamesTheRecord() throws {
        let dir = TemporaryDirectory()
        let path = try sampleJournal(in: dir)
        var text = lines(path)
        text[2] = text[2].replacingFirst("Suresh", with: "Sudesh")
        #expect(text[2].contains("Sudesh"))
        writeBytes(path, Array(text.joined(separator: "\n").utf8))
        // Damage the commit log does not vouch for (a log that holds the line puts it back: see CommitLogTests).
        unlink(CommitLog.path(for: path))
        let opened = try Journal.open(at: path, create: false, now: { now })
        opened.journal.signers = sampleSigners
        let offset = text[0..<2].reduce(0) { $0 + $1.utf8.count + 1 }
        #expect(opened.records.count == 1)
        #expect(opened.journal.access == .readOnly(reason: "damaged at record 2"))
        #expect(opened.notices.first?.contains("damaged at record 2 (byte offset \(offset))") == true)
        #expect(opened.notices.first?.contains("its checksum does not match its content") == true)
        #expect(readText(path) == text.joined(separator: "\n"), "a damaged journal is never modified")
        #expect(throws: JournalError.readOnly("damaged at record 2")) {
            try opened.journal.append([SampleScenario.events()[0]])
        }
    }

    @Test func twoJournalsOnOneFileBothWriteAndSeeEachOther() throws {
        let dir = TemporaryDirectory()
        let path = try sampleJournal(in: dir)
        let first = try Journal.open(at: path, create: false, now: { now }).journal
        first.signers = sampleSigners
        let second = try Journal.open(at: path, create: false, now: { now }).journal
        second.signers = sampleSigners
        #expect(first.isWritable && second.isWritable)
        let events = SampleScenario.events()
        func note(_ reference: String) -> Event {
            Event(time: now, actor: "liaison", change: .enquiryCreated(Enquiry(
                reference: reference, requesting: CountryCode("AUS")!, requested: CountryCode("THA")!, channel: .interpol,
                priority: .routine, subject: "s", drafted: now, due: now, handling: .h1)))
        }
        try first.append([note("FIRST-1")])
        // Following: the second sees the first's event without reopening.
        #expect(try second.newRecords().map(\.event) == [note("FIRST-1")])
        #expect(try second.newRecords().isEmpty)
        try first.append([note("FIRST-2")])
        // A commit is given what arrived since it last looked, and decides after it.
        var seen: [JournalRecord] = []
        let written = try second.commit { foreign in
            seen = foreign
            return [note("SECOND-1")]
        }
        #expect(seen.map(\.sequence) == [events.count + 2])
        #expect(written.map(\.sequence) == [events.count + 3])
        // A plain append decided without looking is refused once someone else wrote.
        #expect(throws: JournalError.stale(1)) { try first.append([note("FIRST-3")]) }
        #expect(first.lastSequence == events.count + 3)
        let report = try Journal.verify(at: path)
        #expect(report.isIntact)
        #expect(report.goodRecords == events.count + 3)
    }

    @Test func aCommitWaitsForAnotherWritersLockThenGivesUpSayingWhy() throws {
        let dir = TemporaryDirectory()
        let path = try sampleJournal(in: dir)
        let journal = try Journal.open(at: path, create: false, now: { now }).journal
        journal.signers = sampleSigners
        journal.lockPatience = 0.2
        let other = open(path, O_RDWR)
        defer { close(other) }
        #expect(flock(other, LOCK_EX) == 0)
        let before = readBytes(path)
        #expect(throws: JournalError.io(operation: "lock", path: path, reason: "another process has held it for over 200 ms")) {
            try journal.append([SampleScenario.events()[0]])
        }
        #expect(JournalError.io(operation: "lock", path: path, reason: "another process has held it for over 200 ms").description
            == "Could not lock \(path): another process has held it for over 200 ms.")
        #expect(readBytes(path) == before)
        flock(other, LOCK_UN)
        // Once the other lets go, the same journal writes again.
        try journal.append([Event(time: now, actor: "k.perera", change: .networkStatusChanged(code: "NET-W2TD", to: .assessed))])
        #expect(try Journal.verify(at: path).goodRecords == SampleScenario.events().count + 1)
    }

    @Test func readOnlyOpenFollowsButNeverWrites() throws {
        let dir = TemporaryDirectory()
        let path = try sampleJournal(in: dir)
        let reader = try Journal.open(at: path, create: false, readOnly: true, now: { now })
        #expect(reader.notices == ["Read-only: opened with --read-only."])
        let writer = try Journal.open(at: path, create: false, now: { now }).journal
        writer.signers = sampleSigners
        try writer.append([SampleScenario.events()[0]].map { e in
            var copy = e
            copy.change = .networkStatusChanged(code: "NET-W2TD", to: .assessed)
            return copy
        })
        #expect(try reader.journal.newRecords().count == 1)
        #expect(throws: JournalError.readOnly("opened with --read-only")) {
            try reader.journal.append([SampleScenario.events()[0]])
        }
    }

    @Test func filesThatAreNotJournalsAreRefusedInOneSentence() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("notes.txt")
        writeBytes(path, Array("Shopping list\nmilk\n".utf8))
        #expect(throws: JournalError.notAJournal("the first line is not a Tandem journal header")) {
            try Journal.open(at: path, create: false, now: { now })
        }
        writeBytes(path, [])
        #expect(throws: JournalError.notAJournal("the file is empty")) { try Journal.open(at: path, create: false, now: { now }) }
        let newer = Array("{\"journal\":\"tandem\",\"version\":9,\"id\":\"x\",\"created\":\"2015-01-01T00:00:00Z\",\"crc\":\"00000000\"}\n".utf8)
        writeBytes(path, newer)
        #expect(throws: JournalError.newerVersion(9)) { try Journal.open(at: path, create: false, now: { now }) }
        #expect(JournalError.newerVersion(9).description
            == "This journal has format version 9, newer than this tandem reads (1); update tandem to open it.")
        #expect(readBytes(path) == newer, "a refused file is never modified")
        #expect(throws: JournalError.io(operation: "open", path: dir.file("missing.jsonl"), reason: "no such file")) {
            try Journal.open(at: dir.file("missing.jsonl"), create: false, now: { now })
        }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
