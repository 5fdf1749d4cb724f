#if canImport(Glibc)
import Glibc
#endif
import TandemCore

/// Where the hash chain stands after a line: its sequence number and hash.
struct ChainPosition: Equatable, Sendable {
    var sequence: Int
    var hash: String
}

enum ScanProblem: Equatable {
    /// The last line is incomplete or bad: it can be cut and kept aside.
    case tornTail(offset: Int, sequence: Int, reason: String)
    /// A bad line with more lines after it: the journal is damaged.
    case damage(offset: Int, sequence: Int, reason: String)

    var sequence: Int {
        switch self { case .tornTail(_, let s, _), .damage(_, let s, _): s }
    }
    var offset: Int {
        switch self { case .tornTail(let o, _, _), .damage(let o, _, _): o }
    }
    var reason: String {
        switch self { case .tornTail(_, _, let r), .damage(_, _, let r): r }
    }
}

/// Reads event lines that continue a chain, piece by piece: each good record
/// goes to the caller as it is read, and the first problem stops the scan. The
/// records of a batch (a commit of several lines) go to the caller only once its
/// last line has been read: a batch whose end is missing is an unfinished tail.
struct LineScan {
    var position: ChainPosition
    /// The last good line's hash (the chain is checked on its hex digits).
    private var lastHash: HexHash?
    /// File offset just past the newline of the last good line.
    var goodEnd: Int
    /// File offset where the last good line starts.
    var lastLineStart: Int
    var problem: ScanProblem?
    var count = 0

    /// Where the scan stood before a batch began: what it goes back to if the batch is not whole.
    private struct Before {
        var sequence: Int
        var lastHash: HexHash?
        var goodEnd: Int
        var lastLineStart: Int
        var count: Int

        var position: ChainPosition { ChainPosition(sequence: sequence, hash: lastHash?.text ?? "") }
    }

    /// The batch being read: where it begins, and whether it is skimmed. A batch
    /// of more than `holdLimit` records (an import of a million rows is one) is
    /// not held: its lines are skimmed (checked against the chain, not decoded)
    /// up to its last, and then read again and handed over (see `Replay`).
    private var batch: (offset: Int, sequence: Int, before: Before, skimmed: Bool)?
    /// The records of the batch being read, so far (none once it is skimmed).
    /// Apart from `batch`: looking at the batch, at every line, costs nothing then.
    private var held: [Good] = []

    /// A good line as it is handed over: its record, or what a reader that only checks lines needs of it.
    private enum Good {
        case record(JournalRecord)
        case checked(CheckedLine)
    }

    /// How many records of an unfinished batch are held, at most.
    private let holdLimit: Int
    /// The lines fed were read whole once already (they are a `Replay`): a
    /// batch's records go to the caller as they are read, and a batch the lines
    /// end inside is not unfinished.
    private let passingThrough: Bool

    /// Lines to read again and hand over before the scan goes on: a batch too
    /// big to hold, once its last line has been checked, or the part of it
    /// before a damaged line. `resume` is the line of the piece fed to go on from.
    struct Replay: Equatable {
        var position: ChainPosition
        /// Good lines before `from`.
        var count: Int
        var from: Int
        var to: Int
        var resume: Int
    }
    /// Set by `feed` when lines must be read again before it goes on; the reader takes it.
    var replay: Replay?
    /// The most records of one batch held at once.
    private(set) var mostHeld = 0
    /// The payload's fields of the line being read, one list for every line (see `LineEnvelope`).
    private var fields: [JSONScanner.Field] = []

    /// Records of a batch a file reader holds at most (a few MiB): the generator's and the
    /// console's commits fit; a big import is read twice rather than held whole.
    static let heldRecords = 16_384

    init(after position: ChainPosition, at fileOffset: Int, holdingAtMost holdLimit: Int = .max, passingThrough: Bool = false) {
        self.position = position
        lastHash = HexHash(position.hash)
        goodEnd = fileOffset
        lastLineStart = fileOffset
        self.holdLimit = holdLimit
        self.passingThrough = passingThrough
    }

    /// Whether the lines now read belong to a batch too big to hold: they are only checked against the chain.
    var isSkimming: Bool { batch?.skimmed ?? false }

