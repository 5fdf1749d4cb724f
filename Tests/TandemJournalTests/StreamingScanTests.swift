#if canImport(Glibc)
import Glibc
#endif
import TandemCore
import TandemSample
import TestSupport
import Testing
@testable import TandemJournal

/// The journal is read in pieces on two threads. Whatever the size of the
/// pieces, it must read the same records and find the same problems as
/// reading the whole file at once.
@Suite struct StreamingScanTests {
    static func writeCasework(_ count: Int, to path: String) throws {
        let opened = try Journal.create(at: path, id: "stream", now: { Timestamp(secondsSinceEpoch: 0) })
        var casework = SyntheticCasework(seed: 11)
        try opened.journal.appendMany((0..<count).lazy.map { _ in casework.next()! })
        opened.journal.close()
    }

    func scan(_ path: String, pieceSize: Int, wanted: LineFilter? = nil) throws -> (JournalScan, [JournalRecord]) {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var records: [JournalRecord] = []
        let scan = try JournalScan.scan(fd: fd, path: path, end: readBytes(path).count, wanted: wanted, pieceSize: pieceSize) { records.append($0) }
        return (scan, records)
    }

    @Test(arguments: [97, 4096, 65_536, 1 << 20])
    func piecesOfAnySizeReadTheSameRecords(pieceSize: Int) throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try Self.writeCasework(2_000, to: path)
        var whole: [JournalRecord] = []
        let reference = try JournalScan.scan(readBytes(path)) { whole.append($0) }
        let (streamed, records) = try scan(path, pieceSize: pieceSize)
        #expect(records.count == 2_000 && records == whole)
        #expect(streamed.problem == nil && streamed.lines.position == reference.lines.position)
        #expect(streamed.lines.goodEnd == readBytes(path).count)
    }

    @Test func damageAnywhereIsFoundAtTheSameRecordWhateverThePieces() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try Self.writeCasework(600, to: path)
        let original = readBytes(path)
        var state: UInt64 = 0xD00D
        for _ in 0..<40 {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            let offset = 120 + Int((state >> 33) % UInt64(original.count - 120))
            var damaged = original
            damaged[offset] ^= 0x04
            writeBytes(path, damaged)
            let reference = try JournalScan.scan(damaged).problem
            for pieceSize in [64, 5_000, 1 << 20] {
                let (streamed, _) = try scan(path, pieceSize: pieceSize)
                #expect(streamed.problem == reference, "byte \(offset), pieces of \(pieceSize)")
                #expect(streamed.problem != nil)
            }
        }
    }

    @Test func aTornTailIsReportedWhateverThePieces() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try Self.writeCasework(300, to: path)
        let original = readBytes(path)
        for cut in [1, 10, 100, 250] {
            writeBytes(path, Array(original.dropLast(cut)))
            let reference = try JournalScan.scan(Array(original.dropLast(cut))).problem
            guard case .tornTail? = reference else { Issue.record("cut \(cut): \(String(describing: reference))"); continue }
            for pieceSize in [50, 4096] {
                #expect(try scan(path, pieceSize: pieceSize).0.problem == reference)
            }
        }
    }

    @Test func linesNotWantedAreCheckedButNotDecoded() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try Self.writeCasework(1_500, to: path)
        let (all, records) = try scan(path, pieceSize: 8192)
        let (some, picked) = try scan(path, pieceSize: 8192, wanted: LineFilter.types(["note.added", "outcome.recorded"]))
        #expect(picked == records.filter { ["note.added", "outcome.recorded"].contains($0.event.change.type) })
        #expect(!picked.isEmpty && some.lines.position == all.lines.position)
        // A line that is not decoded, changed in its payload and given a fresh
        // checksum, is still found: the next line's "prev" no longer matches it.
        var bytes = readBytes(path)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let payloadKey = Array(#""payload":"#.utf8)
        let victim = try #require((700..<1_400).first { i in
            let line = String(decoding: lines[i], as: UTF8.self)
            return !line.contains("note.added") && !line.contains("outcome.recorded")
        })
        let start = lines[..<victim].reduce(0) { $0 + $1.count + 1 }
        var line = Array(lines[victim])
        let payload = try #require(line.firstRange(of: payloadKey)?.lowerBound)
        let letter = try #require(line[(payload + payloadKey.count)...].firstIndex { (0x61...0x7A).contains($0) && $0 != UInt8(ascii: "z") })
        line[letter] += 1
        line.removeLast(Checksum.suffixLength)
        Checksum.seal(&line)
        bytes.replaceSubrange(start..<(start + lines[victim].count), with: line)
        writeBytes(path, bytes)
        let (damaged, _) = try scan(path, pieceSize: 8192, wanted: LineFilter.types(["note.added"]))
        guard case .damage(_, let sequence, let reason)? = damaged.problem else {
            Issue.record("the change was not found: \(String(describing: damaged.problem))")
            return
        }
        #expect(sequence == victim + 1)
        #expect(reason.contains("does not match the line before it"))
    }

    @Test func historyReadsOnlyTheRecordsAboutOneCode() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("j.jsonl")
        try Self.writeCasework(3_000, to: path)
        let opened = try Journal.open(at: path, create: false, now: { Timestamp(secondsSinceEpoch: 0) })
        let code = try #require(opened.records.first { $0.event.change.type == "enquiry.created" && $0.sequence > 200 }?.event.change.entity)
        let expected = opened.records.filter { record in
            if record.event.change.entity == code { return true }
            if case .linkAdded(let link) = record.event.change { return link.to == code }
            return false
        }
        #expect(try opened.journal.records(about: code) == expected)
        #expect(expected.count >= 2)
    }
}
