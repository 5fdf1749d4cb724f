import ArgumentParser
import Foundation
import TandemCore
import TandemJournal
import TandemShared

/// Opens a journal as the console does before its first frame, and prints how
/// long each part took: the copy opened (from its snapshot when it has one)
/// and, with `--shared`, what it lacks read from the server and checked.
/// Without `--shared` it is the local opening the shared one is held to.
struct SharedOpen: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shared-open")

    @Option var shared: String?
    @Option var journal: String
    @Flag(help: "Wait for the check of what was read and the snapshot it leaves (as a console left open a while does).") var keepSnapshot = false

    func run() throws {
        let started = SharedJournal.monotonicSeconds()
        let link = try shared.map { SharedLink(address: try SharedAddress(url: $0, environment: ProcessInfo.processInfo.environment)) }
        if let link { try SharedCache.prepare(at: journal, link: link, now: Clock.now) }
        let opened = try Journal.openCaseFile(at: journal, create: false, now: Clock.now)
        var caseFile = opened.caseFile
        let local = SharedJournal.monotonicSeconds()
        var arrived = 0
        if let link {
            let store = SharedJournal(cache: opened.journal, link: link, listening: false, now: Clock.now)
            let records = try store.catchUp(deferringSignatures: true)
            for record in records { caseFile.apply(record.event) }
            arrived = records.count
            store.close()
        }
        let done = SharedJournal.monotonicSeconds()
        if keepSnapshot {
            opened.journal.startDeferredWork()
            opened.journal.finishDeferredWork(waitingAtMost: 3600)
        }
        print(String(format: "opened %d records (from the snapshot: %@) in %.3f s; %d read from the server in %.3f s; %d networks; total %.3f s",
                     opened.count, opened.fromSnapshot ? "yes" : "no", local - started, arrived, done - local,
                     caseFile.networks.count, done - started))
    }
}
