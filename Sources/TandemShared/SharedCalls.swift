import struct Foundation.UUID
import TandemJournal
import NIOCore
import PostgresNIO

/// The shared journal's head: its last sequence number and that line's hash.
public struct SharedHead: Equatable, Sendable {
    public var sequence: Int
    public var hash: String
}

/// What the server answered an append.
enum AppendAnswer: Equatable, Sendable {
    /// The lines are in; the head is now `head`.
    case appended(SharedHead)
    /// Another console appended first, or waits longer: nothing was written; the head is at `sequence`.
    /// `next`: this commit is first in line, and should try again at once. `missing`: the lines after the
    /// head the commit was decided against (all of them, or the first thousand). `ahead`: how many queued commits
    /// go before this one (0 when it is not queued).
    case behind(sequence: Int, next: Bool, missing: [[UInt8]], ahead: Int = 0)
    /// The commit left the queue of waiting commits.
    case withdrawn
    /// This commit id is already in (an earlier try went through); it ended at `lastSequence`.
    case duplicate(lastSequence: Int)
}

/// The calls a console makes to the server; each is one statement.
extension SharedLink {
    /// The journal's header line and head, or nil when the server holds no such journal.
    public func journal(_ id: String) throws(SharedError) -> (header: [UInt8], head: SharedHead)? {
        try run("reading the journal's head") { connection, logger in
            let rows = try await connection.query(
                "SELECT header, head_seq, head_hash FROM tandem.journal WHERE id = \(id)", logger: logger)
            for try await (header, sequence, hash) in rows.decode((ByteBuffer, Int, String).self) {
                return (Array(buffer: header), SharedHead(sequence: sequence, hash: hash))
            }
            return nil
        }
    }

    /// The version of the server's shared-journal tables and functions (1 for those set up before it was kept).
    func schemaVersion() throws(SharedError) -> Int {
        do {
            return try run("reading the shared journal's version") { connection, logger in
                let rows = try await connection.query("SELECT tandem.schema_version()", logger: logger)
                for try await version in rows.decode(Int.self) { return version }
                return 1
            }
        } catch .server(let why) where why.contains("42883") {
            return 1
        }
    }

    /// The journals the server holds, by id (a unit's server usually holds one).
    public func journalIDs() throws(SharedError) -> [String] {
        try run("listing the journals") { connection, logger in
            var ids: [String] = []
            let rows = try await connection.query("SELECT id FROM tandem.journal ORDER BY id", logger: logger)
            for try await id in rows.decode(String.self) { ids.append(id) }
            return ids
        }
    }

    /// Up to `limit` lines from sequence number `first` on, in order, each with its number.
    func lines(of journal: String, from first: Int, limit: Int) throws(SharedError) -> [(sequence: Int, line: [UInt8])] {
        try run("reading records from \(first)") { connection, logger in
            var lines: [(sequence: Int, line: [UInt8])] = []
            let rows = try await connection.query(
                "SELECT seq, line FROM tandem.event WHERE journal = \(journal) AND seq >= \(first) ORDER BY seq LIMIT \(limit)",
                logger: logger)
            for try await (sequence, line) in rows.decode((Int, ByteBuffer).self) {
                lines.append((sequence, Array(buffer: line)))
            }
            return lines
        }
    }

    /// Asks whether the server holds the lines from `first` through `last` exactly as `held` (each line
    /// followed by a newline), without waiting for the answer (see `outcome(of:)`): the server sends the
    /// SHA-256 of its lines, and `held`'s is worked out on the call's own thread, not the caller's.
    func startComparison(of journal: String, from first: Int, through last: Int, with held: [UInt8]) -> StartedCall<Bool> {
        start("checking records \(first) to \(last)") { connection, logger in
            // SHA-256 of the bytes, lines and newlines alike (the function is named for its usual use).
            let rows = try await connection.query("""
                SELECT coalesce(encode(sha256(string_agg(line || '\\x0a'::bytea, ''::bytea ORDER BY seq)), 'hex'), '')
                FROM tandem.event WHERE journal = \(journal) AND seq BETWEEN \(first) AND \(last)
                """, logger: logger)
            var digest = ""
            for try await value in rows.decode(String.self) { digest = value }
            return digest == Journal.hash(ofLine: held)
        }
    }

    /// Offers a commit's lines, decided against the head at `expected`; `tries` is how many times this commit was answered behind.
    func append(journal: String, commit: UUID, device: String, expected: Int, lines: [[UInt8]], tries: Int = 0) throws(SharedError) -> AppendAnswer {
        let buffers = lines.map { ByteBuffer(bytes: $0) }
        return try runNow("saving a change") { connection, logger in
            connection.query(
                "SELECT outcome, head_seq, head_hash, missing, waiting_ahead FROM tandem.append(\(journal), \(commit), \(device), \(expected), \(buffers), \(tries))",
                logger: logger
            ).flatMapThrowing { result in
                guard let row = result.rows.first else { throw SharedError.server("tandem.append gave no answer") }
                let (outcome, sequence, hash, missing, ahead) = try row.decode((String, Int, String, [ByteBuffer], Int).self)
                switch outcome {
                case "appended": return .appended(SharedHead(sequence: sequence, hash: hash))
                case "behind": return .behind(sequence: sequence, next: false, missing: missing.map { Array(buffer: $0) }, ahead: ahead)
                case "next": return .behind(sequence: sequence, next: true, missing: missing.map { Array(buffer: $0) })
                case "withdrawn": return .withdrawn
                case "duplicate": return .duplicate(lastSequence: sequence)
                default: throw SharedError.server("tandem.append answered \(outcome)")
                }
            }
        }
    }

    /// Where a commit ended, if the server holds it.
    func commitEnd(journal: String, commit: UUID) throws(SharedError) -> Int? {
        try run("looking for a commit") { connection, logger in
            let rows = try await connection.query(
                "SELECT last_seq FROM tandem.commit WHERE journal = \(journal) AND commit_id = \(commit)", logger: logger)
            for try await last in rows.decode(Int.self) { return last }
            return nil
        }
    }

    /// Runs statements one after another (setting up the schema and roles).
    func execute(_ statements: [String]) throws(SharedError) {
        try run("setting up the shared journal") { connection, logger in
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }
}
