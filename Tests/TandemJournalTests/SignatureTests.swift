import Crypto
import Glibc
import TandemCore
import TestSupport
import Testing
@testable import TandemJournal

/// Every commit is signed by its actor's key as the roster then held it, and
/// each change was one the actor's role then allowed: `verify`, a console
/// following another's lines, and the journal itself refuse anything else.
@Suite struct SignatureTests {
    let t0 = Timestamp(secondsSinceEpoch: 1_445_000_000)
    let chief = OfficerKey(user: "a.chief")
    let investigator = OfficerKey(user: "p.inv")
    let liaison = OfficerKey(user: "l.officer")

    func time(_ minutes: Int) -> Timestamp { t0.adding(seconds: Int64(minutes) * 60) }

    /// A unit's journal: the chief, an investigator and a liaison officer, each with a key; one network.
    func unit(in dir: TemporaryDirectory) throws -> String {
        let path = dir.file("unit.jsonl")
        let journal = try Journal.create(at: path, id: "unit", now: { self.t0 }).journal
        defer { journal.close() }
        journal.signers = ["a.chief": chief, "p.inv": investigator, "l.officer": liaison]
        try journal.appendEach([
            Event(time: time(0), actor: "a.chief", change: .userAdded(User(name: "a.chief", displayName: "Chief", role: .supervisor, publicKey: chief.publicText))),
            Event(time: time(1), actor: "a.chief", change: .userAdded(User(name: "p.inv", displayName: "Inv", role: .investigator, publicKey: investigator.publicText))),
            Event(time: time(2), actor: "a.chief", change: .userAdded(User(name: "l.officer", displayName: "LO", role: .liaisonOfficer, publicKey: liaison.publicText))),
            Event(time: time(3), actor: "p.inv", change: .networkCreated(network)),
        ])
        return path
    }

    let network = Network(code: "NET-TEST", name: "Test network", crimeTypes: [.traffickingForcedLabour], sectors: [.fishing], route: [CountryCode("THA")!],
                          modusOperandi: "", reliability: .b, accuracy: .two, status: .identified, handling: .h1)

    func enquiry(_ reference: String) -> Enquiry {
        Enquiry(reference: reference, requesting: CountryCode("AUS")!, requested: CountryCode("THA")!, channel: .interpol,
                priority: .routine, subject: "s", drafted: t0, due: time(60 * 24 * 7), handling: .h1)
    }

    /// Appends a line as someone with only the file (no journal, no rules) would: chained and
    /// checksummed correctly, signed with whatever key they hold, or not at all.
    func forge(_ event: Event, signedWith key: OfficerKey?, onto path: String) throws {
        var bytes = readBytes(path)
        let scan = try JournalScan.scan(bytes)
        var position = scan.lines.position
        Journal.appendLine(for: event, signer: key, after: &position, to: &bytes)
        writeBytes(path, bytes)
        unlink(CommitLog.path(for: path))
    }

    func problem(_ path: String) throws -> (sequence: Int, reason: String)? {
        try Journal.verify(at: path).signatureProblem.map { ($0.sequence, $0.reason) }
    }

    @Test func aSignedUnitVerifiesWithEverySignatureChecked() throws {
        let dir = TemporaryDirectory()
        let path = try unit(in: dir)
        let report = try Journal.verify(at: path)
        #expect(report.isIntact && report.signedCommits == 4)
        #expect(readText(path).split(separator: "\n").dropFirst().allSatisfy { $0.contains(#""},"sig":""#) })
    }

    @Test func aForgedActorIsRefused() throws {
        let dir = TemporaryDirectory()
        let path = try unit(in: dir)
        // The investigator signs a change as the chief: the signature is theirs, not the chief's.
        let forged = Event(time: time(10), actor: "a.chief", change: .networkStatusChanged(code: "NET-TEST", to: .assessed))
        try forge(forged, signedWith: OfficerKey(user: "a.chief", privateKey: investigator.privateKey), onto: path)
        let found = try #require(try problem(path))
        #expect(found.sequence == 5)
        #expect(found.reason.contains("its signature was not made with the key the roster then held for a.chief"))
        // Unsigned, in a journal that signs: refused too.
        let dir2 = TemporaryDirectory()
        let path2 = try unit(in: dir2)
        try forge(forged, signedWith: nil, onto: path2)
        #expect(try problem(path2)?.reason.contains("it is not signed, and the roster required a.chief's signature") == true)
    }

