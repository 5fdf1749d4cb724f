import Foundation
import TandemCore
import TandemJournal
import TandemSample

/// The synthetic journals the benchmarks read, written once into a scratch
/// folder and kept there between runs (the same seed gives the same bytes).
enum Journals {
    static let folder = ProcessInfo.processInfo.environment["TANDEM_BENCH_DIR"] ?? "/tmp/tandem-bench"

    static func path(events: Int) -> String { made("\(folder)/synthetic-\(events).jsonl", events: events, keys: [:]) }

    /// Writes the journal of seed 1's first `events` events at `path` unless it is there, each commit
    /// signed by its officer when `keys` are given (one event a commit, as `tandem generate` writes it).
    private static func made(_ path: String, events: Int, keys: [String: OfficerKey]) -> String {
        if !FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
            let created = Timestamp(Day(iso8601: "2015-01-05")!)
            let roster = keys.mapValues(\.publicText)
            do {
                let opened = try Journal.create(at: path, id: "synthetic-1-\(events)", now: { created })
                opened.journal.signers = keys
                var casework = SyntheticCasework(seed: 1) { roster[$0] }
                try opened.journal.appendMany((0..<events).lazy.map { _ in casework.next()! })
            } catch {
                fatalError("could not write \(path): \(error)")
            }
        }
        return path
    }

    /// The made-up officers' keys, as `tandem generate` derives them for a seed.
    static func keys(seed: UInt64) -> [String: OfficerKey] {
        Dictionary(uniqueKeysWithValues: SyntheticCasework.officers.map { name in
            (name, OfficerKey(user: name, privateKey: SampleKeys.privateKey(for: "synthetic-\(seed)-\(name)")))
        })
    }

    /// A synthetic journal whose every commit is signed by its officer.
    static func signedPath(events: Int) -> String {
        made("\(folder)/signed-\(events).jsonl", events: events, keys: keys(seed: 1))
    }

    /// Opens a journal read-only and replays it: the work behind every start-up.
    static func replay(_ path: String) -> (Journal, CaseFile) {
        var caseFile = CaseFile()
        do {
            let opening = try Journal.open(at: path, create: false, readOnly: true, now: { Timestamp(secondsSinceEpoch: 0) }) {
                caseFile.apply($0.event)
            }
            return (opening.journal, caseFile)
        } catch {
            fatalError("could not open \(path): \(error)")
        }
    }

    /// The journal of `events` events with a usable snapshot beside it (made
    /// again when missing, or left by a version of Tandem with other records).
    static func pathWithSnapshot(events: Int) -> String {
        let path = path(events: events)
        do {
            let opened = try Journal.openCaseFile(at: path, create: false, useSnapshot: true, now: { Timestamp(secondsSinceEpoch: 0) })
            opened.journal.startDeferredWork()
            opened.journal.finishDeferredWork(waitingAtMost: 120)
            opened.journal.close()
        } catch {
            fatalError("could not open \(path): \(error)")
        }
        return path
    }

    /// Opens a journal from its snapshot, as the console does.
    static func openFromSnapshot(_ path: String) -> OpenedCaseFile {
        do {
            let opened = try Journal.openCaseFile(at: path, create: false, now: { Timestamp(secondsSinceEpoch: 0) })
            guard opened.fromSnapshot else { fatalError("\(path) did not open from its snapshot") }
            return opened
        } catch {
            fatalError("could not open \(path): \(error)")
        }
    }
}
