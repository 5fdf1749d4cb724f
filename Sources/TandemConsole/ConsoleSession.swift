import TandemCore
import TandemJournal

/// The console's state joined to its journal: feeds messages to `update` and
/// carries out the effects it returns. Used by the terminal loop and by tests.
public final class ConsoleSession {
    public private(set) var state: ConsoleState
    public let journal: Journal
    private let clock: () -> Timestamp

    public init(state: ConsoleState, journal: Journal, clock: @escaping () -> Timestamp) {
        self.state = state
        self.journal = journal
        self.clock = clock
        if !journal.isWritable, case .readOnly(let reason) = journal.access {
            self.state.readOnlyReason = reason
        }
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
                case .commit(let events):
                    do {
                        try journal.append(events)
                        pending.append(.saved(events))
                    } catch {
                        pending.append(.notSaved(reason: error.description, stopsWriting: !journal.isWritable))
                    }
                }
            }
        }
        return true
    }
}
