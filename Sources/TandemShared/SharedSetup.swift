#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import PostgresNIO
import TandemCore
import TandemJournal

/// Setting up a shared journal on a server: the schema, the functions, the
/// officers' roles, and an existing journal loaded with its bytes and chain unchanged.
public enum SharedSetup {
    /// How many lines go in one statement of the load.
    static let loadPiece = 5000

    /// Loads `journal` (opened and checked) onto the server at `link`, whose
    /// database must not hold a shared journal yet, and makes a login role for
    /// each officer in its roster (named as the officer, mapped to them).
    /// Everything happens in one transaction: a failure leaves the server as it was.
    /// Returns how many records were loaded.
    @discardableResult
    public static func initialise(_ link: SharedLink, from journal: Journal, officers: [String], progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> Int {
        let header = try journal.headerLine()
        var lines: [[UInt8]] = []
        lines.reserveCapacity(journal.lastSequence)
        // The exact bytes: read back from the file rather than written again.
        try journal.forEachLine { lines.append($0) }
        guard lines.count == journal.lastSequence else {
            throw SharedError.server("the journal's lines could not all be read (\(lines.count) of \(journal.lastSequence))")
        }
        let id = journal.header.id
        let headSequence = journal.lastSequence
        let headHash = journal.lastHash
        let total = lines.count
        let loaded = lines
        try link.run("loading the journal", patience: max(link.patience, 600)) { connection, logger in
            try await connection.query("BEGIN", logger: logger)
            do {
                let exists = try await connection.query(
                    "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'tandem'", logger: logger)
                for try await count in exists.decode(Int.self) where count > 0 {
                    throw SharedError.server("this database already holds a shared journal (schema tandem); use another database")
                }
                let encoding = try await connection.query("SHOW server_encoding", logger: logger)
                for try await name in encoding.decode(String.self) where name != "UTF8" {
                    throw SharedError.server("the database's encoding is \(name); a shared journal needs UTF8")
                }
                for statement in SharedSchema.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO tandem.journal (id, header, head_seq, head_hash) VALUES (\(id), \(ByteBuffer(bytes: header)), \(headSequence), \(headHash))",
                    logger: logger)
                var start = 0
                while start < total {
                    let end = min(start + loadPiece, total)
                    let sequences = Array((start + 1)...end)
                    let buffers = loaded[start..<end].map { ByteBuffer(bytes: $0) }
                    try await connection.query("""
                        INSERT INTO tandem.event (journal, seq, type, entity, prev, hash, line)
                        SELECT \(id), u.seq, coalesce(d.doc->>'type', ''), coalesce(d.doc->>'entity', ''), d.doc->>'prev',
                               encode(sha256(u.line), 'hex'), u.line
                        FROM unnest(\(sequences)::bigint[], \(buffers)::bytea[]) AS u(seq, line),
                             LATERAL (SELECT convert_from(u.line, 'UTF8')::jsonb AS doc) d
                        """, logger: logger)
                    start = end
                    progress?(start, total)
                }
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
        for officer in officers { try addOfficer(link, role: officer, officer: officer) }
        return total
    }

    /// Makes `role` a login role for the roster's officer `officer` (a new officer joining the unit), in
    /// one transaction. Roles belong to the whole server: when another database's set-up changes the same
    /// role at the same moment, PostgreSQL refuses one of the two, and it is tried again.
    public static func addOfficer(_ link: SharedLink, role: String, officer: String) throws(SharedError) {
        let statements = ["BEGIN"] + SharedSchema.officerStatements(role: role, officer: officer) + ["COMMIT"]
        for attempt in 1...5 {
            do {
                try link.execute(statements)
                return
            } catch .server(let why) where attempt < 5 && (why.contains("concurrently") || why.contains("40001") || why.contains("40P01")) {
                _ = try? link.execute(["ROLLBACK"])
                usleep(useconds_t(Int.random(in: 10_000...50_000)))
            } catch {
                _ = try? link.execute(["ROLLBACK"])
                throw error
            }
        }
    }
}
