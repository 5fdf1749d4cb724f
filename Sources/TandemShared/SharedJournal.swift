#if canImport(Glibc)
import Glibc
#endif
import struct Foundation.UUID
import TandemCore
import TandemJournal

/// A journal a unit shares on a PostgreSQL server, seen through a local
/// journal that is always a byte-identical prefix of the server's (its cache).
///
/// A commit keeps the local contract (`EventStore.commit`): read what is new
/// on the server, check it (chain, signatures, roles) and keep it in the
/// cache, decide, make and sign the lines, and offer them against that head.
/// When another console got in first the server answers "behind" and writes
/// nothing: the commit reads again and decides again. When the answer is lost
/// (the connection broke), the same commit id is offered again: the server
/// recognises it if it went through.
public final class SharedJournal: EventStore {
    public let cache: Journal
    public let link: SharedLink
    public let journalID: String
    /// This machine's name, kept with each commit on the server.
    public let device: String
    private var listener: SharedListener?
    /// How many times a commit decides again when others keep getting in first,
    /// and for how many seconds at least (each answer "behind" is quick).
    public var attempts = 40
    public var savePatience: Double = 20
    /// Seconds a save tries again on its own before it asks the server for a place in the queue of
    /// waiting commits, which then lets it in before the others: a console far from the server, whose
    /// offers keep arriving after others', still gets its turn. Sooner, and under a heavy load of saves
    /// most commits end up queued, and a queue hands its turns on more slowly than commits race.
    public var queueAfter: Double = 1
    /// Offered with this many tries or more, a commit takes a place in the server's queue (see `tandem.append`).
    static let queueingTries = 6
    /// Seconds between looks at the server when no notification comes.
    public var pollInterval: Double
    /// Seconds since some fixed point (injected by tests).
    private let seconds: () -> Double
    private var lastLook: Double?
    /// Seconds between two steps of the audit, which compares the server's
    /// older rows with this copy's, `auditLines` at a time, round and round:
    /// a row changed on the server behind the triggers is found even when no
    /// console reads it again.
    public var auditInterval: Double = 5
    public var auditLines = 20_000
    private var lastAudit: Double?
    /// Where the next audit step starts: a record's number and its line's offset in the copy.
    private var auditFrom: (sequence: Int, offset: Int)?
    private var auditStep: AuditStep?
    /// When the server last answered; kept beside the copy (`LastContact`) at most once a minute, and on closing.
    public private(set) var lastContact: Timestamp?
    private var contactKeptAt: Double?
    private var contactUnkept = false
    private let now: () -> Timestamp
    /// Why the server cannot be written any more (its history does not extend the cache).
    private var divergedReason: String?
    /// The server could not be reached at the last look (said once until it can be again).
    public private(set) var unreachableReason: String?
    private var notices: [String] = []
    /// Changes kept on this laptop until the server can take them (see `PendingChanges`).
    public let pending: PendingChanges
    /// The case file as the shared journal now holds it, once changes kept
    /// offline were decided again (the console's state is replaced by it).
    private var replacement: CaseFile?

    /// Wraps `cache` (opened, with the signer set) as the copy of the shared
    /// journal at `link`; its header must be the server's. Listens for
    /// appends unless `listening` is false (then it looks every `pollInterval`).
    public init(
        cache: Journal, link: SharedLink, device: String = SharedJournal.machineName(), listening: Bool = true,
        pollInterval: Double = 5, seconds: @escaping () -> Double = SharedJournal.monotonicSeconds, now: @escaping () -> Timestamp
    ) {
        self.cache = cache
        self.link = link
        self.journalID = cache.header.id
        self.device = device
        self.pollInterval = pollInterval
        self.seconds = seconds
        self.now = now
        pending = PendingChanges(beside: cache.path)
        if listening { listener = SharedListener(link: link, journal: cache.header.id) }
    }

    deinit { close() }

    /// Whether a LISTEN for appends is in place now.
    public var isListening: Bool { listener?.isListening.load(ordering: .acquiring) ?? false }

    /// Stops listening and closes the connection (unless the link is still wanted by its owner).
    public func close(keepingLink: Bool = false) {
        listener?.stop()
        listener = nil
        if let lastContact, contactUnkept { keepContact(lastContact) }
        if !keepingLink { link.close() }
    }

