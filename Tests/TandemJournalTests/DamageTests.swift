import Testing
import TandemCore
import TandemSample
import TestSupport
@testable import TandemJournal

/// Every kind of damage is found and pinned to the record it hit.
@Suite struct DamageTests {
    /// A small journal (header and five records, each its own commit) as bytes, with each line's start offset.
    func smallJournal() throws -> (bytes: [UInt8], lineStarts: [Int]) {
        let dir = TemporaryDirectory()
        let path = dir.file("small.jsonl")
        let opened = try Journal.create(at: path, id: "small", now: { SampleScenario.created })
        opened.journal.signers = sampleSigners
        try opened.journal.appendEach(Array(SampleScenario.events().prefix(5)))
        let bytes = readBytes(path)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A && i + 1 < bytes.count { starts.append(i + 1) }
        return (bytes, starts)
    }

    @Test func checksumIsCRC32C() {
        #expect(Checksum.crc32c(ArraySlice("123456789".utf8)) == 0xE306_9283)
        #expect(Checksum.crc32c([]) == 0)
        // The processor's instruction and the table give the same value, at every length and alignment.
        var bytes: [UInt8] = []
        for n in 0..<300 {
            bytes.append(UInt8(truncatingIfNeeded: n &* 37 &+ 11))
            for start in 0..<min(9, bytes.count) {
                #expect(Checksum.crc32c(bytes[start...]) == Checksum.crc32cInSoftware(bytes[start...]))
            }
        }
    }

    /// Every bit of a small journal, flipped one at a time: `verify` (what
    /// `tandem verify` runs) never passes, and names the record the flip hit.
    @Test func everySingleBitFlipIsFoundAtTheRecordItHit() throws {
        let (bytes, starts) = try smallJournal()
        let dir = TemporaryDirectory()
        let path = dir.file("flipped.jsonl")
        var flips = 0
        for offset in bytes.indices {
            // The record a byte belongs to: 0 for the header, its line's newline included.
            let record = starts.lastIndex { $0 <= offset }!
            for bit in 0..<8 {
                var damaged = bytes
                damaged[offset] ^= UInt8(1 << bit)
                writeBytes(path, damaged)
                flips += 1
                let report: VerifyReport
                do { report = try Journal.verify(at: path) } catch {
                    #expect(record == 0, "flip at \(offset) bit \(bit) refused as \(error) outside the header")
                    continue
                }
                guard let problem = report.firstProblem else {
                    Issue.record("flip at byte \(offset) bit \(bit) went unnoticed")
                    continue
                }
                #expect(problem.sequence == record, "flip at \(offset) bit \(bit): named \(problem.sequence), hit \(record)")
                #expect(problem.offset == starts[record], "flip at \(offset) bit \(bit): offset \(problem.offset)")
                #expect(report.goodRecords == max(0, record - 1))
            }
        }
        #expect(flips == bytes.count * 8)
    }

    @Test func deletedDuplicatedAndSwappedLinesAreNamed() throws {
        let (bytes, starts) = try smallJournal()
        let lines = (0..<starts.count).map { i in Array(bytes[starts[i]..<(i + 1 < starts.count ? starts[i + 1] : bytes.count)]) }
        func problem(_ lines: [[UInt8]]) throws -> ScanProblem? { try JournalScan.scan(lines.flatMap { $0 }).problem }

        var deleted = lines
        deleted.remove(at: 3)
        guard case .damage(_, 3, let reason)? = try problem(deleted) else { Issue.record("deletion not found"); return }
        #expect(reason.contains("sequence number 4 where 3 was expected"))

        var duplicated = lines
        duplicated.insert(lines[2], at: 3)
        guard case .damage(_, 3, _)? = try problem(duplicated) else { Issue.record("duplicate not found"); return }

        var swapped = lines
        swapped.swapAt(2, 3)
        guard case .damage(let offset, 2, _)? = try problem(swapped) else { Issue.record("swap not found"); return }
        #expect(offset == starts[2])
    }

    @Test func aLineRewrittenWithAFreshChecksumBreaksTheChain() throws {
        // Someone edits a record and recomputes its checksum: the next line no longer follows.
        let (bytes, starts) = try smallJournal()
        var line = Array(bytes[starts[2]..<(starts[3] - 1)])
        line.removeLast(Checksum.suffixLength)
        let text = String(decoding: line, as: UTF8.self).replacingFirst("Suresh", with: "Sudesh")
        var edited = Array(text.utf8)
        Checksum.seal(&edited)
        let damaged = Array(bytes[..<starts[2]]) + edited + [0x0A] + Array(bytes[starts[3]...])
        let scan = try JournalScan.scan(damaged)
        guard case .damage(let offset, 3, let reason)? = scan.problem else { Issue.record("edit not found: \(String(describing: scan.problem))"); return }
        #expect(offset == starts[2] + edited.count + 1)
        #expect(reason.contains("does not match the line before it"))
    }
}
