#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization
import TandemCore

/// Journal lines made ahead of their commit (an import's, while its rows are
/// checked), chained on from where the journal stood when they were begun
/// (`Journal.beginLines()`), or making a new journal of their own
/// (`Journal.beginNew(at:now:)`). They wait in a staging file beside the
/// journal, written as they are made, until `Journal.append(_:)` or
/// `Journal.create(with:)` commits them; they are dropped with it otherwise.
/// Used from one thread at a time.
public final class PreparedLines: @unchecked Sendable {
    /// The new journal's header, when the lines make a journal of their own.
    let header: JournalHeader?
    let start: ChainPosition
    private(set) var end: ChainPosition
    public private(set) var count = 0
    let staging: StagingFile
    /// Where the lines begin in the staging file (after a new journal's header line).
    let linesStart: Int
    /// The staging file's length and its number of lines after each batch of
    /// lines was handed to it (always at the end of a line).
    private(set) var writes: [(end: Int, lines: Int)] = []
    /// The first write to the staging file that failed; the lines cannot be committed.
    private(set) var failure: JournalError?
    /// Lines made and not yet written; with direct writes, at most a block's
    /// worth is held back between batches.
    private var pending: [UInt8] = []
    /// Bytes written to the staging file.
    private var written = 0
    /// Whole blocks copied from `pending` for a direct write (whose memory must be block-aligned).
    private var aligned: UnsafeMutableRawBufferPointer?
    private var finished = false
    /// The lines are one batch: it counts in the journal only once its last line is there.
    private var batch = BatchLines()
    /// Who signs the batch (on its last line), where the roster requires it.
    var signer: OfficerKey? {
        get { batch.signer }
        set { batch.signer = newValue }
    }
    let disk: DiskCalls

    init(after start: ChainPosition, beside journalPath: String, header: (JournalHeader, line: [UInt8])? = nil,
         disk: DiskCalls) throws(JournalError) {
        self.header = header?.0
        self.start = start
        self.disk = disk
        end = start
        staging = try StagingFile(beside: journalPath, direct: header != nil, disk: disk)
        linesStart = header.map { $0.line.count + 1 } ?? 0
        pending.reserveCapacity(Journal.bulkPiece + 4096)
        if let header {
            pending.append(contentsOf: header.line)
            pending.append(0x0A)
            writeBatch()
            if let failure { throw failure }
        }
    }

    deinit { aligned?.deallocate() }

    /// Adds the line of the next event.
    public func add(_ event: Event) {
        count += 1
        if failure != nil { return }
        batch.add(event, after: &end, to: &pending)
        if pending.count >= Journal.bulkPiece { writeBatch() }
    }

    /// Writes every line made so far to the staging file, which then holds
    /// them all and nothing else. Lines added after are written through the page cache.
    func flush() {
        if failure == nil { batch.close(after: &end, to: &pending) }
        guard !finished else {
            writeBatch()
            return
        }
        finished = true
        writeBatch()
        staging.stopDirect()
    }

    /// Writes the lines made so far: all of them, or with direct writes before
    /// `flush`, the whole blocks among them.
    private func writeBatch() {
        let end = written + pending.count
        defer { if end > (writes.last?.end ?? -1) { writes.append((end, count)) } }
        guard failure == nil, !pending.isEmpty else { return }
        if !staging.direct {
            if let code = disk.writeAll(staging.fd, pending, at: written).error { return fail(code) }
            written = end
            pending.removeAll(keepingCapacity: true)
            return
        }
        let block = StagingFile.block
        let taken = finished ? pending.count : pending.count / block * block
        if taken == 0 { return }
        let size = (taken + block - 1) / block * block
        if (aligned?.count ?? 0) < size {
            aligned?.deallocate()
            aligned = .allocate(byteCount: max(size, Journal.bulkPiece + 2 * block), alignment: block)
        }
        let buffer = UnsafeMutableRawBufferPointer(rebasing: aligned![..<size])
        pending.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<taken])) }
        if size > taken { buffer[taken...].initializeMemory(as: UInt8.self, repeating: 0) }
        if let code = disk.writeAll(staging.fd, UnsafeRawBufferPointer(buffer), at: written).error { return fail(code) }
        // The last block was padded to its end: the file ends where the lines do.
        if size > taken, case let code = disk.truncate(staging.fd, written + taken), code != 0 { return fail(code) }
        written += taken
        pending.removeFirst(taken)
    }

    private func fail(_ code: Int32) {
        failure = .io(operation: "write the import's lines beside", path: staging.journalPath, reason: FileIO.errorText(code))
    }
}

/// Makes journal lines on a thread of its own from events handed over in
/// batches, so that whoever decides the events (an import checking its rows)
/// and the encoding, hashing and writing of their lines each have a core.
/// `finish()` must be called once, even when the lines are not wanted: the thread waits for it.
public final class LineMaker: @unchecked Sendable {
    private let waiting = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    /// Batches handed over and not yet made into lines; nil marks the end.
    private let handedOver = Mutex<[[Event]?]>([])
    /// Batches made into lines, handed back to be let go of on the caller's
    /// thread: its allocator made their events, and freeing them from the
    /// making thread would make both threads wait on that allocator's lock.
    private let spent = Mutex<[[Event]]>([])
    /// Used by the making thread only until `done` is signalled.
    private let lines: PreparedLines
    private var batch: [Event] = []
    private static let batchSize = 2048

    /// Starts making lines after those already in `lines`.
    public init(_ lines: PreparedLines) {
        self.lines = lines
        batch.reserveCapacity(Self.batchSize)
        Thread.start { [self] in make() }
    }

    /// Hands over the next event (from one thread: the caller's).
    public func add(_ event: Event) {
        batch.append(event)
        if batch.count == Self.batchSize {
            handOver(batch)
            batch = []
            batch.reserveCapacity(Self.batchSize)
        }
    }

    /// Waits for the last line to be made and written to the staging file, and returns them all.
    public func finish() -> PreparedLines {
        if !batch.isEmpty { handOver(batch); batch = [] }
        handOver(nil)
        done.wait()
        spent.withLock { $0 = [] }
        return lines
    }

    private func handOver(_ events: [Event]?) {
        handedOver.withLock { $0.append(events) }
        waiting.signal()
        var madeIntoLines: [[Event]] = []
        spent.withLock { swap(&$0, &madeIntoLines) }
    }

    private func make() {
        while true {
            waiting.wait()
            guard let events = handedOver.withLock({ $0.removeFirst() }) else { break }
            for event in events { lines.add(event) }
            spent.withLock { $0.append(events) }
        }
        lines.flush()
        done.signal()
    }
}
