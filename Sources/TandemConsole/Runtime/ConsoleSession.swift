import Dispatch
import Synchronization
import TandemCore
import TandemJournal

/// The console's state joined to its journal: feeds messages to `update` and
/// carries out the effects it returns. With `inBackground`, effects that touch
/// the journal run on a thread of their own and answer with messages the run
/// loop takes (`takeAnswers`), so the console keeps drawing and taking keys
/// while a save waits for another console; without it (tests that call
/// `handle` directly) each effect is carried out before `handle` returns.
public final class ConsoleSession {
    public private(set) var state: ConsoleState
    public let store: EventStore
    private let clock: () -> Timestamp
    private let lists = ListCache()
    private let worker: EffectWorker?

    public init(state: ConsoleState, store: EventStore, clock: @escaping () -> Timestamp, inBackground: Bool = false) {
        self.state = state
        self.store = store
        self.clock = clock
        let runner = EffectRunner(store: store)
        self.runner = runner
        worker = inBackground ? EffectWorker(runner: runner) : nil
        self.state.readOnlyReason = store.readOnlyReason
        self.state.checkingJournal = store.isChecking
        _ = update(&self.state, .resize(width: state.width, height: state.height), lists: lists)
    }

    private let runner: EffectRunner

    /// Handles one message and everything it leads to. Returns false when the
    /// console should quit.
    @discardableResult
    public func handle(_ message: Message) -> Bool {
        state.now = clock()
        var pending = [message]
        while !pending.isEmpty {
            let next = pending.removeFirst()
            for effect in update(&state, next, lists: lists) {
                let job: EffectRunner.Job
                switch effect {
                case .quit: return false
                case .stopWaiting:
                    runner.stopWaiting()
                    continue
                case .commit(let changes): job = .commit(changes, state.wholeCaseFile, user: state.user, now: state.now, zone: state.zone)
                case .loadHistory(let code): job = .history(code, state.caseFile, state.zone)
                }
                if let worker { worker.post(job) } else { pending += runner.run(job) }
            }
        }
        return true
    }

    /// No effect is running and no answer waits to be taken.
    public var isIdle: Bool { worker?.isIdle ?? true }

    /// The answers of effects run in the background, in the order they came.
    public func takeAnswers() -> [Message] { worker?.takeAnswers() ?? [] }

    /// Looks for what other consoles appended (every fraction of a second).
    public func follow() {
        if let worker {
            worker.post(.follow)
        } else {
            for message in runner.run(.follow) { handle(message) }
        }
    }

    /// Waits for the effects under way (a save) to end, and takes their answers.
    public func finish() {
        guard let worker else { return }
        worker.waitUntilIdle()
        for message in worker.takeAnswers() { handle(message) }
    }
}

/// Carries out the effects that touch the store, answering with messages.
/// Used from one thread at a time: the session's, or the worker's.
final class EffectRunner: @unchecked Sendable {
    enum Job: Sendable {
        case commit([Proposal], CaseFile, user: String, now: Timestamp, zone: OfficerZone)
        /// A record's history; the case file names the kinds of the records its links join.
        case history(String, CaseFile, OfficerZone)
        case follow
    }

    private let store: EventStore
    /// The count of changes not yet shared last told to the console.
    private var toldNotYetShared = 0
    /// Answers sent while a job still runs (waiting for the lock), taken by the worker.
    let early = Mutex<[Message]>([])
    private let stop = Mutex(false)

    init(store: EventStore) {
        self.store = store
    }

    func stopWaiting() { stop.withLock { $0 = true } }

    func run(_ job: Job) -> [Message] {
        switch job {
        case .commit(let changes, let caseFile, let user, let now, let zone): commit(changes, caseFile, user: user, now: now, zone: zone)
        case .history(let code, let caseFile, let zone): [history(code, caseFile, zone)]
        case .follow: follow()
        }
    }

    private func follow() -> [Message] {
        var messages: [Message] = []
        do {
            let records = try store.newRecords()
            if !records.isEmpty { messages.append(.arrived(records.map(\.event))) }
        } catch {
            messages.append(.notice(error.description))
        }
        messages += sharing()
        messages += store.takeNotices().map(Message.notice)
        messages.append(.journalState(readOnlyReason: store.readOnlyReason, checking: store.isChecking))
        return messages
    }

    /// What a shared store has to say after an effect: the state to show in place
    /// of the console's, and how many changes are kept here, when either changed.
    private func sharing() -> [Message] {
        var messages: [Message] = []
        if let replacement = store.takeReplacement() { messages.append(.replaced(replacement)) }
        if store.notYetShared != toldNotYetShared {
            toldNotYetShared = store.notYetShared
            messages.append(.notYetShared(toldNotYetShared))
        }
        return messages
    }