    /// The lines a skimming reader decodes: none (each is read as far as the chain check needs).
    static let skim = LineFilter { _ in false }

    /// Checks and decodes one piece's lines, from its line `first` (0, or where
    /// a `replay` left off). `isLast` says no bytes follow the piece in the file.
    /// `wanted` picks the lines worth decoding (the rest are only checked against
    /// the chain); nil decodes all. With `checked`, a line whose kind allows it
    /// is checked without its event being made, and handed to `checked` instead
    /// of `each` (see `LineRead`). Returns false once a problem is found; stops
    /// early, returning true, when it sets `replay`.
    mutating func feed(
        _ chunk: inout HashedChunk, from first: Int = 0, isLast: Bool, wanted: LineFilter? = nil,
        commitEnded: ((CommitSeal) -> Void)? = nil, checked: ((CheckedLine) -> Void)? = nil, _ each: (JournalRecord) -> Void
    ) -> Bool {
        if chunk.oversizedLine {
            fail("the line runs on past \(TextLimits.longestEvent) bytes, longer than any event can be", at: chunk.fileOffset,
                 sequence: position.sequence + 1, torn: false, checked, each)
            return false
        }
        for index in first..<chunk.lines.count {
            let range = chunk.lines[index]
            let expected = position.sequence + 1
            let offset = chunk.fileOffset + range.lowerBound
            let lastLine = isLast && chunk.unfinished == nil && index == chunk.lines.count - 1
            var reason: String?
            var mark: JournalLine.BatchMark?
            var record: JournalRecord?
            var checkedLine: CheckedLine?
            var sequence = expected
            var head: LineHead?
            if range.count > TextLimits.longestEvent {
                reason = "the line is \(range.count) bytes, longer than any event can be (\(TextLimits.longestEvent) bytes)"
            } else if !chunk.intact[index] {
                reason = "the line is damaged (its checksum does not match its content)"
            } else {
                // A piece the reader skimmed holds no decoded lines: read them here once the batch is over.
                let skimming = isSkimming
                let read = (chunk.skimmed && !skimming ? nil : chunk.take(index)) ?? chunk.bytes.withLineBytes(range) { LineRead($0, wanted: skimming ? LineScan.skim : wanted, checking: checked != nil, reusing: &fields) }
                // Moved out, not copied: an event copied and let go costs a count up and down of each of its parts.
                var event: Event?
                var lineChecked: CheckedLine?
                switch consume read {
                case .failed(let failure):
                    reason = failure.reason
                case .scanned(let scanned):
                    head = scanned
                case .checked(let scanned, let line):
                    head = scanned
                    lineChecked = line
                case .decoded(let scanned, let decoded):
                    head = scanned
                    event = consume decoded
                }
                if let scanned = head {
                    if scanned.sequence != expected {
                        // Only the note of bytes set aside may skip numbers (see `skipsOver`): it is read whole.
                        let note = event ?? (try? JournalLine.decode(chunk.bytes[range]))?.event
                        if !(note.map { LineScan.skipsOver($0, scanned, expected: expected) } ?? false) {
                            reason = LineScan.outOfSequence(scanned.sequence, expected)
                        }
                    }
                    if reason == nil, !chunk.bytes.withLineBytes(range, { scanned.follows(lastHash, in: $0) }) { reason = LineScan.brokenChain }
                    if reason == nil {
                        mark = scanned.batch
                        sequence = scanned.sequence
                        if let event = event.take() { record = JournalRecord(sequence: sequence, event: event) }
                        checkedLine = lineChecked
                    }
                }
            }
            if reason == nil {
                switch (mark, batch == nil) {
                case (.first?, true):
                    batch = (offset, expected, Before(sequence: position.sequence, lastHash: lastHash, goodEnd: goodEnd,
                                                      lastLineStart: lastLineStart, count: count), false)
                case (.first?, false): reason = "a batch begins before the one before it has ended"
                case (.last?, true): reason = "a batch ends that did not begin"
                default: break
                }
            }
            if let reason {
                fail(reason, at: offset, sequence: expected, torn: lastLine && chunk.bytes[range].contains(0), checked, each)
                return false
            }
            position.sequence = sequence
            if var record = record.take() {
                if batch == nil || passingThrough {
                    Self.give(&record, to: each)
                } else {
                    hold(.record(record))
                }
            } else if let checkedLine {
                if batch == nil || passingThrough {
                    checked?(checkedLine)
                } else {
                    hold(.checked(checkedLine))
                }
            }
            lastHash = chunk.hash(index)
            lastLineStart = chunk.fileOffset + range.lowerBound
            goodEnd = chunk.fileOffset + range.upperBound + 1
            count += 1
            var commitStart = offset
            if mark == .last, let done = batch {
                batch = nil
                commitStart = done.offset
                if done.skimmed {
                    // Read again and handed over (its commit's end included) before the lines after it.
                    replay = Replay(position: done.before.position, count: done.before.count, from: done.offset, to: goodEnd, resume: index + 1)
                    return true
                }
                handOverHeld(checked, each)
            }
            if let commitEnded, batch == nil, let head {
                commitEnded(chunk.bytes.withLineBytes(range) { head.seal(of: $0, offset: offset, commitStart: commitStart) })
            }
        }
        if let unfinished = chunk.unfinished {
            fail("the last line has no newline (an interrupted write)", at: chunk.fileOffset + unfinished.lowerBound,
                 sequence: position.sequence + 1, torn: true, checked, each)
            return false
        }
        if isLast {
            if batch != nil, !passingThrough {
                fail("", at: goodEnd, sequence: position.sequence + 1, torn: true, checked, each)
                return false
            }
            finish()
        }
        return true
    }

