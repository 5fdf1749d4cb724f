import Dispatch
import Synchronization
import TandemCore

/// Journal lines made ahead of their commit, chained on from the journal's
/// last line as it stood when they were begun (`Journal.beginLines()`), held in
/// memory until `Journal.append(_:)` writes them in one commit.
public struct PreparedLines: Sendable {
    struct Piece: Sendable {
        var bytes: [UInt8]
        var lines: Int
    }

    let start: ChainPosition
    private(set) var end: ChainPosition
    private(set) var pieces: [Piece] = []
    public private(set) var count = 0

    init(after start: ChainPosition) {
        self.start = start
        end = start
    }

    /// Adds the line of the next event.
    public mutating func add(_ event: Event) {
        if pieces.isEmpty || pieces[pieces.count - 1].bytes.count >= Journal.bulkPiece {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Journal.bulkPiece + 4096)
            pieces.append(Piece(bytes: bytes, lines: 0))
        }
        let last = pieces.count - 1
        Journal.appendLine(for: event, after: &end, to: &pieces[last].bytes)
        pieces[last].lines += 1
        count += 1
    }
}

/// Makes journal lines on a thread of its own from events handed over in
/// batches, so that whoever decides the events (an import checking its rows)
/// and the encoding and hashing of their lines each have a core. `finish()`
/// must be called once, even when the lines are not wanted: the thread waits for it.
public final class LineMaker: @unchecked Sendable {
    private let waiting = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    /// Batches handed over and not yet made into lines; nil marks the end.
    private let handedOver = Mutex<[[Event]?]>([])
    /// Written by the making thread only, and read after `done` is signalled.
    private var lines: PreparedLines
    private var batch: [Event] = []
    private static let batchSize = 2048

    /// Starts making lines that follow on from `lines` (see `Journal.beginLines()`).
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

    /// Waits for the last line to be made and returns them all.
    public func finish() -> PreparedLines {
        if !batch.isEmpty { handOver(batch); batch = [] }
        handOver(nil)
        done.wait()
        return lines
    }

    private func handOver(_ events: [Event]?) {
        handedOver.withLock { $0.append(events) }
        waiting.signal()
    }

    private func make() {
        while true {
            waiting.wait()
            guard let events = handedOver.withLock({ $0.removeFirst() }) else { break }
            for event in events { lines.add(event) }
        }
        done.signal()
    }
}
