#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Testing
import TandemCore
import TandemSample
import TestSupport
@testable import TandemJournal

/// The snapshot of the case file kept beside a journal: exact, checked, never
/// trusted beyond what the journal still says, and never a way to write to a
/// journal that has not been verified.
@Suite struct SnapshotTests {
    static func now() -> Timestamp { SampleScenario.created }
    let seal = SymmetricKey(size: .bits256)

    /// Finding 2 of the attack: a network's name changed in the snapshot, its
    /// trailing SHA-256 recomputed (all a forger without this installation's
    /// key can do): the snapshot is not read, so the forged name is never shown
    /// nor written through, and a true one is made again.
    @Test func aForgedSnapshotIsNeitherShownNorWrittenThrough() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let created = try Journal.create(at: path, id: "forged", now: Self.now)
        created.journal.signers = sampleSigners
        try created.journal.appendEach(SampleScenario.events())
        created.journal.close()
        let first = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 100, now: Self.now)
        first.journal.startDeferredWork()
        first.journal.finishDeferredWork(waitingAtMost: 30)
        first.journal.close()
        var bytes = readBytes(SnapshotFile.path(for: path))
        let name = Array("Andaman trawler crews".utf8)
        let forged = Array("Andaman trawler CREWS".utf8)
        guard let at = (0...(bytes.count - name.count)).first(where: { bytes[$0..<($0 + name.count)].elementsEqual(name) }) else {
            Issue.record("the network's name is not in the snapshot"); return
        }
        bytes.replaceSubrange(at..<(at + name.count), with: forged)
        bytes.removeLast(32)
        bytes += SHA256.hash(data: bytes)
        writeBytes(SnapshotFile.path(for: path), bytes)
        let opened = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 100, now: Self.now)
        #expect(!opened.fromSnapshot)
        #expect(opened.caseFile.networks["NET-7KQ2"]?.name == "Andaman trawler crews")
        opened.journal.startDeferredWork()
        opened.journal.finishDeferredWork(waitingAtMost: 30)
        opened.journal.close()
        // Made again, sealed: the next opening reads it, with the true name.
        let again = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 100, now: Self.now)
        #expect(again.fromSnapshot && again.caseFile.networks["NET-7KQ2"]?.name == "Andaman trawler crews")
        again.journal.close()
    }

    func synthetic(_ count: Int, seed: UInt64 = 11) -> [Event] {
        var casework = SyntheticCasework(seed: seed)
        return (0..<count).map { _ in casework.next()! }
    }

    /// A journal at `path` holding `events`, written as one bulk append.
    func journal(at path: String, id: String = "snapshot-test", _ events: [Event]) throws {
        let opened = try Journal.create(at: path, id: id, now: Self.now)
        try opened.journal.appendMany(events)
        opened.journal.close()
    }

    /// Opens the journal as the console does and lets the work deferred until
    /// after the first frame end (the check, and the snapshot when one is due).
    func settled(_ path: String, readOnly: Bool = false, snapshotAfter: Int = 100) throws -> OpenedCaseFile {
        let opened = try Journal.openCaseFile(at: path, create: false, readOnly: readOnly, snapshotAfter: snapshotAfter, now: Self.now)
        opened.journal.startDeferredWork()
        opened.journal.finishDeferredWork(waitingAtMost: 30)
        return opened
    }

    func key(_ sequence: Int) -> SnapshotKey {
        SnapshotKey(journalID: "j", length: 1000, lastLineStart: 900, sequence: sequence, hash: String(repeating: "a", count: 64))
    }

    @Test func everyFieldOfEveryKindComesBackTheSame() throws {
        for events in [SampleScenario.events(), synthetic(20_000)] {
            let file = CaseFile(replaying: events)
            let (key, back) = try SnapshotFile.decode(SnapshotFile.encode(file, key: key(events.count), sealedWith: seal), sealedWith: seal)
            #expect(key == self.key(events.count))
            #expect(back == file)
            // Lookups by code work in the restored tables too.
            for enquiry in file.enquiries.all.prefix(50) { #expect(back.enquiries[enquiry.reference] == enquiry) }
        }
        // The sample has every kind of record the synthetic casework lacks.
        let sample = CaseFile(replaying: SampleScenario.events())
        #expect(!sample.users.all.isEmpty && !sample.focalPoints.all.isEmpty && !sample.activities.isEmpty
                && !sample.victims.all.isEmpty && !sample.operations.all.isEmpty)
    }

    /// A field added to a kind of record must be written in the snapshot too
    /// (the round trip above only sees fields the sample and generator fill in).
    /// How many fields `CaseFileSnapshot` writes for each kind is held here.
    @Test func everyFieldOfEveryKindOfRecordIsWrittenInTheSnapshot() {
        let written: [String: Int] = [
            "User": 5, "Agency": 5, "FocalPoint": 11, "Network": 11, "Suspect": 7, "Victim": 9, "JointInvestigation": 13,
            "Extension": 3, "ActionItem": 5, "Enquiry": 19, "Referral": 8, "Operation": 8, "Outcome": 6, "Activity": 8,
            "Note": 4, "Link": 2, "ExportRecord": 9, "RecordStamp": 5, "FieldChange": 4, "HandlingDowngrade": 5,
        ]
        #expect(SnapshotSchema.recordFields.count == written.count)
        for fields in SnapshotSchema.recordFields {
            #expect(fields.count - 1 == written[fields[0]],
                    "\(fields[0]) has \(fields.dropFirst().joined(separator: ", ")): write each field in CaseFileSnapshot, both ways, then change its count here")
        }
        // The fingerprint names them, so a snapshot of records laid out otherwise is not read.
        #expect(SnapshotSchema.description.contains("Enquiry,reference,subject,drafted"))
    }

    @Test func numbersOfEverySizeComeBackTheSame() throws {
        var w = SnapshotWriter()
        let values = [0, 1, -1, 63, -64, 64, 127, 128, -129, 1 << 20, Int.max, Int.min, -987_654_321]
        for value in values { w.int(value) }
        let back = w.bytes.withUnsafeBytes { raw in
            var r = SnapshotReader(raw)
            return values.map { _ in (try? r.int()) ?? 0 } + [r.isAtEnd ? 1 : 0]
        }
        #expect(back == values + [1])
    }

    /// A snapshot cut short or changed anywhere is refused, never read as good:
    /// the checksum catches every flip, and the reader itself refuses to run
    /// past the end, whatever the cut.
    @Test func aDamagedSnapshotIsRefused() throws {
        let bytes = SnapshotFile.encode(CaseFile(replaying: SampleScenario.events()), key: key(488), sealedWith: seal)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var flipped = bytes
            let at = Int.random(in: 0..<bytes.count, using: &random)
            flipped[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            #expect(throws: SnapshotDamaged.self) { try SnapshotFile.decode(flipped, sealedWith: seal) }
        }
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
            #expect(throws: SnapshotDamaged.self) { try SnapshotFile.decode(Array(bytes[..<cut]), sealedWith: seal) }
            // Past the checksum: the reader meets the cut itself.
            let body = Array(bytes[SnapshotFile.magic.count..<max(SnapshotFile.magic.count, cut - 32)])
            body.withUnsafeBytes { raw in
                var r = SnapshotReader(raw)
                _ = try? r.string()
                #expect(throws: SnapshotDamaged.self) {
                    _ = try r.string(); _ = try r.int(); _ = try r.int(); _ = try r.int(); _ = try r.string()
                    _ = try CaseFileSnapshot.decode(&r)
                }
            }
        }
    }

    /// The key alone, as `verify` and `repair` read it to tell whether the
    /// journal still holds what the snapshot stood for: the same as the whole
    /// decoding gives, read in pieces of any size, and refused for every flip and
    /// cut that the whole decoding refuses.
    @Test func theKeyAloneIsReadUnderTheSameSeal() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl.snapshot")
        let bytes = SnapshotFile.encode(CaseFile(replaying: SampleScenario.events()), key: key(488), sealedWith: seal)
        func keyInFile(_ content: [UInt8], pieceSize: Int = 1 << 20) throws(SnapshotDamaged) -> SnapshotKey {
            writeBytes(path, content)
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            return try SnapshotFile.key(of: fd, path: path, sealedWith: seal, pieceSize: pieceSize)
        }
        for pieceSize in [1 << 20, 4096, 7, 1] {
            #expect(try keyInFile(bytes, pieceSize: pieceSize) == key(488))
        }
        #expect(throws: SnapshotDamaged.self) {
            try keyInFile(SnapshotFile.encode(CaseFile(), key: key(1), sealedWith: SymmetricKey(size: .bits256)))
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            var flipped = bytes
            let at = Int.random(in: 0..<bytes.count, using: &random)
            flipped[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            #expect(throws: SnapshotDamaged.self) { try keyInFile(flipped, pieceSize: 997) }
        }
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 100)) {
            #expect(throws: SnapshotDamaged.self) { try keyInFile(Array(bytes[..<cut])) }
        }
    }

    @Test func aSnapshotOfAnotherSchemaIsNotRead() throws {
        var bytes = SnapshotFile.encode(CaseFile(), key: key(1), sealedWith: seal)
        // The fingerprint follows the magic line; change one of its digits and seal again.
        let at = SnapshotFile.magic.count + 1
        bytes[at] = bytes[at] == 0x30 ? 0x31 : 0x30
        bytes.removeLast(32)
        bytes = SnapshotFile.sealed(bytes, key: seal)
        #expect(throws: SnapshotDamaged.self) { try SnapshotFile.decode(bytes, sealedWith: seal) }
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl.snapshot")
        writeBytes(path, bytes)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        #expect(throws: SnapshotDamaged.self) { try SnapshotFile.key(of: fd, path: path, sealedWith: seal) }
    }

    /// Opened once in full (the snapshot is made), then again after more
    /// events: the second opening reads only the new lines and gives the same
    /// case file as reading everything.
    @Test func aSecondOpeningReadsOnlyTheLinesAfterTheSnapshot() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.jsonl")
        let events = synthetic(3_000)
        try journal(at: path, Array(events.prefix(2_000)))

        let first = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 100, now: Self.now)
        #expect(!first.fromSnapshot && first.replayed == 2_000)
        first.journal.startDeferredWork()
        first.journal.finishDeferredWork(waitingAtMost: 30)
        #expect(FileIO.fileExists(SnapshotFile.path(for: path)))
        #expect(fileMode(SnapshotFile.path(for: path)) == 0o600)
        try first.journal.appendMany(events[2_000...])
        first.journal.close()

        let second = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 100, now: Self.now)
        #expect(second.fromSnapshot && second.replayed == 1_000 && second.count == 3_000)
        #expect(second.caseFile == CaseFile(replaying: events))
        #expect(second.journal.lastSequence == 3_000)
        // Writing waits for the check of the lines the snapshot stood for, then goes ahead.
        let note = Event(time: Self.now(), actor: "tester", change: .noteAdded(entity: events[0].change.entity, text: "checked"))
        try second.journal.append([note])
        #expect(second.journal.readOnlyReason == nil)
        second.journal.finishDeferredWork(waitingAtMost: 30)
        second.journal.close()

        // The second opening replayed 1,000 events: above 100, so a newer snapshot was made.
        let third = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 100, now: Self.now)
        #expect(third.fromSnapshot && third.replayed == 1)
        #expect(third.caseFile == CaseFile(replaying: events + [note]))
        let full = try Journal.openCaseFile(at: path, create: false, useSnapshot: false, now: Self.now)
        #expect(!full.fromSnapshot && full.caseFile == third.caseFile)
    }

    /// A line changed before the snapshot's last line leaves that line as it
    /// was, so the snapshot is used; the check after opening finds the change,
    /// and nothing is ever written to the journal.
    @Test func damageBeforeTheSnapshotIsFoundAndNothingIsWritten() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.jsonl")
        try journal(at: path, synthetic(500))
        try settled(path).journal.close()

        var bytes = readBytes(path)
        let target = bytes.count / 3
        bytes[target] = bytes[target] == UInt8(ascii: "e") ? UInt8(ascii: "f") : UInt8(ascii: "e")
        writeBytes(path, bytes)

        let opened = try Journal.openCaseFile(at: path, create: false, snapshotAfter: 100, now: Self.now)
        #expect(opened.fromSnapshot)
        let note = Event(time: Self.now(), actor: "tester", change: .noteAdded(entity: "X", text: "must not be written"))
        #expect(throws: JournalError.self) { try opened.journal.append([note]) }
        #expect(opened.journal.readOnlyReason?.contains("damaged at record") == true)
        let notices = opened.journal.takeNotices()
        #expect(notices.count == 1 && notices[0].contains("Run `tandem verify`"))
        opened.journal.close()
        #expect(readBytes(path) == bytes)
    }

    /// The check also runs without a commit to wait for it: started after the
    /// first frame, its failure reaches the next look at the journal.
    @Test func theCheckRunsOnItsOwnAndItsFailureIsNoticed() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.jsonl")
        try journal(at: path, synthetic(300))
        try settled(path).journal.close()

        let good = try settled(path)
        #expect(good.fromSnapshot && good.journal.readOnlyReason == nil && good.journal.isWritable)
        good.journal.close()

        var bytes = readBytes(path)
        let thirdLine = bytes.indices.filter { bytes[$0] == 0x0A }[2] + 1
        bytes[thirdLine + 20] ^= 0x01
        writeBytes(path, bytes)
        let bad = try settled(path)
        _ = try bad.journal.newRecords()
        #expect(bad.journal.readOnlyReason != nil && !bad.journal.isWritable)
        #expect(bad.journal.takeNotices().first?.contains("damaged") == true)
    }

    /// A snapshot that does not fit the journal beside it is not used: another
    /// journal moved into its place, a journal cut back below it, a last line
    /// rewritten, a damaged snapshot file.
    @Test func aSnapshotThatDoesNotFitIsNotUsed() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.jsonl")
        let events = synthetic(400)
        try journal(at: path, events)
        try settled(path).journal.close()
        let snapshot = readBytes(SnapshotFile.path(for: path))
        let original = readBytes(path)

        func expectFullReading(_ what: Comment, expected: CaseFile? = nil) throws {
            let opened = try Journal.openCaseFile(at: path, create: false, readOnly: true, snapshotAfter: 100, now: Self.now)
            #expect(!opened.fromSnapshot, what)
            if let expected { #expect(opened.caseFile == expected, what) }
            opened.journal.close()
            writeBytes(path, original)
            writeBytes(SnapshotFile.path(for: path), snapshot)
        }

        // Another journal with the same events but its own id.
        let other = dir.file("other.jsonl")
        try journal(at: other, id: "another", events.prefix(399) + [events[0]])
        writeBytes(path, readBytes(other))
        try expectFullReading("another journal", expected: CaseFile(replaying: events.prefix(399) + [events[0]]))
        // The journal cut back to half its lines (its last line is whole, so it opens).
        let half = original.prefix(through: original[..<(original.count / 2)].lastIndex(of: 0x0A)!)
        writeBytes(path, Array(half))
        try expectFullReading("cut back")
        // The snapshot's bytes damaged.
        var damaged = snapshot
        damaged[damaged.count / 2] ^= 0x40
        writeBytes(SnapshotFile.path(for: path), damaged)
        try expectFullReading("damaged snapshot", expected: CaseFile(replaying: events))
        // Used when all is well.
        let fine = try Journal.openCaseFile(at: path, create: false, readOnly: true, snapshotAfter: 100, now: Self.now)
        #expect(fine.fromSnapshot && fine.replayed == 0 && fine.caseFile == CaseFile(replaying: events))
    }

    /// The temporary file a snapshot is written under: one left by a killed
    /// process is written over, and while another process writes it, this one
    /// leaves the snapshot to that one.
    @Test func theTemporaryFileIsWrittenOverOrLeftToItsWriter() throws {
        let dir = TemporaryDirectory()
        let journal = dir.file("journal.jsonl")
        let partial = SnapshotFile.path(for: journal) + ".partial"
        let file = CaseFile(replaying: SampleScenario.events())
        writeBytes(partial, Array(repeating: 0x41, count: 100_000))
        #expect(try SnapshotFile.write(file, key: key(488), for: journal))
        #expect(!FileIO.fileExists(partial))
        #expect(SnapshotFile.read(for: journal)?.1 == file)

        let other = open(partial, O_WRONLY | O_CREAT, 0o600)
        defer { close(other) }
        #expect(flock(other, LOCK_EX | LOCK_NB) == 0)
        #expect(try !SnapshotFile.write(CaseFile(), key: key(1), for: journal))
        #expect(SnapshotFile.read(for: journal)?.1 == file, "the snapshot being written by another was replaced")
    }

    /// Opened read-only, nothing is saved beside the journal, not even a snapshot.
    @Test func aReadOnlyOpeningMakesNoSnapshot() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.jsonl")
        try journal(at: path, synthetic(300))
        _ = try settled(path, readOnly: true)
        #expect(!FileIO.fileExists(SnapshotFile.path(for: path)))
    }

    /// A small journal is read whole each time; no snapshot is made for it.
    @Test func aSmallJournalHasNoSnapshot() throws {
        let dir = TemporaryDirectory()
        let path = dir.copyOfSample()
        let opened = try settled(path, snapshotAfter: Journal.snapshotAfter)
        #expect(!opened.fromSnapshot && opened.count == SampleScenario.events().count)
        #expect(!FileIO.fileExists(SnapshotFile.path(for: path)))
    }
}