    /// Hands the held records of a batch over in order, and keeps the list's
    /// room for the next batch (every commit of several changes is one).
    private mutating func handOverHeld(_ checked: ((CheckedLine) -> Void)?, _ each: (JournalRecord) -> Void) {
        for good in held {
            switch good {
            case .record(let record): each(record)
            case .checked(let line): checked?(line)
            }
        }
        held.removeAll(keepingCapacity: true)
    }

    /// Holds a good line of the batch being read, or, past `holdLimit`, starts skimming the batch.
    private mutating func hold(_ good: Good) {
        if held.count < holdLimit {
            held.append(good)
            mostHeld = max(mostHeld, held.count)
        } else if !batch!.skimmed {
            batch!.skimmed = true
            held = []
        }
    }

    /// Hands a record over from where it is, under exclusive access: handed over
    /// plainly, a record read where it is held was copied whole first (a count up
    /// and down of each of its strings) when the receiver changed what it keeps.
    private static func give(_ record: inout JournalRecord, to each: (JournalRecord) -> Void) { each(record) }

    /// Records the problem that stops the scan. Inside a batch, the scan goes
    /// back to before the batch, and a tail the computer may have left unfinished
    /// (a line cut short, or bytes it never wrote, which read as zeros) is the
    /// whole batch, from its first line. Any other bad line is damage: a line that
    /// ends in a newline but whose checksum or chain does not hold was changed;
    /// the good lines before it, a batch's included, are handed over as before.
    private mutating func fail(
        _ reason: String, at offset: Int, sequence: Int, torn: Bool, _ checked: ((CheckedLine) -> Void)?, _ each: (JournalRecord) -> Void
    ) {
        if let open = batch, !torn {
            batch = nil
            if open.skimmed {
                replay = Replay(position: open.before.position, count: open.before.count, from: open.offset, to: offset, resume: Int.max)
            } else {
                handOverHeld(checked, each)
            }
            held.removeAll(keepingCapacity: true)
        }
        if let open = batch {
            batch = nil
            held = []
            let written = sequence - open.sequence
            position.sequence = open.before.sequence
            lastHash = open.before.lastHash
            goodEnd = open.before.goodEnd
            lastLineStart = open.before.lastLineStart
            count = open.before.count
            let why = reason.isEmpty ? "" : "; then \(reason)"
            problem = .tornTail(offset: open.offset, sequence: open.sequence,
                                reason: "an unfinished batch of changes (a commit or import cut short): \(written) line\(written == 1 ? "" : "s") of it, without its last\(why)")
            finish()
            return
        }
        problem = torn ? .tornTail(offset: offset, sequence: sequence, reason: reason)
            : .damage(offset: offset, sequence: sequence, reason: reason)
        finish()
    }