    // MARK: EventStore

    public var lastSequence: Int { cache.lastSequence }
    public var isWritable: Bool { readOnlyReason == nil }
    public var readOnlyReason: String? { divergedReason ?? cache.readOnlyReason ?? viewOnlyReason }
    /// Set for a console opened read-only: it still follows the shared journal (its copy takes the
    /// server's lines), and saves nothing, nor shares changes kept on this laptop.
    public var viewOnlyReason: String?
    public var isChecking: Bool { cache.isChecking }
    public var whileWaitingForLock: (() -> Bool)? {
        get { cache.whileWaitingForLock }
        set { cache.whileWaitingForLock = newValue }
    }

    /// How many changes are kept on this laptop, not yet shared.
    public var notYetShared: Int { pending.changes.count }

    public func takeReplacement() -> CaseFile? {
        defer { replacement = nil }
        return replacement
    }

    public func takeNotices() -> [String] {
        defer { notices = [] }
        return cache.takeNotices() + notices
    }

    /// What others appended on the server since the last look: read when the
    /// server said something was appended, or every `pollInterval` seconds.
    public func newRecords() throws(JournalError) -> [JournalRecord] {
        let hinted = listener?.takeHint() ?? false
        let due = lastLook.map { seconds() - $0 >= pollInterval } ?? true
        // A copy that cannot be written (opened read-only, or damage found) takes nothing more: it was said once.
        guard hinted || due, divergedReason == nil, cache.readOnlyReason == nil else { return [] }
        do {
            let records = try pull()
            if !pending.changes.isEmpty && viewOnlyReason == nil {
                try settlePending()
                return []
            }
            if auditStep != nil || lastAudit.map({ seconds() - $0 >= auditInterval }) ?? true { try audit() }
            return records
        } catch let error as SharedError {
            note(error)
            return []
        } catch let error as JournalError {
            throw error
        } catch {
            notices.append("\(error)")
            return []
        }
    }

    public func commit(_ decide: ([JournalRecord]) throws -> [Event]) throws -> [JournalRecord] {
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        var foreign: [JournalRecord] = []
        // One id for the commit, whatever the tries: an answer "behind" wrote nothing, so at most one try goes in.
        let id = UUID.randomCommitID()
        // The first offer is made against what this copy holds: the answer "behind" brings what it lacks.
        var mustRead = !pending.changes.isEmpty
        let started = seconds()
        var attempt = -1
        // Whether this commit asked for a place in the server's queue (and may hold one).
        var queued = false
        while true {
            attempt += 1
            if attempt >= attempts && (seconds() - started >= savePatience || attempt >= 50 * attempts) { break }
            // Offline, or with changes kept offline still waiting (they go first): kept on this laptop.
            if mustRead {
                do {
                    foreign += try pulling()
                    if !pending.changes.isEmpty { try settlePending() }
                } catch SharedError.unreachable {
                    return try keep(PendingChange(id: id, events: try decide(foreign)))
                }
                if !pending.changes.isEmpty { return try keep(PendingChange(id: id, events: try decide(foreign))) }
            }
            mustRead = true
            let events: [Event]
            do { events = try decide(foreign) } catch {
                if queued { withdraw(id) }
                throw error
            }
            if events.isEmpty { return [] }
            let made = try cache.makeLines(for: events)
            let answer: AppendAnswer
            if !queued && seconds() - started >= queueAfter { queued = true }
            do { answer = try offer(made, id: id, tries: queued ? Self.queueingTries : 0) }
            catch SharedError.unreachable {
                // Whether it went in is not known: kept under its id, which settles it when the server is back.
                return try keep(PendingChange(id: id, events: events))
            }
            switch answer {
            case .appended:
                let kept = try cache.appendMade(made)
                lastLook = seconds()
                return kept
            case .duplicate:
                // An earlier try of this very commit went through: its lines are the next ones.
                return try pulling()
            case .behind(let head, let next, let missing, let ahead):
                // What arrived came with the answer (when all of it did): decide again at once.
                if missing.count == head - cache.lastSequence, head > cache.lastSequence {
                    foreign += try cache.appendCopied(missing.flatMap { $0 + [0x0A] })
                    mustRead = false
                }
                if attempt >= 2 || ahead > 0 { pauseAfterBehind(attempt: attempt, ahead: ahead, next: next) }
            case .withdrawn:
                throw SharedError.server("tandem.append took the commit for a withdrawal")
            }
        }
        throw SharedError.server("other consoles kept saving first (\(attempt) tries in \(Int(seconds() - started)) seconds); nothing was saved, try again")
    }

