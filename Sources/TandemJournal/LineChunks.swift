#if canImport(Glibc)
import Glibc
#endif
import TandemCore
import Dispatch
import Synchronization

/// A run of whole journal lines with each line's checksum verdict and SHA-256,
/// worked out apart from decoding so that another core can do it.
struct HashedChunk: Sendable {
    var bytes: [UInt8]
    /// File offset of `bytes[0]`.
    var fileOffset: Int
    /// Each line's range in `bytes`, newline excluded.
    var lines: [Range<Int>] = []
    /// Each line's SHA-256.
    var hashes: [HexHash] = []
    /// Whether each line's checksum matches its content.
    var intact: [Bool] = []
    /// Bytes after the last newline (only at the end of the file): an unfinished line.
    var unfinished: Range<Int>?
    /// Lines from `readFrom` on, already read where the hashing was done (nil for a damaged line).
    var reads: [LineRead?] = []
    var readFrom: Int
    /// The reader stopped at `fileOffset`: a line starts there that runs on past the
    /// longest an event can be, and it is not gathered further.
    var oversizedLine = false
    /// The lines were read only as far as the chain check needs (a batch too big to hold, see `LineScan`).
    var skimmed = false

    /// Marks where a line too long to be an event starts.
    static func oversized(at fileOffset: Int) -> HashedChunk {
        var chunk = HashedChunk(bytes: [], fileOffset: fileOffset)
        chunk.oversizedLine = true
        return chunk
    }


    /// Splits `bytes` into lines and checks and hashes each. Bytes after the last
    /// newline are the unfinished line.
    init(bytes: [UInt8], fileOffset: Int, decodeShare: Double = 0, wanted: LineFilter? = nil, checking: Bool = false, skimmed: Bool = false) {
        self.bytes = bytes
        self.fileOffset = fileOffset
        self.skimmed = skimmed
        readFrom = Int.max
        var start = 0
        let count = bytes.count
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            while start < count {
                guard let found = memchr(base + start, 0x0A, count - start) else { break }
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                lines.append(start..<end)
                start = end + 1
            }
        }
        if start < count { unfinished = start..<count }
        hashes.reserveCapacity(lines.count)
        intact.reserveCapacity(lines.count)
        // Over the bytes in place: no slice, so no reference counting per line.
        bytes.withUnsafeBytes { buffer in
            for line in lines {
                intact.append(Checksum.isIntact(UnsafeRawBufferPointer(rebasing: buffer[line])))
            }
            // Two lines at a time (see `HexHash.two`).
            var index = 0
            while index + 1 < lines.count {
                let (first, second) = HexHash.two(of: UnsafeRawBufferPointer(rebasing: buffer[lines[index]]),
                                                  UnsafeRawBufferPointer(rebasing: buffer[lines[index + 1]]))
                hashes.append(first)
                hashes.append(second)
                index += 2
            }
            if index < lines.count { hashes.append(HexHash(of: UnsafeRawBufferPointer(rebasing: buffer[lines[index]]))) }
        }
        guard decodeShare > 0 else { return }
        readFrom = lines.count - Int(Double(lines.count) * decodeShare)
        var fields: [JSONScanner.Field] = []
        let filter = skimmed ? LineScan.skim : wanted
        var reads: [LineRead?] = []
        reads.reserveCapacity(lines.count - readFrom)
        bytes.withUnsafeBufferPointer { buffer in
            for index in readFrom..<lines.count {
                reads.append(intact[index] ? LineRead(buffer[lines[index]], wanted: filter, checking: checking, reusing: &fields) : nil)
            }
        }
        self.reads = reads
    }

    /// Line `index` as read while hashing, if it was, taken out of the piece (not copied).
    mutating func take(_ index: Int) -> LineRead? {
        index >= readFrom ? reads[index - readFrom].take() : nil
    }

    /// Line `index`'s SHA-256.
    func hash(_ index: Int) -> HexHash { hashes[index] }
}

/// A line read without its event being made (`tandem verify`): what judging
/// its actor's role needs, once it was checked as decoding it would check it.
struct CheckedLine: Sendable, Equatable {
    var sequence: Int
    var actor: String
    var change: Change

    enum Change: Sendable, Equatable {
        /// A change judged by its kind alone (see `CommitCheck.judgesByKind`): checked, not made.
        case kind(ChangeKind)
        /// A change whose values judge it (a status change, a change to the roster): made.
        case made(TandemCore.Change)
    }
}

/// One line as the codec read it: its envelope, and its event when it was
/// wanted, or what a reader that only checks lines needs of it.
enum LineRead: Sendable {
    case decoded(LineHead, Event)
    case checked(LineHead, CheckedLine)
    case scanned(LineHead)
    case failed(DecodeFailure)

    /// Reads `line`, reusing `fields` for the payload's fields (see `LineEnvelope`).
    /// `checking` reads a line whose kind allows it without making its event (see `LineEnvelope.checked`).
    init(_ line: LineBytes, wanted: LineFilter?, checking: Bool = false, reusing fields: inout [JSONScanner.Field]) {
        do throws(DecodeFailure) {
            let envelope = try LineEnvelope(line, filter: wanted, reusing: &fields)
            if !envelope.wanted {
                self = .scanned(envelope.head)
            } else if checking, let checked = envelope.checked() {
                self = .checked(envelope.head, checked)
            } else {
                self = .decoded(envelope.head, try envelope.event())
            }
        } catch {
            self = .failed(error)
        }
    }
}

