import ArgumentParser
import Foundation
import TandemCore
import TandemJournal
import TandemShared
import Synchronization

/// How long a commit in one console takes to reach another that listens:
/// `count` commits by `--user`, each timed from the moment it is saved to its
/// arrival in the second console (`--reader`, woken by the server's
/// notification). Prints the median, 99th percentile and largest, in
/// milliseconds, and how long the saves themselves took.
struct SharedLatency: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shared-latency")

    @Option var shared: String
    @Option var readerShared: String
    @Option var folder: String
    @Option var user: String
    @Option var count = 200
    @Option(help: "The folder of unsealed keys (default: $TANDEM_KEYS).") var keys: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let writerLink = SharedLink(address: try SharedAddress(url: shared, environment: environment))
        let readerLink = SharedLink(address: try SharedAddress(url: readerShared, environment: environment))
        try SharedCache.prepare(at: folder + "/writer.jsonl", link: writerLink, now: Clock.now)
        try SharedCache.prepare(at: folder + "/reader.jsonl", link: readerLink, now: Clock.now)
        var caseFile = CaseFile()
        let opened = try Journal.open(at: folder + "/writer.jsonl", create: false, now: Clock.now) { caseFile.apply($0.event) }
        let writer = SharedJournal(cache: opened.journal, link: writerLink, listening: false, now: Clock.now)
        let reader = SharedJournal(cache: try Journal.open(at: folder + "/reader.jsonl", create: false, now: Clock.now).journal,
                                   link: readerLink, pollInterval: 1_000_000, now: Clock.now)
        for record in try writer.catchUp() { caseFile.apply(record.event) }
        let folder = KeyFolder(path: keys ?? environment["TANDEM_KEYS"] ?? "")
        if case .success(let key?) = KeyGate.open(for: user, roster: opened.journal.roster, folder: folder, passphrase: { nil }) {
            opened.journal.signers[user] = key
        }
        while !reader.isListening { usleep(1000) }
        _ = try reader.newRecords()
        // The reader follows on a thread of its own, as a console does between keys: it reads each time the
        // server's notification wakes it, whether or not a probe waits, and notes when each record arrived.
        let arrivals = Mutex<[Int: Double]>([:])
        let stop = Atomic<Bool>(false)
        let handed = HandedOver(reader)
        let following = Thread {
            while !stop.load(ordering: .relaxed) {
                let records = (try? handed.value.newRecords()) ?? []
                let now = SharedJournal.monotonicSeconds()
                arrivals.withLock { for record in records { $0[record.sequence] = now } }
                if records.isEmpty { usleep(200) }
            }
        }
        following.start()
        var acknowledgements: [(sequence: Int, at: Double)] = []
        var saves: [Double] = []
        let tag = UInt32.random(in: 0...UInt32.max)
        for i in 1...count {
            let change = Change.noteAdded(entity: "NET-7KQ2", text: "latency probe \(tag)-\(i)")
            let start = SharedJournal.monotonicSeconds()
            let before = caseFile
            let saved = try writer.commit { foreign in
                caseFile = before
                for record in foreign { caseFile.apply(record.event) }
                return try caseFile.decide(change, by: user, at: Clock.now())
            }
            for record in saved { caseFile.apply(record.event) }
            let acknowledged = SharedJournal.monotonicSeconds()
            saves.append((acknowledged - start) * 1000)
            acknowledgements.append((saved.last!.sequence, acknowledged))
        }
        let last = acknowledgements.last!.sequence
        for _ in 0..<60_000 where arrivals.withLock({ $0[last] }) == nil { usleep(1000) }
        stop.store(true, ordering: .relaxed)
        while !following.isFinished { usleep(1000) }
        // A record can arrive before its console has its answer: no wait at all, then.
        let latencies = arrivals.withLock { arrived in
            acknowledgements.map { max(0, (arrived[$0.sequence] ?? .infinity) - $0.at) * 1000 }
        }
        func at(_ fraction: Double, _ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
        }
        print(String(format: "over %d commits: saved to arrived p50 %.1f ms, p99 %.1f ms, max %.1f ms; the save itself p50 %.1f ms, p99 %.1f ms",
                     count, at(0.5, latencies), at(0.99, latencies), latencies.max()!, at(0.5, saves), at(0.99, saves)))
        writer.close()
        reader.close()
    }
}

/// A value one thread hands to another, which alone uses it until it has finished.
final class HandedOver<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
