import ArgumentParser
import Foundation
import TandemCore
import TandemJournal

/// What the tests and `Benchmarks/compare.sh` drive Tandem with, kept out of
/// the `tandem` officers run: writers to run side by side, and peer data.
@main
struct TestKit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem-testkit", abstract: "Test and benchmark drivers for Tandem (not for officers).",
        subcommands: [AppendEvents.self, PeerData.self, SharedChanges.self, SharedLatency.self, SharedOpen.self])
}

/// Appends `count` enquiries one commit at a time, each decided against the
/// journal as it stands, the way a console does; prints the sequence numbers
/// of each commit as soon as it is saved (a test that kills it reads them).
struct AppendEvents: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "append-events")

    @Option var journal: String
    @Option var count: Int
    @Option var prefix: String
    @Option var user = "test-driver"
    @Option(help: "The folder of unsealed keys (default: $TANDEM_KEYS).") var keys: String?

    func run() throws {
        do {
            var caseFile = CaseFile()
            let opened = try Journal.open(at: journal, create: true, now: Clock.now) { caseFile.apply($0.event) }
            let folder = KeyFolder(path: keys ?? ProcessInfo.processInfo.environment["TANDEM_KEYS"] ?? "")
            switch KeyGate.open(for: user, roster: opened.journal.roster, folder: folder, passphrase: { nil }) {
            case .success(let key): if let key { opened.journal.signers[user] = key }
            case .failure(let refusal): throw ValidationError("not saved: \(refusal.description)")
            }
            for i in 1...max(1, count) {
                let now = Clock.now()
                let enquiry = Enquiry(
                    reference: "\(prefix)-\(i)", requesting: CountryCode("AUS")!, requested: CountryCode("THA")!,
                    channel: .policeToPolice, priority: .routine, subject: "test event \(i) from \(prefix)",
                    drafted: now, due: now.adding(days: 7), handling: .h2)
                let saved = try opened.journal.commit { foreign in
                    for record in foreign { caseFile.apply(record.event) }
                    return try caseFile.decide(.enquiryCreated(enquiry), by: user, at: now)
                }
                for record in saved { caseFile.apply(record.event) }
                // Unbuffered: a test that kills this process reads what was reported as saved.
                let line = Array("saved \(saved.map(\.sequence).map(String.init).joined(separator: " "))\n".utf8)
                _ = line.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            }
        } catch let error as JournalError {
            FileHandle.standardError.write(Data("tandem-testkit: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}

enum Clock {
    static func now() -> Timestamp { Timestamp(secondsSinceEpoch: Int64(time(nil))) }
}