/// Reads a file's lines in pieces of half a MiB on another thread, checking and
/// hashing them there, while the caller decodes the pieces already done: the
/// whole file is never held at once.
final class ChunkReader: @unchecked Sendable {
    static let pieceSize = 1 << 19
    /// Pieces read ahead of the decoder, at most: enough that a thread waits
    /// for the other only when one is slower for a while, not at each piece
    /// that took a little longer (with three, each thread waited at one piece
    /// in six, and the share below swung to and fro; eight were no faster than five).
    private static let ahead = 5

    private let fd: Int32
    private let end: Int
    private let filled = DispatchSemaphore(value: 0)
    private let free = DispatchSemaphore(value: ChunkReader.ahead)
    /// Pieces read and not yet taken (nil marks the end), and whether the caller stopped reading.
    private let shared = Mutex<(ready: [Result<HashedChunk, ReadFailure>?], cancelled: Bool)>((ready: [], cancelled: false))

    struct ReadFailure: Error { var code: Int32 }

    /// Starts reading `fd` from `start` up to `end` (a file offset).
    private let wanted: LineFilter?

    private let pieceSize: Int
    /// Lines are checked, not decoded, where their kind allows (see `LineRead`).
    private let checking: Bool

    /// The share of each piece's lines (in hundredths) the reading thread
    /// reads and decodes as well as hashing them, so that the two cores finish
    /// together. It follows who waits: when the reader finds no room ahead (the
    /// caller, which reads the rest and replays every event, is slower) it takes
    /// more; when the caller finds no piece ready, it takes less.
    private let share = Atomic<Int>(50)
    private static let shareStep = 2
    /// Whether the caller is skimming a batch too big to hold: pieces read meanwhile are not decoded.
    private let skimming = Atomic<Bool>(false)

    init(fd: Int32, from start: Int, to end: Int, pieceSize: Int = ChunkReader.pieceSize,
         wanted: LineFilter? = nil, checking: Bool = false) {
        self.pieceSize = pieceSize
        self.checking = checking
        self.fd = fd
        self.end = end
        self.wanted = wanted
        // A thread of its own, not a dispatch queue: the caller blocks waiting for
        // pieces, and may itself be one of the few threads a shared pool has.
        Thread.start { [self] in produce(from: start) }
    }

    /// Stops the reading thread when the caller stops before the end (a damaged
    /// line): it would otherwise wait for room forever.
    func cancel() {
        shared.withLock { $0.cancelled = true }
        // Wake the reader wherever it waits for room; it then sees it was cancelled.
        for _ in 0...(ChunkReader.ahead + 1) { free.signal() }
    }

    /// Tells the reader whether the caller now skims (see `LineScan.isSkimming`).
    func skim(_ on: Bool) { skimming.store(on, ordering: .relaxed) }

    /// The next piece, or nil after the last.
    func next() throws(ReadFailure) -> HashedChunk? {
        if filled.wait(timeout: .now()) == .timedOut {
            if share.load(ordering: .relaxed) >= Self.shareStep { share.subtract(Self.shareStep, ordering: .relaxed) }
            filled.wait()
        }
        let item = shared.withLock { $0.ready.removeFirst() }
        free.signal()
        switch item {
        case nil: return nil
        case .success(let chunk): return chunk
        case .failure(let failure): throw failure
        }
    }

    private func produce(from start: Int) {
        var offset = start
        var carried: [UInt8] = []
        while true {
            if free.wait(timeout: .now()) == .timedOut {
                if share.load(ordering: .relaxed) <= 100 - Self.shareStep { share.add(Self.shareStep, ordering: .relaxed) }
                free.wait()
            }
            if shared.withLock({ $0.cancelled }) { return }
            let want = min(pieceSize, end - offset)
            var bytes = carried
            if want > 0 {
                // The line carried over from the last piece, then the file's next bytes read straight in after it.
                let before = carried.count
                var got = 0
                var failure: Int32?
                bytes = [UInt8](unsafeUninitializedCapacity: before + want) { buffer, count in
                    _ = buffer.initialize(fromContentsOf: carried)
                    while got < want {
                        let n = pread(fd, buffer.baseAddress! + before + got, want - got, off_t(offset + got))
                        if n < 0 {
                            if errno == EINTR { continue }
                            failure = errno
                            break
                        }
                        if n == 0 { break }
                        got += n
                    }
                    count = before + got
                }
                if let failure {
                    deliver(.failure(ReadFailure(code: failure)))
                    deliver(nil)
                    return
                }
                offset += got
                if got < want { offset = end }
            }
            carried = []
            let atEnd = offset >= end
            if !atEnd {
                // Keep the unfinished last line for the next piece.
                guard let lastNewline = bytes.lastIndex(of: 0x0A) else {
                    if bytes.count > TextLimits.longestEvent {
                        // No event is this long: say where it starts rather than gather it all.
                        deliver(.success(.oversized(at: offset - bytes.count)))
                        free.wait()
                        deliver(nil)
                        return
                    }
                    carried = bytes
                    free.signal()
                    continue
                }
                carried = Array(bytes[(lastNewline + 1)...])
                bytes.removeLast(bytes.count - lastNewline - 1)
            }
            let fileOffset = offset - bytes.count - carried.count
            let skim = skimming.load(ordering: .relaxed)
            deliver(.success(HashedChunk(bytes: bytes, fileOffset: fileOffset, decodeShare: Double(share.load(ordering: .relaxed)) / 100,
                                         wanted: wanted, checking: checking, skimmed: skim)))
            if atEnd {
                free.wait()
                deliver(nil)
                return
            }
        }
    }

    private func deliver(_ item: Result<HashedChunk, ReadFailure>?) {
        shared.withLock { $0.ready.append(item) }
        filled.signal()
    }
}

/// A plain POSIX thread running one closure.
package enum Thread {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    package static func start(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(result == 0, "could not start a thread to read the journal (pthread_create: \(result))")
        pthread_detach(thread)
    }
}
