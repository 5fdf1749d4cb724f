import TandemCore
import TandemJournal

/// The console's state joined to its journal: feeds messages to `update` and
/// carries out the effects it returns. Used by the terminal loop and by tests.
public final class ConsoleSession {
    public private(set) var state: ConsoleState
    public let store: EventStore
    private let clock: () -> Timestamp

    public init(state: ConsoleState, store: EventStore, clock: @escaping () -> Timestamp) {
        self.state = state
        self.store = store
        self.clock = clock
        self.state.readOnlyReason = store.readOnlyReason
        self.state.checkingJournal = store.isChecking
    }

    /// Handles one message and everything it leads to. Returns false when the
    /// console should quit.
    @discardableResult
    public func handle(_ message: Message) -> Bool {
        state.now = clock()
        var pending = [message]
        while !pending.isEmpty {
            let next = pending.removeFirst()
            for effect in update(&state, next) {
                switch effect {
                case .quit:
                    return false
                case .commit(let command):
                    pending += commit(command)
                case .loadHistory(let code):
                    pending.append(loadHistory(code))
                }
            }
        }
        return true
    }

    /// Shows what other consoles appended; called every fraction of a second.
    public func follow() {
        do {
            let records = try store.newRecords()
            if !records.isEmpty { handle(.arrived(records.map(\.event))) }
        } catch {
            handle(.notice(error.description))
        }
        if let journal = store as? Journal {
            for notice in journal.takeNotices() { handle(.notice(notice)) }
        }
        state.readOnlyReason = store.readOnlyReason
        state.checkingJournal = store.isChecking
    }

    private func loadHistory(_ code: String) -> Message {
        do {
            let records = try store.records(about: code)
            let summaries = CaseFile.historySummaries(records.map(\.event))
            let entries = zip(records, summaries).map { record, summary in
                HistoryEntry(sequence: record.sequence, time: record.event.time, actor: record.event.actor,
                             summary: "\(record.event.change.type): \(summary)")
            }
            return .history(code: code, entries)
        } catch {
            return .notice("Could not read the history: \(error.description)")
        }
    }

    private func commit(_ command: Change) -> [Message] {
        var arrived: [JournalRecord] = []
        var caseFile = state.caseFile
        let (user, now) = (state.user, state.now)
        var outcome: Message
        do {
            let saved = try store.commit { foreign in
                arrived = foreign
                for record in foreign { caseFile.apply(record.event) }
                return try caseFile.decide(command, by: user, at: now)
            }
            outcome = .saved(saved.map(\.event))
        } catch let refusal as Refusal {
            outcome = .refused(refusal)
        } catch let error as JournalError {
            outcome = .notSaved(reason: error.description, stopsWriting: !store.isWritable)
        } catch {
            outcome = .notSaved(reason: "Not saved: \(error)", stopsWriting: !store.isWritable)
        }
        state.readOnlyReason = store.readOnlyReason
        state.checkingJournal = store.isChecking
        return (arrived.isEmpty ? [] : [.arrived(arrived.map(\.event))]) + [outcome]
    }
}
