import Synchronization
import PostgresNIO

/// Listens, on a connection of its own, for the server's word that lines were
/// appended. A notification is only a hint to look: readers always read by
/// sequence number and check each line. After (re)connecting it says "look"
/// once, since whatever was appended while it was away was not notified.
final class SharedListener: Sendable {
    private let hint = Atomic<Bool>(true)
    private let state = Mutex<(stopped: Bool, task: Task<Void, Never>?, connection: PostgresConnection?)>((false, nil, nil))
    /// Whether a LISTEN is in place now.
    let isListening = Atomic<Bool>(false)

    init(link: SharedLink, journal: String, retryEvery seconds: Double = 2) {
        let task = Task(executorPreference: CallThread.shared) { [self] in await listen(link: link, journal: journal, retryEvery: seconds) }
        state.withLock { $0.task = task }
    }

    /// Until stopped: connect, LISTEN, take notifications; when the connection
    /// is lost, wait a moment and do it again.
    private func listen(link: SharedLink, journal: String, retryEvery seconds: Double) async {
        while !state.withLock({ $0.stopped }) {
            do {
                let connection = try await link.openConnection()
                defer { SharedLink.close(connection) }
                let stopped = state.withLock { state in
                    state.connection = connection
                    return state.stopped
                }
                if stopped { return }
                try await connection.listen(on: SharedSchema.channel) { notifications in
                    isListening.store(true, ordering: .releasing)
                    // LISTEN first, then catch up: anything appended before now is read by number.
                    hint.store(true, ordering: .releasing)
                    for try await notification in notifications {
                        if notification.payload.hasPrefix(journal + " ") { hint.store(true, ordering: .releasing) }
                        if state.withLock({ $0.stopped }) { return }
                    }
                }
            } catch {}
            isListening.store(false, ordering: .releasing)
            hint.store(true, ordering: .releasing)
            try? await Task.sleep(for: .seconds(seconds))
        }
    }

    /// Whether the server said something was appended since this was last asked.
    func takeHint() -> Bool { hint.exchange(false, ordering: .acquiringAndReleasing) }

    func stop() {
        let (task, connection) = state.withLock { state -> (Task<Void, Never>?, PostgresConnection?) in
            state.stopped = true
            return (state.task, state.connection)
        }
        task?.cancel()
        if let connection { SharedLink.close(connection) }
    }
}
