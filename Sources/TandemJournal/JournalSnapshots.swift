#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization
import TandemCore

/// A journal opened with the case file it describes, perhaps from a snapshot.
public struct OpenedCaseFile {
    public var journal: Journal
    public var caseFile: CaseFile
    /// How many events the journal holds.
    public var count: Int
    /// How many of them were read and replayed now (the rest came from the snapshot).
    public var replayed: Int
    public var fromSnapshot: Bool
    public var notices: [String]
}

extension Journal {
    /// Journals needing fewer events replayed than this open fast enough without a snapshot.
    public static let snapshotAfter = 10_000

    /// Opens the journal and its case file. When a snapshot of it is kept and
    /// its last line is still the journal's, the case file comes from the
    /// snapshot and only the lines after it are read; the lines it stood for are
    /// checked again by `startDeferredWork`, and until that check has passed
    /// nothing is written (a commit waits for it). Without a usable snapshot the
    /// whole journal is read, as `open` does. A snapshot is made (by
    /// `startDeferredWork`) when many events had to be replayed.
    public static func openCaseFile(
        at path: String, create: Bool, readOnly: Bool = false, useSnapshot: Bool = true,
        snapshotAfter worthwhile: Int = Journal.snapshotAfter, now: @escaping () -> Timestamp,
        progress: ((Int, Int) -> Void)? = nil
    ) throws(JournalError) -> OpenedCaseFile {
        // The snapshot's key, kept for the check below when the snapshot does not fit (read once, not again there).
        var snapshotKey: SnapshotKey?
        if useSnapshot, FileIO.fileExists(path), let (key, snapshot) = SnapshotFile.read(for: path) {
            snapshotKey = key
            if let opened = try openAfterSnapshot(path, key: key, snapshot: snapshot, readOnly: readOnly, worthwhile: worthwhile,
                                                  now: now, progress: progress) {
                return opened
            }
        }
        var caseFile = CaseFile()
        let opening = try open(at: path, create: create, readOnly: readOnly, now: now, progress: progress) {
            caseFile.apply($0.event)
        }
        var notices = opening.notices
        // A snapshot of this journal that it no longer holds: lines it stood for are gone. Say so; never remake it silently.
        if let why = try SnapshotFile.mismatch(of: snapshotKey, for: path, header: opening.journal.header, fd: opening.journal.fd,
                                               size: opening.journal.length) {
            opening.journal.access = .readOnly(reason: "the journal lost records its snapshot holds")
            notices.append("The journal is not whole: \(why). It is open read-only; restore it from a copy, or run `tandem repair`.")
        }
        var newSnapshot: (CaseFile, SnapshotKey)?
        if useSnapshot, opening.count >= worthwhile, opening.journal.isWritable, let key = opening.key { newSnapshot = (caseFile, key) }
        if opening.count > 0 {
            opening.journal.deferred = DeferredWork(path: path, check: nil, signatures: .fromTheStart(end: opening.journal.length),
                                                    snapshot: newSnapshot)
        }
        return OpenedCaseFile(journal: opening.journal, caseFile: caseFile, count: opening.count,
                              replayed: opening.count, fromSnapshot: false, notices: notices)
    }

    /// Opens from a snapshot, or returns nil when the journal's line at the
    /// snapshot's key is not the one it was made after.
    static func openAfterSnapshot(
        _ path: String, key: SnapshotKey, snapshot: CaseFile, readOnly: Bool, worthwhile: Int, now: @escaping () -> Timestamp,
        progress: ((Int, Int) -> Void)?
    ) throws(JournalError) -> OpenedCaseFile? {
        var caseFile = snapshot
        guard let (journal, scan, notices) = try openReading(
            path, readOnly: readOnly, from: .snapshot(key, roster: KeyRoster(snapshot.users.all)), now: now, progress: progress,
            wanted: nil, each: { caseFile.apply($0.event) })
        else { return nil }
        let replayed = scan.lines.count
        var newSnapshot: (CaseFile, SnapshotKey)?
        if replayed >= worthwhile, journal.access == .readWrite, let key = journal.key(lastLineStart: scan.lines.lastLineStart) {
            newSnapshot = (caseFile, key)
        }
        // The snapshot was saved once the signatures up to it had been checked: those after it are checked now.
        let signatures = DeferredWork.Signatures.after(
            header: journal.header, position: ChainPosition(sequence: key.sequence, hash: key.hash), offset: key.length,
            end: journal.length, roster: KeyRoster(snapshot.users.all))
        journal.deferred = DeferredWork(path: path, check: key, signatures: signatures, snapshot: newSnapshot)
        return OpenedCaseFile(journal: journal, caseFile: caseFile, count: key.sequence + replayed, replayed: replayed,
                              fromSnapshot: true, notices: notices)
    }