    /// Keeps a change on this laptop until the server can take it; returns its
    /// records as they stand here (numbered after the copy and the changes already kept).
    private func keep(_ change: PendingChange) throws -> [JournalRecord] {
        if change.events.isEmpty { return [] }
        let before = pending.changes.reduce(0) { $0 + $1.events.count }
        try pending.add(change)
        notices.append("Kept on this laptop, not yet shared (\(pending.changes.count)): the shared journal cannot be reached; "
                       + "it is shared when the server can be reached again.")
        let first = cache.lastSequence + before + 1
        return change.events.enumerated().map { JournalRecord(sequence: first + $0.offset, event: $0.element) }
    }

    /// Offers the changes kept on this laptop, in order, each decided again
    /// against the shared journal as it now stands: a change already in (its
    /// first offer went through) is recognised by its id; a change refused now
    /// is set aside in `COPY.refused` and the officer told why, and who got
    /// there first. Then the console's state is replaced by the journal's.
    func settlePending() throws {
        guard !pending.changes.isEmpty else { return }
        var state = CaseFile()
        for record in try cache.records(from: 1) { state.apply(record.event) }
        func take(_ records: [JournalRecord]) { for record in records { state.apply(record.event) } }
        for change in pending.changes {
            take(try pull())
            if try link.commitEnd(journal: journalID, commit: change.id) != nil {
                take(try pull())
                try pending.remove(change.id)
                notices.append("Shared: \(Self.describe(change)) reached the shared journal before the connection was lost.")
                continue
            }
            var settled = false
            for attempt in 0..<attempts where !settled {
                take(try pull())
                let decided: [Event]
                do { decided = try state.decideAgain(change.events) } catch {
                    if attempt >= Self.queueingTries { withdraw(change.id) }
                    try setAside(change, because: error, state: state)
                    settled = true
                    break
                }
                let made = try cache.makeLines(for: decided)
                switch try offer(made, id: change.id, tries: attempt) {
                case .appended:
                    take(try cache.appendMade(made))
                    settled = true
                case .duplicate:
                    take(try pull())
                    settled = true
                case .behind(_, let next, _, let ahead):
                    pauseAfterBehind(attempt: attempt, ahead: ahead, next: next)
                case .withdrawn:
                    throw SharedError.server("tandem.append took the commit for a withdrawal")
                }
            }
            guard settled else { throw SharedError.server("other consoles kept saving first; the changes kept on this laptop wait") }
            try pending.remove(change.id)
        }
        lastLook = seconds()
        replacement = state
        notices.append("Every change kept on this laptop has been dealt with: the console shows the shared journal as it now stands.")
    }

    /// Sets a change the shared journal refuses now aside (in `COPY.refused`, never dropped) and says why.
    private func setAside(_ change: PendingChange, because refusal: Refusal, state: CaseFile) throws {
        let file = try PrivateFile(appendingTo: cache.path + ".refused")
        defer { file.close() }
        try file.append(PendingChanges.encode(change))
        try file.sync()
        var why = refusal.description
        let code = change.events[0].change.entity
        if refusal.reason.hasSuffix("is already in use"), let first = try? cache.records(about: code).first {
            why += ", taken by \(first.event.actor) at \(first.event.time.iso8601)"
        }
        notices.append("NOT SHARED: \(Self.describe(change)), made while offline: \(why). Rename or discard it: it is kept in \(file.path).")
    }

    static func describe(_ change: PendingChange) -> String {
        let event = change.events[0]
        return "\(event.change.type) \(event.change.entity)" + (change.events.count > 1 ? " (and \(change.events.count - 1) more)" : "")
    }

    public func records(from sequence: Int) throws(JournalError) -> [JournalRecord] { try cache.records(from: sequence) }
    public func records(about code: String) throws(JournalError) -> [JournalRecord] { try cache.records(about: code) }

