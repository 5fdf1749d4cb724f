#if canImport(Glibc)
import Glibc
#endif
import TandemCore
import TandemSample
import TestSupport
import Testing
@testable import TandemJournal

/// A batch too big to hold (an import of a million rows is one commit) is not
/// kept in memory until its last line: it is skimmed to its end, then read again
/// and handed over. Whatever the limit, a reader hands over the records, commit
/// ends and problems that reading the whole file at once finds, in the same
/// order, and never holds more records of a batch than the limit.
@Suite struct BigBatchTests {
    /// A batch of 400 changes, 30 commits of one, then a batch of 50.
    static func journal(at path: String) throws {
        let opened = try Journal.create(at: path, id: "big", now: { Timestamp(secondsSinceEpoch: 0) })
        var casework = SyntheticCasework(seed: 5)
        try opened.journal.appendMany((0..<400).lazy.map { _ in casework.next()! })
        for _ in 0..<30 { try opened.journal.append([casework.next()!]) }
        try opened.journal.appendMany((0..<50).lazy.map { _ in casework.next()! })
        opened.journal.close()
    }

    /// What a reader handed over, in order: records by number, and commit ends by their last number and first byte.
    struct Reading: Equatable {
        var handed: [String] = []
        var records: [JournalRecord] = []
        var problem: ScanProblem?
        var position: ChainPosition
        var goodEnd: Int
        var count: Int
    }

    func read(_ path: String, holding held: Int, pieceSize: Int = 4096, wanted: LineFilter? = nil) throws -> (Reading, mostHeld: Int) {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var handed: [String] = []
        var records: [JournalRecord] = []
        let scan = try JournalScan.scan(
            fd: fd, path: path, end: readBytes(path).count, wanted: wanted, pieceSize: pieceSize, holdingAtMost: held,
            commitEnded: wanted == nil ? { handed.append("end \($0.sequence) from \($0.commitStart)") } : nil
        ) { record in
            handed.append("record \(record.sequence)")
            records.append(record)
        }
        let reading = Reading(handed: handed, records: records, problem: scan.problem, position: scan.lines.position,
                              goodEnd: scan.lines.goodEnd, count: scan.lines.count)
        return (reading, scan.lines.mostHeld)
    }

