import Foundation
import Testing
import TandemCore
import TandemJournal
@testable import TandemShared
import TestSupport

/// Many console processes on one shared journal at once.
@Suite(.serialized, .enabled(if: PostgresServer.unavailable == nil, "\(PostgresServer.unavailable ?? "")"))
struct SharedLoadTests {
    static let investigators = ["s.fernando", "r.aroha", "j.santos", "p.srisuk", "m.walsh", "d.pratama", "a.rahman", "i.waheed"]

    /// Runs `shared-changes` for each investigator at once; returns each one's output, by user.
    static func run(_ fixture: SharedFixture, count: Int, pool: Int, while watching: () -> Void = {}) throws -> [String: [String]] {
        var pids: [String: pid_t] = [:]
        for (index, user) in investigators.enumerated() {
            pids[user] = try spawnProcess(
                [testkitBinary(), "shared-changes", "--shared", fixture.url(as: user), "--cache", fixture.folder.file("c-\(user).jsonl"),
                 "--user", user, "--count", "\(count)", "--seed", "\(index + 1)", "--pool", "\(pool)"],
                outputPath: fixture.folder.file("out-\(user).txt"))
        }
        var running = Set(pids.keys)
        while !running.isEmpty {
            watching()
            for user in running {
                var status: Int32 = 0
                if waitpid(pids[user]!, &status, WNOHANG) == pids[user]! {
                    running.remove(user)
                    #expect(status == 0, "\(user)'s console ended with status \(status): \(readText(fixture.folder.file("out-\(user).txt")))")
                }
            }
        }
        var outputs: [String: [String]] = [:]
        for user in investigators {
            outputs[user] = readText(fixture.folder.file("out-\(user).txt")).split(separator: "\n").map(String.init)
        }
        return outputs
    }

    @Test func eightConsolesMakeTwoHundredChangesEachWithCollidingCodes() throws {
        let fixture = try SharedFixture()
        // A reader tails the journal all the while, by sequence number: it must never see k+1 before k.
        let reader = try fixture.link(as: "liaison")
        var seen = 488
        var tailProblems: [String] = []
        func tail() {
            guard let rows = try? reader.lines(of: fixture.journalID, from: seen + 1, limit: 500) else { return }
            for row in rows {
                if row.sequence != seen + 1 { tailProblems.append("saw record \(row.sequence) after \(seen)") }
                seen = row.sequence
            }
        }
        let outputs = try Self.run(fixture, count: 200, pool: 40, while: tail)
        tail()
        #expect(tailProblems.isEmpty, "\(tailProblems.prefix(5))")

        var saved = 0
        var refused = 0
        for (user, lines) in outputs {
            let outcomes = lines.filter { $0.hasPrefix("saved ") || $0.hasPrefix("refused ") }
            #expect(outcomes.count == 200, "\(user) reported \(outcomes.count) outcomes")
            saved += lines.filter { $0.hasPrefix("saved ") }.count
            for refusal in lines.filter({ $0.hasPrefix("refused ") }) {
                refused += 1
                #expect(refusal.hasSuffix("is already in use"), "\(user): \(refusal)")
            }
            #expect(lines.contains("state same"), "\(user)'s state is not a fresh replay of its journal")
        }
        #expect(refused > 0, "the pool of codes should make consoles collide")
        let head = try fixture.serverHead()
        #expect(head == 488 + saved)
        #expect(seen == head)
        let duplicates = try fixture.server.psql(
            "SELECT entity FROM tandem.event WHERE type = 'network.created' GROUP BY entity HAVING count(*) > 1", database: fixture.database)
        #expect(duplicates.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "codes taken twice: \(duplicates)")
        // Every console's copy is the server's journal, byte for byte, as far as it read.
        let server = try fixture.serverLines()
        for user in Self.investigators {
            let copy = readBytes(fixture.folder.file("c-\(user).jsonl"))
            let lines = Array(copy.drop { $0 != 0x0A }.dropFirst())
            #expect(Array(server.prefix(lines.count)) == lines, "\(user)'s copy is not a prefix of the server's journal")
        }
        let verified = try runProcess([tandemBinary(), "verify", "--shared", fixture.url(as: "liaison")])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("intact: \(NumberText.count(head)) records"), "\(verified.output)")
    }
}