    // MARK: Reading and offering

    /// How many lines one look reads at most at a time.
    static let page = 2000

    /// Reads what is new on the server into the cache, checking that the
    /// server still holds the cache's last line as it is, and returns the records it holds.
    func pull(signatures: CopiedSignatures = .checkNow, progress: ((Int) -> Void)? = nil) throws -> [JournalRecord] {
        var records: [JournalRecord] = []
        while true {
            let last = cache.lastSequence
            let rows = try link.lines(of: journalID, from: max(last, 1), limit: Self.page + 1)
            contacted()
            var fresh = rows[...]
            if last > 0 {
                guard let first = rows.first, first.sequence == last else {
                    throw diverged("the server holds fewer records than this copy's \(last)")
                }
                guard Journal.hash(ofLine: first.line) == cache.lastHash else {
                    throw diverged("record \(last) on the server is not the record this copy holds (it was changed on the server)")
                }
                fresh = rows.dropFirst()
            }
            if fresh.isEmpty { return records }
            var bytes: [UInt8] = []
            for (index, row) in fresh.enumerated() {
                guard row.sequence == last + 1 + index else {
                    throw diverged("the server skips from record \(last + index) to \(row.sequence)")
                }
                bytes += row.line
                bytes.append(0x0A)
            }
            records += try cache.appendCopied(bytes, signatures: signatures)
            progress?(cache.lastSequence)
            if fresh.count < Self.page { return records }
        }
    }

    /// Compares the next `auditLines` records of this copy with the server's
    /// rows (a digest of each side, and the rows themselves only when they
    /// differ); after the copy's last record it starts again from the first.
    /// The server's digest (tens of milliseconds for 20,000 rows) is not waited
    /// for: a step asks for it, and a later look takes the answer, so the
    /// console's keys are never held up by it.
    func audit() throws {
        if let step = auditStep {
            let answer: Bool?
            // A step that failed is over: the next one asks again, from where this one started.
            do { answer = try link.outcome(of: step.comparison) } catch {
                auditStep = nil
                throw error
            }
            guard let same = answer else { return }
            auditStep = nil
            try finish(step, same: same)
            return
        }
        lastAudit = seconds()
        let last = cache.lastSequence
        guard last > 0 else { return }
        var from = try auditFrom ?? (1, cache.eventsStart())
        if from.sequence > last { from = (1, try cache.eventsStart()) }
        let block = try cache.lineBlock(at: from.offset, count: min(auditLines, last - from.sequence + 1))
        guard block.lines > 0 else { return }
        auditStep = AuditStep(from: from, block: block, comparison: link.startComparison(
            of: journalID, from: from.sequence, through: from.sequence + block.lines - 1, with: block.bytes))
    }

    /// A step of the audit waiting for the server's answer.
    private struct AuditStep {
        var from: (sequence: Int, offset: Int)
        var block: (bytes: [UInt8], lines: Int)
        /// Whether the server's digest of those rows is the block's.
        var comparison: StartedCall<Bool>
        /// The number of the block's last record.
        var through: Int { from.sequence + block.lines - 1 }
    }

    /// Waits at most `seconds` for the server to answer the audit step asked of it; the next look takes the answer (for tests).
    func waitForAuditAnswer(seconds: Double) {
        auditStep?.comparison.wait(seconds: seconds)
    }

    /// Whether an audit step waits for the server's answer.
    var isAuditing: Bool { auditStep != nil }

    /// Ends a step: when the digests differ, the rows are read and compared one by one to name the first that differs.
    private func finish(_ step: AuditStep, same: Bool) throws {
        let (from, through, block) = (step.from, step.through, step.block)
        if !same {
            let held = block.bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            let rows = try link.lines(of: journalID, from: from.sequence, limit: block.lines)
            for (index, line) in held.prefix(block.lines).enumerated() {
                let sequence = from.sequence + index
                guard index < rows.count, rows[index].sequence == sequence else {
                    throw diverged("the server no longer holds record \(sequence)")
                }
                if rows[index].line[...] != line {
                    throw diverged("record \(sequence) on the server is not the record this copy holds (it was changed on the server)")
                }
            }
        }
        auditFrom = (through + 1, from.offset + block.bytes.count)
    }