    /// Takes the state of a `Replay` read that found a problem before the end
    /// of what this scan had checked: the scan ends where that read ended.
    mutating func adopt(_ again: LineScan, _ problem: ScanProblem, after replay: Replay) {
        position = again.position
        lastHash = again.lastHash
        goodEnd = again.goodEnd
        lastLineStart = again.lastLineStart
        count = replay.count + again.count
        self.problem = problem
        batch = nil
        held = []
    }

    /// Whether a line may carry a later number than the next: only the note of
    /// bytes set aside (a torn tail, or a repair), one line on its own, that
    /// names the first number it skips. The numbers the set-aside lines had, or
    /// would have had, are never used again, so no two records ever share one.
    static func skipsOver(_ event: Event, _ head: LineHead, expected: Int) -> Bool {
        guard head.sequence > expected, head.batch == nil, case .journalRepaired(let repair) = event.change else { return false }
        return repair.fromSequence == expected && head.sequence - expected <= TextLimits.longestEvent
    }

    static func outOfSequence(_ found: Int, _ expected: Int) -> String {
        "sequence number \(found) where \(expected) was expected (a line is missing, repeated or out of order)"
    }

    static let brokenChain = "its \"prev\" hash does not match the line before it (a line was changed, removed or reordered)"

    /// Sets the chain position's hash from the last good line (done once, not per line).
    private mutating func finish() {
        if let lastHash { position.hash = lastHash.text }
    }
}

/// A whole journal read from its first byte: the header, then the event lines.
struct JournalScan {
    var header: JournalHeader
    var lines: LineScan

    var problem: ScanProblem? { lines.problem }

    /// Reads the header line of `fd`; returns it, its hash, and where the events start.
    static func header(fd: Int32, path: String) throws(JournalError) -> (JournalHeader, ChainPosition, Int) {
        try header(in: try FileIO.read(fd, from: 0, count: 4096, path: path))
    }

    /// The bytes of the line (the header or an event) that ends, its newline
    /// included, at `offset`, without the newline.
    static func line(endingAt offset: Int, fd: Int32, path: String) throws(JournalError) -> [UInt8] {
        guard offset > 0 else { throw .io(operation: "read", path: path, reason: "no line ends at byte 0") }
        var start = 0
        var back = 4096
        while true {
            let from = max(0, offset - 1 - back)
            let bytes = try FileIO.read(fd, from: from, count: offset - 1 - from, path: path)
            if let newline = bytes.lastIndex(of: 0x0A) { start = from + newline + 1; break }
            if from == 0 { break }
            back *= 4
        }
        let line = try FileIO.read(fd, from: start, count: offset - start, path: path)
        guard line.last == 0x0A else { throw .io(operation: "read", path: path, reason: "no line ends at byte \(offset)") }
        return Array(line.dropLast())
    }

    /// Reads every line of a journal held in memory (small ones, and tests).
    static func scan(_ bytes: [UInt8], _ each: (JournalRecord) -> Void = { _ in }) throws(JournalError) -> JournalScan {
        let (header, start, eventsStart) = try self.header(in: bytes)
        var lines = LineScan(after: start, at: eventsStart)
        var chunk = HashedChunk(bytes: Array(bytes[eventsStart...]), fileOffset: eventsStart)
        _ = lines.feed(&chunk, isLast: true, each)
        return JournalScan(header: header, lines: lines)
    }

    private static func header(in start: [UInt8]) throws(JournalError) -> (JournalHeader, ChainPosition, Int) {
        guard let headerEnd = start.firstIndex(of: 0x0A) else {
            throw start.isEmpty ? .notAJournal("the file is empty") : .notAJournal("the first line is not a Tandem journal header")
        }
        let header: JournalHeader
        do { header = try JournalLine.decodeHeader(start[0..<headerEnd]) } catch {
            switch error {
            case .notAJournal(let why): throw .notAJournal(why)
            case .newerVersion(let v): throw .newerVersion(v)
            case .damagedHeader:
                throw .damaged(sequence: 0, offset: 0, reason: "the header line's checksum does not match its content")
            }
        }
        return (header, ChainPosition(sequence: 0, hash: JournalLine.hash(start[0..<headerEnd])), headerEnd + 1)
    }

