#if canImport(Glibc)
import Glibc
#endif
import TandemCore

extension Journal {
    /// Deals with a problem found while reading: a torn last line is cut and
    /// kept aside when this journal may write (the caller holds the exclusive
    /// lock); damage makes the journal read-only. Returns what to tell the user.
    func settle(_ problem: ScanProblem?, fileSize: Int) throws(JournalError) -> String? {
        switch problem {
        case nil:
            return nil
        case .damage(let offset, let sequence, let reason)?:
            access = .readOnly(reason: "damaged at record \(sequence)")
            isDamaged = true
            return JournalError.damaged(sequence: sequence, offset: offset, reason: reason).description
                + " Showing the \(sequence - 1) record\(sequence - 1 == 1 ? "" : "s") before it, read-only."
        case .tornTail(let offset, let sequence, let reason)?:
            guard access == .readWrite else {
                return "Ignored a torn last line (record \(sequence) at byte offset \(offset): \(reason))."
            }
            let side: String
            let torn: [UInt8]
            do {
                torn = try FileIO.read(fd, from: offset, count: fileSize - offset, path: path)
                side = try SideFile.write(torn, beside: path, kind: "torn", now: now, disk: disk)
            } catch {
                // Nothing is cut that cannot be kept: the journal stays as it is, read-only.
                access = .readOnly(reason: "a torn last line could not be set aside (\(error.description))")
                return "Found a torn last line (record \(sequence) at byte offset \(offset): \(reason)) but could not keep it aside, so it stays and the journal is read-only: \(error.description)"
            }
            // In place of the torn bytes, a note of what was set aside, numbered past every
            // line they held: a sequence number the torn lines had is never used again.
            let time = now()
            let note = JournalRepair(
                id: "TORN-" + time.iso8601.filter { $0.isNumber || $0 == "T" }, setAside: side, bytes: torn.count,
                sha256: SideFile.sha256(torn), fromSequence: sequence, reason: "a torn tail: \(reason)")
            var skipped = ChainPosition(sequence: Journal.lastNumber(setAside: torn, from: sequence), hash: position.hash)
            var line: [UInt8] = []
            Journal.appendLine(for: Event(time: time, actor: Journal.actor, change: .journalRepaired(note)), after: &skipped, to: &line)
            let (written, _) = disk.writeAll(fd, line, at: offset)
            if written != line.count {
                throw .io(operation: "cut the torn last line of", path: path, reason: "it could not be written over")
            }
            if case let code = disk.truncate(fd, offset + line.count), code != 0 {
                throw .io(operation: "cut the torn last line of", path: path, reason: FileIO.errorText(code))
            }
            if case let code = disk.sync(fd), code != 0 {
                throw .io(operation: "cut the torn last line of", path: path, reason: FileIO.errorText(code))
            }
            CommitLog.forget(beside: path, disk: disk)
            length = offset + line.count
            lastLineStart = offset
            position = skipped
            return "Cut a torn last line (record \(sequence), \(torn.count) bytes at byte offset \(offset): \(reason)); kept in \(side), "
                + "and noted in the journal as record \(skipped.sequence) (numbers \(sequence)–\(skipped.sequence - 1) are not used again)."
        }
    }

    /// Before a commit: the path still names the file this journal opened, and
    /// the last line it read or wrote is still there unchanged. Otherwise the
    /// journal was replaced (a copy moved over it) or changed on disk (a line
    /// rewritten in place), a commit would land on a file nobody reads or on a
    /// broken chain, and nothing more is written.
    func checkStillTheSame() throws(JournalError) {
        // Device and inode alone: a full stat here would slow the sync that follows (see identity.h).
        let replaced = identity.map { FileIdentity(path: path) != $0 } ?? false
        var changed = false
        if !replaced {
            let line = try? lastLine()
            changed = line.map { JournalLine.hash($0[...]) != position.hash } ?? true
        }
        guard replaced || changed else { return }
        let why = replaced
            ? "\(path) was replaced by another file while it was open"
            : "\(path) was changed on disk while it was open (record \(position.sequence) is no longer what was read)"
        access = .readOnly(reason: why)
        stoppedReason = why
        throw JournalError.notSaved(why + "; reopen the journal to see what it now holds")
    }

    /// The bytes of the last line read or written, without its newline: one read
    /// where its start is known, a search back from the end where it is not.
    func lastLine() throws(JournalError) -> [UInt8] {
        guard let start = lastLineStart, start < length else { return try JournalScan.line(endingAt: length, fd: fd, path: path) }
        let bytes = try FileIO.read(fd, from: start, count: length - start, path: path)
        guard bytes.last == 0x0A else { throw .io(operation: "read", path: path, reason: "no line ends at byte \(length)") }
        return Array(bytes.dropLast())
    }