    @Test func aConsistentRewriteOfTheTailIsCaughtAndNamed() throws {
        let dir = TemporaryDirectory()
        let path = try unit(in: dir)
        let before = try Journal.open(at: path, create: false, now: { self.t0 }).journal
        defer { before.close() }
        // Someone without the keys edits record 2's payload and makes every later prev and crc hold again.
        var lines = readText(path).split(separator: "\n").map(String.init)
        lines[2] = lines[2].replacingFirst(#""role":"investigator""#, with: #""role":"supervisor""#)
        for index in 2..<lines.count {
            var line = lines[index]
            if index > 2 {
                let previous = JournalLine.hash(Array(lines[index - 1].utf8)[...])
                let at = line.range(of: #""prev":""#)!.upperBound
                line.replaceSubrange(at..<line.index(at, offsetBy: 64), with: previous)
            }
            var bytes = Array(line.utf8)
            bytes.removeLast(Checksum.suffixLength)
            Checksum.seal(&bytes)
            lines[index] = String(decoding: bytes, as: UTF8.self)
        }
        writeBytes(path, Array((lines.joined(separator: "\n") + "\n").utf8))
        unlink(CommitLog.path(for: path))
        let report = try Journal.verify(at: path)
        #expect(report.firstProblem == nil, "the chain itself holds: only the signatures show the rewrite")
        #expect(report.signatureProblem?.sequence == 2)
        #expect(report.signatureProblem?.reason.contains("forged, or changed after signing") == true)
        // A console that had the journal open sees the change on disk and writes nothing more.
        #expect(throws: JournalError.self) { try before.append([Event(time: time(20), actor: "p.inv", change: .noteAdded(entity: "NET-TEST", text: "x"))]) }
        // A console opening it now checks the signatures before writing: it turns read-only, naming the record.
        let opened = try Journal.openCaseFile(at: path, create: false, now: { self.t0 })
        opened.journal.signers = ["p.inv": investigator]
        #expect(!opened.journal.waitForCheck())
        #expect(opened.journal.readOnlyReason == "damaged at record 2")
        #expect(opened.journal.takeNotices().first?.contains("record 2") == true)
    }

    @Test func aRemovedUsersLaterEventAndAReplacedKeyAreRefused() throws {
        let dir = TemporaryDirectory()
        let path = try unit(in: dir)
        let journal = try Journal.open(at: path, create: false, now: { self.t0 }).journal
        let replacement = OfficerKey(user: "p.inv")
        journal.signers = ["a.chief": chief]
        try journal.append([Event(time: time(10), actor: "a.chief", change: .userKeyReplaced(name: "p.inv", key: replacement.publicText))])
        try journal.append([Event(time: time(11), actor: "a.chief", change: .userRemoved(name: "l.officer"))])
        journal.close()
        // The lost key, used after its replacement.
        let afterReplacement = Event(time: time(12), actor: "p.inv", change: .noteAdded(entity: "NET-TEST", text: "from the stolen laptop"))
        let copy = dir.file("copy.jsonl")
        writeBytes(copy, readBytes(path))
        try forge(afterReplacement, signedWith: investigator, onto: copy)
        #expect(try problem(copy)?.sequence == 7)
        #expect(try problem(copy)?.reason.contains("not made with the key the roster then held for p.inv") == true)
        // The new key is the one that counts from the replacement on.
        writeBytes(copy, readBytes(path))
        try forge(afterReplacement, signedWith: replacement, onto: copy)
        #expect(try Journal.verify(at: copy).isIntact)
        // A removed officer's own key no longer makes anything count.
        writeBytes(copy, readBytes(path))
        try forge(Event(time: time(13), actor: "l.officer", change: .enquiryCreated(enquiry("AUS/THA/1"))), signedWith: liaison, onto: copy)
        #expect(try problem(copy)?.reason.contains("l.officer is not on the roster and may only read") == true)
    }

    @Test func rolesAreJudgedAsTheyStoodAtTheTime() throws {
        let dir = TemporaryDirectory()
        let path = try unit(in: dir)
        let journal = try Journal.open(at: path, create: false, now: { self.t0 }).journal
        journal.signers = ["a.chief": chief, "l.officer": liaison]
        try journal.append([Event(time: time(10), actor: "l.officer", change: .enquiryCreated(enquiry("AUS/THA/1")))])
        journal.close()
        // A liaison officer's own, correctly signed, approval of an enquiry: refused by role.
        let copy = dir.file("copy.jsonl")
        writeBytes(copy, readBytes(path))
        try forge(Event(time: time(11), actor: "l.officer", change: .enquiryStatusChanged(reference: "AUS/THA/1", to: .sent)), signedWith: liaison, onto: copy)
        let found = try #require(try problem(copy))
        #expect(found.sequence == 6)
        #expect(found.reason.contains("enquiry.status by l.officer, whom the roster did not allow it then: only a supervisor may"))
        // Made a supervisor, then the same approval holds, and still holds once the role is taken back.
        let later = try Journal.open(at: path, create: false, now: { self.t0 }).journal
        later.signers = ["a.chief": chief, "l.officer": liaison]
        try later.append([Event(time: time(12), actor: "a.chief", change: .userRoleChanged(name: "l.officer", to: .supervisor))])
        try later.append([Event(time: time(13), actor: "l.officer", change: .enquiryStatusChanged(reference: "AUS/THA/1", to: .sent))])
        try later.append([Event(time: time(14), actor: "a.chief", change: .userRoleChanged(name: "l.officer", to: .liaisonOfficer))])
        later.close()
        #expect(try Journal.verify(at: path).isIntact)
    }

    @Test func theJournalWritesOnlyWithTheActorsKey() throws {
        let dir = TemporaryDirectory()
        let path = try unit(in: dir)
        let before = readBytes(path)
        let journal = try Journal.open(at: path, create: false, now: { self.t0 }).journal
        defer { journal.close() }
        let note = Event(time: time(10), actor: "p.inv", change: .noteAdded(entity: "NET-TEST", text: "n"))
        #expect(throws: JournalError.cannotSign("a change by p.inv is signed with the key the roster holds for p.inv, and p.inv's key is not open here")) {
            try journal.append([note])
        }
        journal.signers = ["p.inv": OfficerKey(user: "p.inv")]   // a key, but not the one on the roster
        #expect(throws: JournalError.self) { try journal.append([note]) }
        #expect(readBytes(path) == before, "nothing was written")
        #expect(journal.isWritable, "a refused signature does not stop writing")
        journal.signers = ["p.inv": investigator]
        try journal.append([note])
        #expect(try Journal.verify(at: path).isIntact)
    }

    /// A console following another's lines takes in only commits whose signature and role hold.
    @Test func linesFromAnotherConsoleAreCheckedOnArrival() throws {
        let dir = TemporaryDirectory()
        let path = try unit(in: dir)
        let follower = try Journal.open(at: path, create: false, now: { self.t0 }).journal
        defer { follower.close() }
        let good = try Journal.open(at: path, create: false, now: { self.t0 }).journal
        good.signers = ["p.inv": investigator]
        try good.append([Event(time: time(10), actor: "p.inv", change: .noteAdded(entity: "NET-TEST", text: "genuine"))])
        good.close()
        #expect(try follower.newRecords().count == 1)
        try forge(Event(time: time(11), actor: "a.chief", change: .userRoleChanged(name: "l.officer", to: .supervisor)),
                  signedWith: OfficerKey(user: "a.chief"), onto: path)
        #expect(try follower.newRecords().isEmpty, "the forged change is not taken in")
        #expect(follower.readOnlyReason == "record 6 does not hold its signature or role")
        #expect(follower.takeNotices().first?.contains("The journal is damaged at record 6") == true)
    }

    /// `tandem repair` sets the forged commit aside with everything after it.
    @Test func repairSetsAsideFromTheFirstCommitThatDoesNotHold() throws {
        let dir = TemporaryDirectory()
        let path = try unit(in: dir)
        try forge(Event(time: time(11), actor: "p.inv", change: .noteAdded(entity: "NET-TEST", text: "forged")),
                  signedWith: OfficerKey(user: "p.inv"), onto: path)
        let plan = try #require(try Journal.repairPlan(at: path))
        #expect(plan.keptRecords == 4 && plan.nextSequence == 5)
        let repair = try #require(try Journal.repair(at: path, actor: "a.chief", signer: { _ in self.chief }, now: { self.time(30) }))
        #expect(repair.fromSequence == 5)
        #expect(try Journal.verify(at: path).isIntact)
    }
}
