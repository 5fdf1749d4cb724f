import Foundation
import TandemCore
import TandemJournal
import TandemSample
@testable import TandemShared
import TestSupport

/// A shared journal made from the sample journal on a database of its own on
/// the test server, and consoles on it, each with its own cache.
final class SharedFixture {
    let server: PostgresServer
    let database: String
    let folder = TemporaryDirectory()
    let journalID: String

    init(server: PostgresServer? = nil) throws {
        self.server = try server ?? PostgresServer.shared()
        database = try self.server.newDatabase()
        let source = folder.copyOfSample(named: "source.jsonl")
        let opened = try Journal.open(at: source, create: false, now: { Timestamp(secondsSinceEpoch: 1_800_000_000) })
        defer { opened.journal.close() }
        journalID = opened.journal.header.id
        try SharedSetup.initialise(link(as: PostgresServer.admin), from: opened.journal, officers: SampleScenario.officers)
    }

    func url(as user: String) -> String { server.url(user: user, database: database) }

    func link(as user: String, patience: Double = 15, through proxy: TCPProxy? = nil) throws -> SharedLink {
        var address = try SharedAddress(url: url(as: user))
        if let proxy { address.port = proxy.port }
        return SharedLink(address: address, patience: patience)
    }

    /// A console of `user`'s, signing with the sample key, on a cache of its own (made on first use).
    func console(
        _ user: String, cache name: String? = nil, listening: Bool = false, through proxy: TCPProxy? = nil, patience: Double = 15
    ) throws -> (store: SharedJournal, caseFile: CaseFile) {
        let path = folder.file(name ?? "cache-\(user).jsonl")
        let link = try link(as: user, patience: patience, through: proxy)
        try SharedCache.prepare(at: path, link: link, now: Self.now)
        var caseFile = CaseFile()
        let opened = try Journal.open(at: path, create: false, now: Self.now) { caseFile.apply($0.event) }
        opened.journal.signers[user] = sampleSigners[user]
        let store = SharedJournal(cache: opened.journal, link: link, listening: listening, pollInterval: 0, now: Self.now)
        for record in try store.newRecords() { caseFile.apply(record.event) }
        return (store, caseFile)
    }

    static func now() -> Timestamp { Timestamp(secondsSinceEpoch: 1_800_000_000) }

    /// The server's lines, in order, each with its newline (the header not included).
    func serverLines() throws -> [UInt8] {
        let link = try link(as: PostgresServer.admin)
        var bytes: [UInt8] = []
        var next = 1
        while true {
            let rows = try link.lines(of: journalID, from: next, limit: 5000)
            for row in rows {
                bytes += row.line
                bytes.append(0x0A)
            }
            guard let last = rows.last else { return bytes }
            next = last.sequence + 1
        }
    }

    /// Does `action` (on a thread of its own) as soon as the server runs an
    /// append for `user`, handing it that backend's process id.
    func whenAnAppendRuns(by user: String, _ action: @escaping @Sendable (Int) -> Void) {
        let (server, database) = (server, database)
        let watcher = Thread {
            for _ in 0..<200 {
                let running = (try? server.psql(
                    "SELECT pid FROM pg_stat_activity WHERE usename = '\(user)' AND state = 'active' AND query LIKE '%tandem.append%'",
                    database: database))?.trimmingCharacters(in: .whitespacesAndNewlines)
                if let pid = running.flatMap({ Int($0) }) {
                    action(pid)
                    return
                }
                usleep(20_000)
            }
        }
        watcher.start()
    }

    /// The server's head sequence number.
    func serverHead() throws -> Int {
        Int(try server.psql("SELECT head_seq FROM tandem.journal", database: database).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}

/// A network for tests: investigators may create one; its code must be new.
func network(_ code: String) -> Change {
    .networkCreated(Network(code: code, name: "network \(code)", crimeTypes: [.traffickingForcedLabour], sectors: [.fishing],
                            route: [CountryCode("THA")!, CountryCode("AUS")!], handling: .h2))
}

extension SharedJournal {
    /// Commits `change` as a console does, deciding afresh against `caseFile` and what arrived each time it is asked.
    @discardableResult
    func save(_ change: Change, by user: String, over caseFile: inout CaseFile, decisions: inout Int) throws -> [JournalRecord] {
        let before = caseFile
        var decided = caseFile
        let saved = try commit { foreign in
            decisions += 1
            decided = before
            for record in foreign { decided.apply(record.event) }
            return try decided.decide(change, by: user, at: SharedFixture.now())
        }
        for record in saved { decided.apply(record.event) }
        caseFile = decided
        return saved
    }
}
