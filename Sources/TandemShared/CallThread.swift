import Dispatch
import Synchronization
import TandemJournal

/// A thread of its own on which the shared store's async calls run. Callers
/// wait for those calls from ordinary threads; were the calls run on Swift's
/// shared pool, callers waiting on the pool's own threads (as tests do) could
/// take every thread it has, and nothing would run.
final class CallThread: TaskExecutor, @unchecked Sendable {
    static let shared = CallThread()

    private let jobs = Mutex<[UnownedJob]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init() {
        Thread.start { [self] in
            while true {
                ready.wait()
                let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                job?.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
    }

    func enqueue(_ job: UnownedJob) {
        jobs.withLock { $0.append(job) }
        ready.signal()
    }
}
