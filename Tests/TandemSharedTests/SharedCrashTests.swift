import Foundation
import Testing
import TandemCore
import TandemJournal
@testable import TandemShared
import TestSupport

/// Consoles and the server killed at any moment: nothing a console was told
/// is saved is ever lost or saved twice.
@Suite(.serialized, .enabled(if: PostgresServer.unavailable == nil, "\(PostgresServer.unavailable ?? "")"))
struct SharedCrashTests {
    static let users = ["s.fernando", "r.aroha", "j.santos", "p.srisuk"]

    /// Starts one `shared-changes` console per user; `round` tells their outputs apart.
    static func start(_ fixture: SharedFixture, round: Int, count: Int) throws -> [String: pid_t] {
        var pids: [String: pid_t] = [:]
        for (index, user) in users.enumerated() {
            pids[user] = try spawnProcess(
                [testkitBinary(), "shared-changes", "--shared", fixture.url(as: user), "--cache", fixture.folder.file("c-\(user).jsonl"),
                 "--user", user, "--count", "\(count)", "--seed", "\(round * 10 + index)", "--pool", "30"],
                outputPath: fixture.folder.file("out-\(user)-\(round).txt"), extraEnvironment: ["TANDEM_TESTKIT_TIMES": "1"])
        }
        return pids
    }

    /// What every console said was saved, in every round: (sequence number, code, user).
    static func acknowledged(_ fixture: SharedFixture, rounds: Int) -> [(Int, String, String)] {
        var saved: [(Int, String, String)] = []
        for round in 0..<rounds {
            for user in users {
                for line in readText(fixture.folder.file("out-\(user)-\(round).txt")).split(separator: "\n") where line.hasPrefix("saved ") {
                    let words = line.split(separator: " ")
                    saved.append((Int(words[1])!, String(words[2]), user))
                }
            }
        }
        return saved
    }

    /// Every acknowledged change is on the server, at its number, once; the server verifies; every copy is its prefix.
    static func checkNothingLost(_ fixture: SharedFixture, rounds: Int) throws {
        let rows = try fixture.server.psql(
            "SELECT seq || ' ' || entity || ' ' || (convert_from(line, 'UTF8')::jsonb->>'actor') FROM tandem.event WHERE type = 'network.created'",
            database: fixture.database).split(separator: "\n").map(String.init)
        let onServer = Set(rows)
        let saved = acknowledged(fixture, rounds: rounds)
        #expect(!saved.isEmpty)
        for (sequence, code, user) in saved {
            #expect(onServer.contains("\(sequence) \(code) \(user)"), "record \(sequence) (\(code) by \(user)) was acknowledged and is not on the server")
        }
        let codes = rows.map { $0.split(separator: " ")[1] }
        #expect(Set(codes).count == codes.count, "a code was saved twice")
        let verified = try runProcess([tandemBinary(), "verify", "--shared", fixture.url(as: "liaison")])
        #expect(verified.status == 0, "\(verified.output)")
        let server = try fixture.serverLines()
        for user in users {
            let copy = readBytes(fixture.folder.file("c-\(user).jsonl"))
            let lines = Array(copy.drop { $0 != 0x0A }.dropFirst())
            #expect(Array(server.prefix(lines.count)) == lines, "\(user)'s copy is not a prefix of the server's journal")
        }
    }

    @Test func consolesKilledAtRandomMomentsLoseNothingTheyAcknowledged() throws {
        let fixture = try SharedFixture()
        var dice = SystemRandomNumberGenerator()
        let rounds = 4
        for round in 0..<rounds - 1 {
            let start = try fixture.serverHead()
            let pids = try Self.start(fixture, round: round, count: 60)
            // Once a random number of saves are in, kill each at once, wherever it is: before, during or after its commit.
            let goal = start + Int.random(in: 5...60, using: &dice)
            for _ in 0..<3000 {
                if ((try? fixture.serverHead()) ?? 0) >= goal { break }
                usleep(5_000)
            }
            for pid in pids.values { kill(pid, SIGKILL) }
            for pid in pids.values { _ = waitForProcess(pid) }
        }
        // A last round on the same copies runs to its end: each console opens what the killed one left.
        let pids = try Self.start(fixture, round: rounds - 1, count: 10)
        for (user, pid) in pids {
            #expect(waitForProcess(pid) == 0, "\(readText(fixture.folder.file("out-\(user)-\(rounds - 1).txt")))")
            let output = readText(fixture.folder.file("out-\(user)-\(rounds - 1).txt"))
            #expect(output.contains("state same"), "\(user): \(output)")
        }
        try Self.checkNothingLost(fixture, rounds: rounds)
    }

    @Test func theServerKilledUnderLoadLosesNothingAcknowledgedAndConsolesCatchUp() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let fixture = try SharedFixture(server: server)
        let pids = try Self.start(fixture, round: 0, count: 80)
        // Once some commits are in, the server dies at once (SIGKILL), and comes back.
        for _ in 0..<3000 {
            if ((try? fixture.serverHead()) ?? 0) >= 520 { break }
            usleep(20_000)
        }
        #expect(try fixture.serverHead() >= 520, "the consoles did not get going")
        server.kill()
        #expect((try? fixture.serverHead()) == nil, "the server is down")
        try server.start()
        for (user, pid) in pids {
            let status = waitForProcess(pid)
            #expect(status == 0, "\(user): \(readText(fixture.folder.file("out-\(user)-0.txt")))")
            let final = readText(fixture.folder.file("out-\(user)-0.txt"))
            #expect(final.contains("state same"), "\(user): \(final)")
            #expect(final.contains("pending 0"), "\(user): \(final)")
        }
        try Self.checkNothingLost(fixture, rounds: 1)
        // While the server was down, changes were kept on the laptops (and shared since).
        let kept = Self.users.map { readText(fixture.folder.file("out-\($0)-0.txt")).split(separator: "\n").filter { $0.hasPrefix("kept ") }.count }
        #expect(kept.reduce(0, +) > 0, "no console saved while the server was down: \(Self.users.map { readText(fixture.folder.file("out-\($0)-0.txt")).split(separator: "\n").suffix(12) })")
        // The consoles caught up: the last to end holds the whole journal.
        let heads = Self.users.compactMap { user in
            readText(fixture.folder.file("out-\(user)-0.txt")).split(separator: "\n").last { $0.hasPrefix("head ") }.flatMap { Int($0.split(separator: " ")[1]) }
        }
        #expect(heads.max() == (try fixture.serverHead()))
    }
}