    @Test func aBatchTooBigToHoldIsHandedOverWholeAndInOrder() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try Self.journal(at: path)
        let (whole, heldWhole) = try read(path, holding: .max)
        #expect(whole.records.count == 480 && whole.problem == nil && heldWhole == 400)
        var reference: [JournalRecord] = []
        _ = try JournalScan.scan(readBytes(path)) { reference.append($0) }
        #expect(whole.records == reference)
        for held in [1, 7, 49, 50, 399, 400] {
            for pieceSize in [97, 4096, 1 << 20] {
                let (reading, mostHeld) = try read(path, holding: held, pieceSize: pieceSize)
                #expect(reading == whole, "holding \(held), pieces of \(pieceSize)")
                #expect(mostHeld <= held, "holding \(held), pieces of \(pieceSize)")
            }
        }
        // A reader that wants only some kinds of line hands the same ones either way.
        let statuses = LineFilter.types(["enquiry.status", "network.status"])
        let (someWhole, _) = try read(path, holding: .max, wanted: statuses)
        let (someSkimmed, _) = try read(path, holding: 3, wanted: statuses)
        #expect(!someWhole.records.isEmpty && someSkimmed == someWhole)
    }

    /// A console following another process that imports a batch too big to
    /// hold reads what was appended a piece at a time, never all of it at once,
    /// and gets what reading the file whole gives: every record, once, in order.
    @Test func followingABatchTooBigToHoldGetsItWholeAndInOrder() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        let now = Timestamp(secondsSinceEpoch: 0)
        let writer = try Journal.create(at: path, id: "big", now: { now }).journal
        var casework = SyntheticCasework(seed: 9)
        try writer.append([casework.next()!])
        let follower = try Journal.open(at: path, create: false, readOnly: true, now: { now }).journal
        try writer.appendMany((0..<(LineScan.heldRecords + 300)).lazy.map { _ in casework.next()! })
        try writer.append([casework.next()!])
        writer.close()
        var whole: [JournalRecord] = []
        _ = try JournalScan.scan(readBytes(path)) { whole.append($0) }
        let checked = try follower.checkAppended(upTo: readBytes(path).count)
        #expect(checked.records == Array(whole.dropFirst()) && checked.problem == nil && checked.forged == nil)
        #expect(checked.mostHeld <= LineScan.heldRecords)
        #expect(try follower.newRecords() == Array(whole.dropFirst()))
        #expect(try follower.newRecords().isEmpty)
    }

    @Test func aBatchTooBigToHoldCutShortHandsNoneOfIt() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try Self.journal(at: path)
        let original = readBytes(path)
        let newlines = original.indices.filter { original[$0] == 0x0A }
        // Cut inside the first batch (line 200 of 400), and inside the last (line 20 of 50), mid-line and on a line's end.
        for (line, back) in [(201, 5), (201, 0), (451, 30), (451, 0)] {
            let cut = Array(original[...newlines[line]].dropLast(back))
            writeBytes(path, cut)
            var reference: [JournalRecord] = []
            let whole = try JournalScan.scan(cut) { reference.append($0) }
            guard case .tornTail? = whole.problem else { Issue.record("line \(line): \(String(describing: whole.problem))"); continue }
            for held in [1, 7, .max] {
                let (reading, _) = try read(path, holding: held)
                #expect(reading.records == reference && reading.problem == whole.problem, "line \(line), holding \(held)")
                #expect(reading.position == whole.lines.position && reading.goodEnd == whole.lines.goodEnd, "line \(line), holding \(held)")
            }
        }
    }

    @Test func damageInsideABatchTooBigToHoldIsFoundWhereAWholeReadingFindsIt() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try Self.journal(at: path)
        let original = readBytes(path)
        let starts = [0] + original.indices.filter { original[$0] == 0x0A }.map { $0 + 1 }.dropLast()
        func check(_ damaged: [UInt8], _ what: String) throws {
            writeBytes(path, damaged)
            var reference: [JournalRecord] = []
            let whole = try JournalScan.scan(damaged) { reference.append($0) }
            #expect(whole.problem != nil, "\(what)")
            for held in [1, 7, .max] {
                let (reading, _) = try read(path, holding: held)
                #expect(reading.records == reference && reading.problem == whole.problem, "\(what), holding \(held)")
                #expect(reading.position == whole.lines.position && reading.count == whole.lines.count, "\(what), holding \(held)")
            }
        }
        // A flipped bit: the line's checksum no longer matches.
        for line in [150, 399, 460] {
            var damaged = original
            damaged[starts[line] + 30] ^= 0x04
            try check(damaged, "bit flipped in line \(line)")
        }
        // A line rewritten with a fresh checksum and a payload that is no change at all: the skim does
        // not decode it, the chain breaks at the next line, and the second reading finds the line itself.
        for line in [120, 300] {
            var text = String(decoding: original[starts[line]..<(starts[line + 1] - 1)], as: UTF8.self)
            text.removeLast(Checksum.suffixLength)
            let payload = try #require(text.range(of: #""payload":{"#))
            text.replaceSubrange(payload, with: #""payload":{"nothing":"#)
            var edited = Array(text.utf8)
            Checksum.seal(&edited)
            let damaged = Array(original[..<starts[line]]) + edited + [0x0A] + Array(original[starts[line + 1]...])
            try check(damaged, "payload of line \(line) made no change")
        }
    }

    @Test func aSignedBatchTooBigToHoldIsCheckedAsAWholeReadingChecksIt() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("unit.jsonl")
        let chief = OfficerKey(user: "a.chief")
        let t0 = Timestamp(secondsSinceEpoch: 1_445_000_000)
        let opened = try Journal.create(at: path, id: "unit", now: { t0 })
        opened.journal.signers = ["a.chief": chief]
        try opened.journal.append([Event(time: t0, actor: "a.chief", change: .userAdded(
            User(name: "a.chief", displayName: "Chief", role: .supervisor, publicKey: chief.publicText)))])
        let networks = (0..<120).map { n in
            Event(time: t0.adding(seconds: Int64(n)), actor: "a.chief", change: .networkCreated(Network(
                code: "NET-\(n)", name: "Network \(n)", crimeTypes: [.traffickingForcedLabour], sectors: [.fishing],
                route: [CountryCode("THA")!], modusOperandi: "", reliability: .b, accuracy: .two, status: .identified, handling: .h1)))
        }
        // One import: a batch of 120 lines, signed once, at its last.
        let lines = try opened.journal.beginLines(actor: "a.chief")
        for event in networks { lines.add(event) }
        try opened.journal.append(lines)
        opened.journal.close()
        #expect(readText(path).components(separatedBy: #""batch":"#).count == 3)
        func checked(holding held: Int) throws -> (SignatureProblem?, Int, [Int]) {
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            var numbers: [Int] = []
            let (_, signed) = try JournalScan.scanSigned(fd: fd, path: path, end: readBytes(path).count, holdingAtMost: held) {
                numbers.append($0.sequence)
            }
            return (signed.problem, signed.signed, numbers)
        }
        let whole = try checked(holding: .max)
        #expect(whole.0 == nil && whole.1 == 2 && whole.2 == Array(1...121), "\(String(describing: whole.0)) \(whole.1) \(whole.2.count)")
        let skimmed = try checked(holding: 5)
        #expect(skimmed.0 == whole.0 && skimmed.1 == whole.1 && skimmed.2 == whole.2)
        // The batch's signature changed (its line's checksum made again): found either way, at the batch's last line.
        var text = readText(path)
        let sig = try #require(text.range(of: #""sig":""#, options: .backwards))
        let at = text.index(sig.upperBound, offsetBy: 10)
        text.replaceSubrange(at...at, with: text[at] == "A" ? "B" : "A")
        var rows = text.split(separator: "\n").map { Array($0.utf8) }
        rows[rows.count - 1].removeLast(Checksum.suffixLength)
        Checksum.seal(&rows[rows.count - 1])
        writeBytes(path, rows.flatMap { $0 + [0x0A] })
        let forgedWhole = try checked(holding: .max)
        #expect(forgedWhole.0?.sequence == 121 && forgedWhole.0?.reason.contains("signature") == true)
        let forgedSkimmed = try checked(holding: 5)
        #expect(forgedSkimmed.0 == forgedWhole.0 && forgedSkimmed.1 == forgedWhole.1)
    }
}