    /// Reads everything new on the server now (as far as its head when asked),
    /// throwing when the server cannot be reached or does not extend the copy.
    /// With `deferringSignatures` (a console opening, before its first frame),
    /// the new lines' signatures are checked with the lines opening read, in
    /// the background, before anything is saved (see `Journal.appendCopied`).
    public func catchUp(deferringSignatures: Bool = false, progress: ((Int, Int) -> Void)? = nil) throws -> [JournalRecord] {
        let head = try link.journal(journalID)?.head.sequence ?? 0
        return try pull(signatures: deferringSignatures ? .leaveToOpeningCheck : .checkNow) { progress?($0, head) }
    }

    /// Offers the changes kept on this laptop now (see `settlePending`), throwing when the server cannot be reached.
    public func sharePending() throws {
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        try settlePending()
    }

    /// `pull`, with an unreachable server said as such.
    private func pulling() throws -> [JournalRecord] {
        do { return try pull() } catch let error as SharedError {
            note(error)
            throw error
        }
    }

    /// Offers a commit's lines; when the answer is lost, offers them again under
    /// the same id (the server recognises a commit that went through).
    private func offer(_ made: MadeCommit, id: UUID, tries: Int) throws -> AppendAnswer {
        var lastError: SharedError?
        for _ in 0..<3 {
            do {
                let answer = try link.append(journal: journalID, commit: id, device: device, expected: made.after, lines: made.lines, tries: tries)
                contacted()
                return answer
            } catch .unreachable(let why) {
                lastError = .unreachable(why)
                continue
            } catch {
                throw error
            }
        }
        let error = lastError ?? .unreachable("no answer")
        note(error)
        throw SharedError.unreachable("\(error.description.dropLast()) while saving; whether the change was saved is not known yet, and it is settled at the next look (commit \(id))")
    }

    /// Waits before offering again after the answer "behind", a random while so that consoles that keep
    /// colliding spread out. With commits queued ahead (this one among them, or not): about their turns,
    /// 2 ms each, at most 50 ms in all (one that asks again at once takes the processor from the one whose
    /// turn it is; one that sleeps too long leaves the server idle when its own turn comes). Next in line:
    /// not at all. Otherwise up to `attempt` milliseconds (at most 4): the answer brought what arrived,
    /// so trying again at once is cheap.
    private func pauseAfterBehind(attempt: Int, ahead: Int, next: Bool) {
        if ahead > 0 {
            let most = min(50_000, 2_000 * ahead)
            usleep(useconds_t(Int.random(in: most / 2...most)))
        } else if !next {
            usleep(useconds_t(Int.random(in: 0...(1000 * min(attempt, 4)))))
        }
    }

    /// Gives up a commit's place in the server's queue (taken when it asked for one): the others would
    /// wait for it a while.
    private func withdraw(_ id: UUID) {
        _ = try? link.append(journal: journalID, commit: id, device: device, expected: 0, lines: [])
    }

    private func contacted() {
        lastContact = now()
        lastLook = seconds()
        contactUnkept = true
        if let lastContact, contactKeptAt.map({ seconds() - $0 >= 60 }) ?? true { keepContact(lastContact) }
        if unreachableReason != nil {
            unreachableReason = nil
            notices.append("The shared journal can be reached again.")
        }
    }

    private func keepContact(_ time: Timestamp) {
        LastContact.write(time, beside: cache.path)
        contactKeptAt = seconds()
        contactUnkept = false
    }

    private func note(_ error: SharedError) {
        lastLook = seconds()
        if case .unreachable(let why) = error {
            if unreachableReason == nil { notices.append(error.description) }
            unreachableReason = why
        } else {
            notices.append(error.description)
        }
    }

    private func diverged(_ why: String) -> SharedError {
        let error = SharedError.diverged(why)
        if divergedReason == nil {
            divergedReason = "the shared journal no longer extends this copy: \(why)"
            notices.append(error.description + " Nothing more can be saved; tell the unit's administrator, and run `tandem verify --shared`.")
        }
        return error
    }

    // MARK: Defaults

    public static func machineName() -> String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "unknown" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