    /// Reads what others appended since this journal last looked. The caller holds a lock.
    func catchUp() throws(JournalError) -> (records: [JournalRecord], notice: String?) {
        let size = try FileIO.end(fd, path: path)
        if size == length { return ([], nil) }
        if size < length {
            access = .readOnly(reason: "the file became shorter while open")
            throw .damaged(sequence: position.sequence, offset: size, reason: "the file became shorter while it was open (\(length) → \(size) bytes)")
        }
        let checked = try checkAppended(upTo: size)
        position = checked.position
        length = checked.goodEnd
        lastLineStart = checked.lastLineStart ?? lastLineStart
        roster = checked.roster
        if let forged = checked.forged { return (checked.records, refuseForged(forged)) }
        let notice = try settle(checked.problem, fileSize: size)
        return (checked.records, notice)
    }

    /// What checking lines that follow this journal's last line found.
    struct CheckedLines {
        /// The records that hold: every line checked, every commit's signature and roles.
        var records: [JournalRecord]
        var position: ChainPosition
        /// Where the last good line ends.
        var goodEnd: Int
        var lastLineStart: Int?
        var roster: KeyRoster
        /// A commit that does not hold its signature or roles.
        var forged: SignatureProblem?
        /// A line that is torn or damaged.
        var problem: ScanProblem?
        /// The most records of one batch the reading held at once (see `LineScan.heldRecords`).
        var mostHeld: Int
    }

    /// Checks `bytes` as the lines that follow this journal's last line: the
    /// chain, each line, and each commit's signature and roles, as the roster
    /// stands. Changes nothing.
    func check(_ bytes: [UInt8], verifyingSignatures: Bool = true) -> CheckedLines {
        var scan = LineScan(after: position, at: length)
        var commits = CommitsChecked(roster: roster)
        var chunk = HashedChunk(bytes: bytes, fileOffset: length)
        _ = scan.feed(&chunk, isLast: true, commitEnded: { commits.end($0) }) { commits.take($0) }
        return commits.checked(after: scan, verifyingSignatures: verifyingSignatures)
    }

    /// Checks what others appended to the file, up to `end`, as `check` does:
    /// read a piece at a time (a batch too big to hold is read twice, see
    /// `LineScan`), never all the appended bytes at once: another process may
    /// have imported a million rows.
    func checkAppended(upTo end: Int) throws(JournalError) -> CheckedLines {
        var commits = CommitsChecked(roster: roster)
        let scan = try JournalScan.scan(fd: fd, path: path, header: header, after: position, from: length, end: end,
                                        commitEnded: { commits.end($0) }) { commits.take($0) }
        return commits.checked(after: scan.lines, verifyingSignatures: true)
    }

    /// Makes the journal read-only for a commit that does not hold its signature or roles; returns what to tell the user.
    func refuseForged(_ forged: SignatureProblem) -> String {
        access = .readOnly(reason: "record \(forged.sequence) does not hold its signature or role")
        isDamaged = true
        return JournalError.damaged(sequence: forged.sequence, offset: forged.offset, reason: forged.reason).description
            + " It and what follows are not shown, and nothing more can be saved. Run `tandem verify`."
    }
}

/// What lines that follow a journal's last line hold, commit by commit: each
/// commit's records, its roles checked as it is read and its signature
/// gathered to be checked with the others (on every core) at the end.
private struct CommitsChecked {
    private var check: SignatureCheck
    /// Each whole commit's records, and where its signature is among `pending`.
    private var commits: [(records: [JournalRecord], signature: Int?)] = []
    private var pending: [PendingSignature] = []
    /// The records of the commit being read.
    private var commit: [JournalRecord] = []
    private var problem: SignatureProblem?

    init(roster: KeyRoster) { check = SignatureCheck(roster: roster) }

    mutating func take(_ record: JournalRecord) {
        // Past the first problem, nothing more is judged (nor taken into the roster).
        if problem == nil { check.take(record) }
        commit.append(record)
    }

    mutating func end(_ seal: CommitSeal) {
        defer { commit = [] }
        guard problem == nil else { return }
        switch check.close(seal) {
        case .fine: commits.append((commit, nil))
        case .verify(let signature):
            commits.append((commit, pending.count))
            pending.append(signature)
        case .problem(let found): problem = found
        }
    }

    /// The records that hold, and where the scan that read them stopped.
    func checked(after scan: LineScan, verifyingSignatures: Bool) -> Journal.CheckedLines {
        // A signature that does not hold comes before any other problem: only commits before the first problem were checked.
        let forgedAt = (verifyingSignatures ? SignatureCheck.firstForged(pending) : nil).flatMap { forged in pending.firstIndex { $0.sequence == forged.sequence } }
        var records: [JournalRecord] = []
        for commit in commits {
            if let index = commit.signature, let forgedAt, index >= forgedAt { break }
            records += commit.records
        }
        let forged = forgedAt.map { SignatureCheck.forged(pending[$0]) } ?? problem
        // What a damaged batch left before its damage (unsigned, so only where nothing is signed).
        if forged == nil, !check.roster.signs { records += commit }
        return Journal.CheckedLines(records: records, position: scan.position, goodEnd: scan.goodEnd,
                                    lastLineStart: scan.count > 0 ? scan.lastLineStart : nil, roster: check.roster,
                                    forged: forged, problem: scan.problem, mostHeld: scan.mostHeld)
    }
}