    /// Reads every event line of `fd` up to `end`, hashing on another core while
    /// this one decodes, and hands each good record to `each` in order.
    static func scan(
        fd: Int32, path: String, end: Int, progress: ((Int) -> Void)? = nil,
        wanted: LineFilter? = nil, pieceSize: Int = ChunkReader.pieceSize, holdingAtMost held: Int = LineScan.heldRecords,
        commitEnded: ((CommitSeal) -> Void)? = nil, _ each: (JournalRecord) -> Void
    ) throws(JournalError) -> JournalScan {
        let (header, start, eventsStart) = try self.header(fd: fd, path: path)
        return try scan(fd: fd, path: path, header: header, after: start, from: eventsStart, end: end, progress: progress,
                        wanted: wanted, pieceSize: pieceSize, holdingAtMost: held, commitEnded: commitEnded, each)
    }

    /// Reads the event lines of `fd` from `start` up to `end`, continuing the
    /// chain from `position` (the line that ends at `start`). With `checked`, a
    /// line whose kind allows it is checked without its event being made, and
    /// handed to `checked` instead of `each` (see `LineScan.feed`).
    static func scan(
        fd: Int32, path: String, header: JournalHeader, after position: ChainPosition, from start: Int, end: Int,
        progress: ((Int) -> Void)? = nil, wanted: LineFilter? = nil, pieceSize: Int = ChunkReader.pieceSize,
        holdingAtMost held: Int = LineScan.heldRecords, commitEnded: ((CommitSeal) -> Void)? = nil,
        checked: ((CheckedLine) -> Void)? = nil, _ each: (JournalRecord) -> Void
    ) throws(JournalError) -> JournalScan {
        precondition(wanted == nil || commitEnded == nil, "a filtered scan does not read the signatures of the lines it steps over")
        var lines = LineScan(after: position, at: start, holdingAtMost: held)
        let reader = ChunkReader(fd: fd, from: start, to: end, pieceSize: pieceSize, wanted: wanted, checking: checked != nil)
        defer { reader.cancel() }
        var pending: HashedChunk?
        do {
            pending = try reader.next()
            pieces: while var chunk = pending {
                pending = try reader.next()
                var from = 0
                while true {
                    let goOn = lines.feed(&chunk, from: from, isLast: pending == nil, wanted: wanted, commitEnded: commitEnded,
                                          checked: checked, each)
                    reader.skim(lines.isSkimming)
                    guard let replay = lines.replay else {
                        if !goOn { break pieces }
                        break
                    }
                    lines.replay = nil
                    // The batch's lines, checked already, read again and handed over as they are decoded.
                    let again = try passThrough(fd: fd, replay, pieceSize: pieceSize, wanted: wanted, commitEnded: commitEnded,
                                                checked: checked, each)
                    if let problem = again.problem {
                        // A line the skim did not decode was bad: the scan ends there, as a single pass would have.
                        lines.adopt(again, problem, after: replay)
                        break pieces
                    }
                    if !goOn { break pieces }
                    from = replay.resume
                }
                progress?(lines.goodEnd)
            }
        } catch {
            throw .io(operation: "read", path: path, reason: FileIO.errorText(error.code))
        }
        return JournalScan(header: header, lines: lines)
    }

    /// Reads the lines of a `Replay` again, handing each record over as it is decoded.
    private static func passThrough(
        fd: Int32, _ replay: LineScan.Replay, pieceSize: Int, wanted: LineFilter?,
        commitEnded: ((CommitSeal) -> Void)?, checked: ((CheckedLine) -> Void)?, _ each: (JournalRecord) -> Void
    ) throws(ChunkReader.ReadFailure) -> LineScan {
        var lines = LineScan(after: replay.position, at: replay.from, passingThrough: true)
        let reader = ChunkReader(fd: fd, from: replay.from, to: replay.to, pieceSize: pieceSize, wanted: wanted, checking: checked != nil)
        defer { reader.cancel() }
        var pending = try reader.next()
        while var chunk = pending {
            pending = try reader.next()
            guard lines.feed(&chunk, isLast: pending == nil, wanted: wanted, commitEnded: commitEnded, checked: checked, each) else { break }
        }
        return lines
    }
}
