#if canImport(Glibc)
import Glibc
#endif
import TandemCore

extension Journal {
    /// Appends a long run of events the caller has decided (a made-up journal
    /// for benchmarks): written in large pieces and made durable by one fsync
    /// at the end, under the exclusive lock throughout. Refuses, writing
    /// nothing, if another process appended first; if a write fails, everything
    /// this call wrote is taken back. Returns how many events were appended.
    @discardableResult
    public func appendMany(_ events: some Sequence<Event>, progress: ((Int) -> Void)? = nil) throws -> Int {
        var roster = self.roster
        let count = try appendInPieces(progress: progress) { start, write throws(JournalError) in
            // Each piece is a batch of its own, so that a reader holds at most one piece's records back.
            // Where the roster signs, each event is a commit of its own, signed by its actor.
            var next = start
            var pending: [UInt8] = []
            pending.reserveCapacity(Self.bulkPiece + 4096)
            var batch = BatchLines()
            var count = 0
            for event in events {
                switch roster.requiredKey(actor: event.actor, events: [event]) {
                case .failure(let refusal): throw .cannotSign(refusal.reason)
                case .success(nil) where !roster.signs:
                    batch.add(event, after: &next, to: &pending)
                case .success(let key):
                    batch.close(after: &next, to: &pending)
                    let signer = signers[event.actor]
                    if let key, signer?.publicText != key {
                        throw .cannotSign("a change by \(event.actor) is signed with the key the roster holds for \(event.actor), and \(event.actor)'s key is not open here")
                    }
                    Journal.appendLine(for: event, signer: key == nil ? nil : signer, after: &next, to: &pending)
                }
                _ = roster.takeCommit([event])
                count += 1
                if pending.count >= Self.bulkPiece {
                    batch.close(after: &next, to: &pending)
                    try write(pending, count)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            batch.close(after: &next, to: &pending)
            if !pending.isEmpty { try write(pending, count) }
            return (next, count)
        }
        self.roster = roster
        return count
    }

    /// Appends lines made ahead (an import, whose rows are checked while the
    /// lines are made on another core), in one commit as `appendMany` does.
    /// Refuses, writing nothing, if the journal has moved on since they were
    /// begun, or if they could not all be written to their staging file.
    /// `cancelled` is asked before each piece and before the lines are made
    /// durable: when it says so (Ctrl-C), what was written is taken back.
    @discardableResult
    public func append(_ prepared: PreparedLines, progress: ((Int) -> Void)? = nil, cancelled: @escaping () -> Bool = { false }) throws -> Int {
        precondition(prepared.header == nil, "lines made for a new journal go to Journal.create(with:)")
        prepared.flush()
        if let failure = prepared.failure { throw failure }
        return try appendInPieces(expecting: prepared.start, progress: progress, cancelled: cancelled) { _, write throws(JournalError) in
            var from = prepared.linesStart
            var piece: [UInt8] = []
            for (end, lines) in prepared.writes {
                try FileIO.read(prepared.staging.fd, from: from, count: end - from, into: &piece, path: prepared.staging.journalPath)
                try write(piece, lines)
                from = end
            }
            return (prepared.end, prepared.count)
        }
    }

    /// Starts lines that will follow on from this journal's last line, made by
    /// `actor` and signed with this journal's signer where the roster requires it.
    public func beginLines(actor: String) throws(JournalError) -> PreparedLines {
        let lines = try PreparedLines(after: position, beside: path, disk: disk)
        lines.signer = try signer(actor: actor, events: [])
        return lines
    }

    /// Starts lines that will make a new journal at `path`, which must not exist
    /// yet; it appears only when `create(with:)` commits them.
    public static func beginNew(at path: String, now: () -> Timestamp) throws(JournalError) -> PreparedLines {
        try beginNew(at: path, now: now, disk: .system)
    }

    static func beginNew(at path: String, id: String = newJournalID(), now: () -> Timestamp, disk: DiskCalls) throws(JournalError) -> PreparedLines {
        if FileIO.fileExists(path) { throw .io(operation: "create", path: path, reason: "it exists") }
        let created = now()
        let line = JournalLine.header(id: id, created: created)
        let header = JournalHeader(version: JournalHeader.currentVersion, id: id, created: created)
        let start = ChainPosition(sequence: 0, hash: JournalLine.hash(line[...]))
        return try PreparedLines(after: start, beside: path, header: (header, line), disk: disk)
    }

    /// Puts a new journal made of `prepared` in place in one step (its lines
    /// synced, then its name given and synced). Refuses, leaving nothing behind,
    /// if a file of its name appeared meanwhile. Returns how many events it holds.
    @discardableResult
    public static func create(with prepared: PreparedLines) throws -> Int {
        precondition(prepared.header != nil, "lines made for an existing journal go to its append(_:)")
        prepared.flush()
        if let failure = prepared.failure { throw failure }
        try prepared.staging.name(disk: prepared.disk)
        return prepared.count
    }

    /// The one commit of a bulk append: `produce` hands each piece of lines to
    /// `write` with the number of events so far, and says where the chain ends.
    func appendInPieces(
        expecting expected: ChainPosition? = nil, progress: ((Int) -> Void)?, cancelled: @escaping () -> Bool = { false },
        _ produce: (ChainPosition, ([UInt8], Int) throws(JournalError) -> Void) throws -> (ChainPosition, Int)
    ) throws -> Int {
        try underWriteLock { foreign in
            guard foreign.isEmpty else { throw JournalError.stale(foreign.count) }
            if let expected, expected != position { throw JournalError.stale(position.sequence - expected.sequence) }
            let start = length
            var written = start
            /// Takes back what this call wrote: the journal ends where it did.
            func takeBack() throws(JournalError) {
                let code = disk.truncate(fd, start) == 0 ? disk.sync(fd) : errno
                if code != 0 {
                    throw stop(because: "what was written could not be taken back (\(FileIO.errorText(code)))", partial: true)
                }
                length = start
            }
            let produced: (ChainPosition, Int)
            do {
                produced = try produce(position) { (bytes: [UInt8], count: Int) throws(JournalError) in
                    if cancelled() {
                        try takeBack()
                        throw JournalError.cancelled("The import")
                    }
                    let result = disk.writeAll(fd, bytes, at: written)
                    if let code = result.error {
                        length = start
                        throw stop(because: "writing failed: \(FileIO.errorText(code))", partial: true)
                    }
                    written += bytes.count
                    progress?(count)
                }
            } catch {
                // Refused part way (an event that could not be signed): what was written is taken back.
                if written > start, length == start { try takeBack() }
                throw error
            }
            let (next, count) = produced
            if count == 0 { return 0 }
            if cancelled() {
                try takeBack()
                throw JournalError.cancelled("The import")
            }
            let syncError = disk.sync(fd)
            if syncError != 0 {
                length = start
                throw stop(because: SyncedDurability.unconfirmed(syncError), partial: true)
            }
            length = written
            lastLineStart = nil
            position = next
            durability?.journalSynced(upTo: written)
            progress?(count)
            return count
        }
    }

    /// The highest number the lines of set-aside bytes had, or would have had: one
    /// each, from `first`, a piece without its newline included.
    static func lastNumber(setAside bytes: [UInt8], from first: Int) -> Int {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true).count
        return first - 1 + max(1, lines)
    }

    /// Adds the line of the event that follows `position` in the chain, and moves the position on to it.
    static func appendLine(
        for event: Event, batch: JournalLine.BatchMark? = nil, signer: OfficerKey? = nil, after position: inout ChainPosition, to bytes: inout [UInt8]
    ) {
        position.sequence += 1
        let start = bytes.count
        JournalLine.appendEvent(event, sequence: position.sequence, previousHash: position.hash, batch: batch, signer: signer, to: &bytes)
        position.hash = JournalLine.hash(bytes[start...])
        bytes.append(0x0A)
    }

    /// How much `appendMany` gathers before each write.
    static let bulkPiece = 4 << 20
}