    /// Whether the line the key names is in the journal, where the key says, unchanged.
    static func lineMatches(_ key: SnapshotKey, fd: Int32, path: String, size: Int) throws(JournalError) -> Bool {
        guard key.lastLineStart >= 0, key.lastLineStart < key.length, key.length <= size else { return false }
        let bytes = try FileIO.read(fd, from: key.lastLineStart, count: key.length - key.lastLineStart, path: path)
        guard bytes.count == key.length - key.lastLineStart, bytes.last == 0x0A,
              bytes.dropLast().firstIndex(of: 0x0A) == nil
        else { return false }
        let line = bytes.dropLast()
        return Checksum.isIntact(line) && JournalLine.hash(line) == key.hash
    }

    /// Starts what opening left for a thread of its own: checking the lines a
    /// snapshot stood for, then saving a new snapshot if one is due. Call it
    /// once the first frame is on screen.
    public func startDeferredWork() {
        deferred?.start()
    }

    /// The lines read at opening are being checked (the chain a snapshot stood
    /// for, and every signature not checked before): nothing is written until then.
    public var isChecking: Bool {
        deferred.map { $0.checkOutcome == nil } ?? false
    }

    /// Waits for the check of the lines a snapshot stood for, starting it if
    /// need be; returns false if it found damage.
    @discardableResult
    public func waitForCheck() -> Bool {
        collectDeferredWork(waiting: true)
        return !isDamaged
    }

    /// Waits, up to `seconds`, for the deferred work to end (a snapshot being
    /// saved when the user quits).
    public func finishDeferredWork(waitingAtMost seconds: Double) {
        deferred?.wait(seconds: seconds)
    }

    /// Takes in the outcome of the deferred check once it has ended; with
    /// `waiting`, starts it if need be and waits for it. A failed check makes
    /// the journal read-only and leaves a notice.
    func collectDeferredWork(waiting: Bool) {
        guard let deferred, !deferredCheckCollected else { return }
        if waiting {
            deferred.start()
            deferred.waitForCheck()
        }
        guard let outcome = deferred.checkOutcome else { return }
        deferredCheckCollected = true
        guard case .failed(let sequence, let offset, let reason) = outcome else { return }
        access = .readOnly(reason: "damaged at record \(sequence)")
        isDamaged = true
        pendingNotices.append(
            JournalError.damaged(sequence: sequence, offset: offset, reason: reason).description
                + " Nothing can be saved. Run `tandem verify`.")
    }
}

/// What opening leaves for later, done on a thread of its own.
final class DeferredWork: Sendable {
    enum CheckOutcome: Sendable, Equatable {
        case passed
        case failed(sequence: Int, offset: Int, reason: String)
    }

    /// Which lines' signatures are still to be checked: all of them, or those after a snapshot.
    enum Signatures: Sendable {
        case fromTheStart(end: Int)
        case after(header: JournalHeader, position: ChainPosition, offset: Int, end: Int, roster: KeyRoster)
    }