    private func history(_ code: String, _ caseFile: CaseFile, _ zone: OfficerZone) -> Message {
        do {
            let records = try store.records(about: code)
            let summaries = CaseFile.historySummaries(records.map(\.event), in: zone)
            let entries = zip(records, summaries).map { record, summary in
                var linkedTo: String?
                var summary = summary
                if case .linkAdded(let link) = record.event.change {
                    linkedTo = link.from == code ? link.to : link.from
                    summary = caseFile.describe(link)
                }
                return HistoryEntry(sequence: record.sequence, time: record.event.time, actor: record.event.actor,
                                    summary: "\(record.event.change.type): \(summary)", linkedTo: linkedTo, happened: record.event.at)
            }
            return .history(code: code, entries)
        } catch {
            return .notice("Could not read the history: \(error.description)")
        }
    }

    private func commit(_ proposals: [Proposal], _ caseFile: CaseFile, user: String, now: Timestamp, zone: OfficerZone) -> [Message] {
        var arrived: [JournalRecord] = []
        // The state before the commit, with others' records applied as they arrive (each once).
        var base = caseFile
        var applied = 0
        var outcome: Message
        stop.withLock { $0 = false }
        var toldWaiting = false
        store.whileWaitingForLock = { [self] in
            if !toldWaiting {
                toldWaiting = true
                early.withLock { $0.append(.waitingForLock) }
            }
            return !stop.withLock { $0 }
        }
        defer { store.whileWaitingForLock = nil }
        do {
            // Decided afresh each time the store asks (a shared store asks again, with more of others'
            // records, when another console saved first). One proposal, the usual save, is decided on the
            // state itself: copying a large case file at each try costs more than the try.
            let saved = try store.commit { foreign in
                arrived = foreign
                for record in foreign[applied...] { base.apply(record.event) }
                applied = foreign.count
                if proposals.count == 1 { return try base.decide(proposals[0], by: user, at: now, zone: zone) }
                var caseFile = base
                var events: [Event] = []
                for proposal in proposals {
                    let decided = try caseFile.decide(proposal, by: user, at: now, zone: zone)
                    for event in decided { caseFile.apply(event) }
                    events += decided
                }
                return events
            }
            outcome = .saved(saved.map(\.event))
        } catch let refusal as Refusal {
            outcome = .refused(refusal)
        } catch let error as JournalError {
            outcome = .notSaved(reason: error.description, stopsWriting: !store.isWritable)
        } catch {
            outcome = .notSaved(reason: "Not saved: \(error)", stopsWriting: !store.isWritable)
        }
        return (arrived.isEmpty ? [] : [.arrived(arrived.map(\.event))]) + [outcome] + sharing()
            + store.takeNotices().map(Message.notice)
            + [.journalState(readOnlyReason: store.readOnlyReason, checking: store.isChecking)]
    }
}

/// One thread that runs the runner's jobs in order.
final class EffectWorker: @unchecked Sendable {
    private let runner: EffectRunner
    private let shared = Mutex<(jobs: [EffectRunner.Job], answers: [Message], running: Bool)>((jobs: [], answers: [], running: false))
    private let posted = DispatchSemaphore(value: 0)
    private let settled = DispatchSemaphore(value: 0)

    init(runner: EffectRunner) {
        self.runner = runner
        Thread.start { [self] in work() }
    }

    func post(_ job: EffectRunner.Job) {
        shared.withLock {
            // One look for other consoles' changes at a time is enough.
            if case .follow = job, $0.jobs.contains(where: { if case .follow = $0 { true } else { false } }) { return }
            $0.jobs.append(job)
        }
        posted.signal()
    }

    var isIdle: Bool {
        let early = runner.early.withLock { !$0.isEmpty }
        return !early && shared.withLock { $0.jobs.isEmpty && !$0.running && $0.answers.isEmpty }
    }

    func takeAnswers() -> [Message] {
        let early = runner.early.withLock { messages in
            defer { messages = [] }
            return messages
        }
        return early + shared.withLock { state in
            defer { state.answers = [] }
            return state.answers
        }
    }

    func waitUntilIdle() {
        while shared.withLock({ !$0.jobs.isEmpty || $0.running }) { settled.wait() }
    }

    private func work() {
        while true {
            posted.wait()
            guard let job = shared.withLock({ state -> EffectRunner.Job? in
                guard !state.jobs.isEmpty else { return nil }
                state.running = true
                return state.jobs.removeFirst()
            }) else { continue }
            let answers = runner.run(job)
            shared.withLock {
                $0.answers += answers
                $0.running = false
            }
            settled.signal()
        }
    }
}