    let path: String
    /// The snapshot whose lines are still to be checked.
    let check: SnapshotKey?
    private let snapshot: (CaseFile, SnapshotKey)?
    private let state: Mutex<(started: Bool, outcome: CheckOutcome?, signatures: Signatures)>
    private let checked = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)

    init(path: String, check: SnapshotKey?, signatures: Signatures, snapshot: (CaseFile, SnapshotKey)?) {
        self.path = path
        self.check = check
        self.snapshot = snapshot
        state = Mutex((false, nil, signatures))
    }

    /// Takes the lines from byte `start` to `end`, just written after those
    /// still to be checked, into the check, if it has not started; returns
    /// whether it did (the caller checks them itself if not).
    /// With `end` nil, only says whether it would.
    func extendSignatures(from start: Int, to end: Int?) -> Bool {
        state.withLock { state in
            guard !state.started else { return false }
            guard let end else {
                switch state.signatures {
                case .fromTheStart(let last), .after(_, _, _, let last, _): return last == start
                }
            }
            switch state.signatures {
            case .fromTheStart(let last) where last == start:
                state.signatures = .fromTheStart(end: end)
            case .after(let header, let position, let offset, let last, let roster) where last == start:
                state.signatures = .after(header: header, position: position, offset: offset, end: end, roster: roster)
            default:
                return false
            }
            return true
        }
    }

    var checkOutcome: CheckOutcome? { state.withLock { $0.outcome } }

    func start() {
        let (first, signatures) = state.withLock { state in
            defer { state.started = true }
            return (!state.started, state.signatures)
        }
        guard first else { return }
        Thread.start { [self] in
            var outcome = check.map { DeferredWork.checkLines(upTo: $0, of: path) } ?? .passed
            if outcome == .passed { outcome = DeferredWork.checkSignatures(signatures, of: path) }
            state.withLock { $0.outcome = outcome }
            checked.signal()
            if outcome == .passed, let (file, key) = snapshot {
                // A snapshot is a cache: if it cannot be saved, the next opening reads the whole journal.
                try? SnapshotFile.write(file, key: key, for: path)
            }
            ended.signal()
        }
    }

    /// Waits until the check is done (the work must have been started).
    func waitForCheck() {
        checked.wait()
        checked.signal()  // for whoever waits next
    }

    /// Waits, up to `seconds`, for all the work to end, if it was started.
    func wait(seconds: Double) {
        guard state.withLock({ $0.started }) else { return }
        if ended.wait(timeout: .now() + seconds) == .success { ended.signal() }
    }

    /// Reads the lines whose signatures were not checked yet, checking them, the chain, and each actor's role.
    static func checkSignatures(_ which: Signatures, of path: String) -> CheckOutcome {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failed(sequence: 1, offset: 0, reason: "it could not be read again (\(FileIO.errorText()))") }
        defer { Glibc.close(fd) }
        do {
            // Damage to the chain was found and said when opening: here only signatures and roles are judged.
            let signed: SignedScan
            switch which {
            case .fromTheStart(let end):
                signed = try JournalScan.scanSigned(fd: fd, path: path, end: end).1
            case .after(let header, let position, let offset, let end, let roster):
                signed = try JournalScan.scanSigned(fd: fd, path: path, header: header, after: position, from: offset,
                                                    end: end, roster: roster).1
            }
            guard let problem = signed.problem else { return .passed }
            return .failed(sequence: problem.sequence, offset: problem.offset, reason: problem.reason)
        } catch {
            return .failed(sequence: 1, offset: 0, reason: error.description)
        }
    }

    /// Reads the journal's lines up to the key's, checking each and the chain.
    static func checkLines(upTo key: SnapshotKey, of path: String) -> CheckOutcome {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failed(sequence: 1, offset: 0, reason: "it could not be read again (\(FileIO.errorText()))") }
        defer { Glibc.close(fd) }
        do {
            let scan = try JournalScan.scan(fd: fd, path: path, end: key.length, wanted: LineFilter { _ in false }) { _ in }
            if let problem = scan.problem {
                return .failed(sequence: problem.sequence, offset: problem.offset, reason: problem.reason)
            }
            guard scan.lines.position == ChainPosition(sequence: key.sequence, hash: key.hash) else {
                return .failed(sequence: key.sequence, offset: key.lastLineStart,
                               reason: "the lines before it are not the ones its snapshot was made from")
            }
            return .passed
        } catch {
            return .failed(sequence: 1, offset: 0, reason: error.description)
        }
    }
}
