/// The shared journal's tables and its one way in, the `tandem.append` function.
///
/// - `journal`: one row a journal, with its header line and its head (sequence
///   number and hash). Appends queue on this row's lock, so sequence numbers
///   are given in order inside a transaction (no sequence object: those hand
///   out numbers outside transactions, and a reader could see k+1 before k).
/// - `commit`: one row a commit, by the id the console chose, so a retry after
///   a lost reply is recognised.
/// - `event`: one row a line, holding the line's exact bytes, so a laptop's
///   copy is the server's byte for byte and verifies offline.
/// - Rows are never changed or removed (triggers refuse it); officers' roles
///   may only read and call `tandem.append`.
enum SharedSchema {
    /// The channel a notification is sent on when lines are appended (a hint: readers always read by number).
    static let channel = "tandem_appended"

    /// The role every officer's database role is a member of.
    static let officerRole = "tandem_officer"

    /// The version of these tables and functions: a console reads a shared journal set up with its own only.
    /// 1: the first (no `schema_version`); 2: `tandem.append` tells a queued commit how many wait before it.
    static let version = 2

    static let statements: [String] = [
        "CREATE SCHEMA tandem",
        "CREATE FUNCTION tandem.schema_version() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT \(version)'",
        """
        CREATE TABLE tandem.journal (
            id text PRIMARY KEY,
            header bytea NOT NULL,
            head_seq bigint NOT NULL,
            head_hash text NOT NULL
        )
        """,
        // Commits that asked for a place wait their turn here, oldest first (see tandem.append); a place
        // in the queue need not outlive a crash, so the table is not logged.
        """
        CREATE UNLOGGED TABLE tandem.waiting (
            journal text NOT NULL REFERENCES tandem.journal (id),
            commit_id uuid NOT NULL,
            since timestamptz NOT NULL,
            seen timestamptz NOT NULL,
            PRIMARY KEY (journal, commit_id)
        )
        """,
        """
        CREATE TABLE tandem.officer (
            db_role name PRIMARY KEY,
            officer text NOT NULL
        )
        """,
        """
        CREATE TABLE tandem.commit (
            journal text NOT NULL REFERENCES tandem.journal (id),
            commit_id uuid NOT NULL,
            actor text NOT NULL,
            device text NOT NULL,
            decided_against bigint NOT NULL,
            first_seq bigint NOT NULL,
            last_seq bigint NOT NULL,
            received timestamptz NOT NULL DEFAULT clock_timestamp(),
            PRIMARY KEY (journal, commit_id)
        )
        """,
        """
        CREATE TABLE tandem.event (
            journal text NOT NULL REFERENCES tandem.journal (id),
            seq bigint NOT NULL,
            commit_id uuid,
            type text NOT NULL,
            entity text NOT NULL,
            prev text NOT NULL,
            hash text NOT NULL,
            line bytea NOT NULL,
            PRIMARY KEY (journal, seq)
        )
        """,
        "CREATE INDEX event_history ON tandem.event (journal, entity, seq)",
        // The queue is read in order at every call; its rows come and go all the time, and an index
        // scan (unlike a bitmap scan) learns to skip the dead ones.
        "CREATE INDEX waiting_order ON tandem.waiting (journal, since, commit_id)",
        """
        CREATE FUNCTION tandem.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'tandem: % on tandem.% is refused: the shared journal is append-only', TG_OP, TG_TABLE_NAME;
        END $$
        """,
        // Statement triggers: even a change that touches no row is refused.
        "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON tandem.event FOR EACH STATEMENT EXECUTE FUNCTION tandem.refuse_change()",
        "CREATE TRIGGER commit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON tandem.commit FOR EACH STATEMENT EXECUTE FUNCTION tandem.refuse_change()",
        // One statement, one transaction: the head row locked, the commit recognised or refused
        // as behind, each line checked (number, chain, hash, actor) and inserted, the head moved.
        // Fairness without a lock held across a round trip: a commit offered with p_tries >= 6 (a console asks
        // so once its save has tried on its own for a second) joins the queue of waiting commits; while the oldest
        // waiter has been heard from in the last half second, every other commit is answered behind (told how many
        // wait before it, or, not queued, how many wait), and the oldest is told it is next; the second in line is
        // answered when its turn comes, or after 50 ms (tandem.turn_wait_ms). A commit offering no lines leaves
        // the queue (its officer's change was refused meanwhile).
        """
        CREATE FUNCTION tandem.append(p_journal text, p_commit uuid, p_device text, p_expected bigint, p_lines bytea[], p_tries bigint)
        RETURNS TABLE (outcome text, head_seq bigint, head_hash text, missing bytea[], waiting_ahead bigint)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
            head tandem.journal%ROWTYPE;
            known tandem.commit%ROWTYPE;
            who text;
            line bytea;
            doc jsonb;
            seq bigint;
            prev text;
            hash text;
            turn uuid;
            before_me bigint := 0;
        BEGIN
            -- The head and the queue are read without a lock first: a commit decided against an older head,
            -- or not its turn, is answered at once, holding nothing (a row lock would make each such answer
            -- wait for a disk flush, and every append wait for it).
            SELECT * INTO head FROM tandem.journal j WHERE j.id = p_journal;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'tandem: there is no shared journal %', p_journal;
            END IF;
            SELECT w.commit_id INTO turn FROM tandem.waiting w
                WHERE w.journal = p_journal AND w.seen > clock_timestamp() - interval '500 milliseconds'
                ORDER BY w.since, w.commit_id LIMIT 1;
            IF head.head_seq = p_expected AND (turn IS NULL OR turn = p_commit) AND coalesce(array_length(p_lines, 1), 0) > 0 THEN
                -- NO KEY: appends queue on the head row; the foreign keys' share locks (the queue's rows) do not wait for it.
                SELECT * INTO head FROM tandem.journal j WHERE j.id = p_journal FOR NO KEY UPDATE;
            END IF;
            SELECT * INTO known FROM tandem.commit c WHERE c.journal = p_journal AND c.commit_id = p_commit;
            IF FOUND THEN
                RETURN QUERY SELECT 'duplicate'::text, known.last_seq, ''::text, ARRAY[]::bytea[], 0::bigint;
                RETURN;
            END IF;
            IF coalesce(array_length(p_lines, 1), 0) = 0 THEN
                PERFORM set_config('synchronous_commit', 'off', true);
                DELETE FROM tandem.waiting w WHERE w.journal = p_journal AND w.commit_id = p_commit;
                RETURN QUERY SELECT 'withdrawn'::text, head.head_seq, head.head_hash, ARRAY[]::bytea[], 0::bigint;
                RETURN;
            END IF;
            IF head.head_seq <> p_expected OR turn <> p_commit THEN
                IF p_tries >= 6 THEN
                    -- A place in the queue need not outlive a crash: this answer does not wait for the disk.
                    PERFORM set_config('synchronous_commit', 'off', true);
                    INSERT INTO tandem.waiting AS w (journal, commit_id, since, seen)
                        VALUES (p_journal, p_commit, clock_timestamp(), clock_timestamp())
                        ON CONFLICT (journal, commit_id) DO UPDATE SET seen = clock_timestamp()
                        -- A row changed at every call grows a chain of dead versions each reader walks: a tenth of a second will do.
                        WHERE w.seen < clock_timestamp() - interval '100 milliseconds';
                    SELECT w.commit_id INTO turn FROM tandem.waiting w
                        WHERE w.journal = p_journal AND w.seen > clock_timestamp() - interval '500 milliseconds'
                        ORDER BY w.since, w.commit_id LIMIT 1;
                    -- How many live commits wait before this one: the console sleeps about that many turns.
                    SELECT count(*) INTO before_me FROM tandem.waiting w, tandem.waiting mine
                        WHERE mine.journal = p_journal AND mine.commit_id = p_commit AND w.journal = p_journal
                          AND w.seen > clock_timestamp() - interval '500 milliseconds'
                          AND (w.since, w.commit_id) < (mine.since, mine.commit_id);
                    -- Second in line: wait here for the turn to come (the commit whose turn it is appending, or
                    -- giving up its place), and answer then: the turn passes without a round trip. At most 50 ms
                    -- (tandem.turn_wait_ms), polling each millisecond.
                    IF before_me = 1 THEN
                        FOR i IN 1..coalesce(nullif(current_setting('tandem.turn_wait_ms', true), '')::int, 50) LOOP
                            PERFORM pg_sleep(0.001);
                            SELECT w.commit_id INTO turn FROM tandem.waiting w
                                WHERE w.journal = p_journal AND w.seen > clock_timestamp() - interval '500 milliseconds'
                                ORDER BY w.since, w.commit_id LIMIT 1;
                            EXIT WHEN turn = p_commit;
                        END LOOP;
                        IF turn = p_commit THEN
                            SELECT * INTO head FROM tandem.journal j WHERE j.id = p_journal;
                            before_me := 0;
                        END IF;
                    END IF;
                ELSIF turn IS NOT NULL THEN
                    -- Not queued, while others are: the console sleeps about their turns (it does not join them:
                    -- were every commit to queue once one had, the queue would hand on every turn, more slowly).
                    SELECT count(*) INTO before_me FROM tandem.waiting w
                        WHERE w.journal = p_journal AND w.seen > clock_timestamp() - interval '500 milliseconds';
                END IF;
                -- What the commit was decided without comes back with the answer (up to 1000 lines): no second trip to read it.
                RETURN QUERY SELECT CASE WHEN turn = p_commit THEN 'next' ELSE 'behind' END, head.head_seq, head.head_hash,
                    ARRAY(SELECT e.line FROM tandem.event e WHERE e.journal = p_journal AND e.seq > p_expected AND e.seq <= head.head_seq ORDER BY e.seq LIMIT 1000), before_me;
                RETURN;
            END IF;
            SELECT o.officer INTO who FROM tandem.officer o WHERE o.db_role = session_user;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'tandem: the database role % is not an officer of this journal', session_user;
            END IF;
            seq := head.head_seq;
            prev := head.head_hash;
            FOREACH line IN ARRAY p_lines LOOP
                seq := seq + 1;
                doc := convert_from(line, 'UTF8')::jsonb;
                IF (doc->>'seq') IS DISTINCT FROM seq::text THEN
                    RAISE EXCEPTION 'tandem: line % of the commit has seq %, not %', seq - head.head_seq, doc->>'seq', seq;
                END IF;
                IF (doc->>'prev') IS DISTINCT FROM prev THEN
                    RAISE EXCEPTION 'tandem: record % does not follow the head (its prev is not %)', seq, prev;
                END IF;
                IF (doc->>'actor') IS DISTINCT FROM who THEN
                    RAISE EXCEPTION 'tandem: record % is by %, and the database role % is %', seq, doc->>'actor', session_user, who;
                END IF;
                hash := encode(sha256(line), 'hex');
                INSERT INTO tandem.event (journal, seq, commit_id, type, entity, prev, hash, line)
                    VALUES (p_journal, seq, p_commit, coalesce(doc->>'type', ''), coalesce(doc->>'entity', ''), prev, hash, line);
                prev := hash;
            END LOOP;
            INSERT INTO tandem.commit (journal, commit_id, actor, device, decided_against, first_seq, last_seq)
                VALUES (p_journal, p_commit, who, p_device, p_expected, head.head_seq + 1, seq);
            UPDATE tandem.journal j SET head_seq = seq, head_hash = prev WHERE j.id = p_journal;
            DELETE FROM tandem.waiting w
                WHERE w.journal = p_journal AND (w.commit_id = p_commit OR w.seen < clock_timestamp() - interval '1 minute');
            PERFORM pg_notify('tandem_appended', p_journal || ' ' || seq);
            RETURN QUERY SELECT 'appended'::text, seq, prev, ARRAY[]::bytea[], 0::bigint;
        END $$
        """,
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tandem_officer') THEN CREATE ROLE tandem_officer NOLOGIN; END IF; "
            + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
        "REVOKE ALL ON ALL TABLES IN SCHEMA tandem FROM PUBLIC",
        "REVOKE ALL ON FUNCTION tandem.append(text, uuid, text, bigint, bytea[], bigint) FROM PUBLIC",
        "GRANT USAGE ON SCHEMA tandem TO tandem_officer",
        "GRANT SELECT ON ALL TABLES IN SCHEMA tandem TO tandem_officer",
        "GRANT EXECUTE ON FUNCTION tandem.append(text, uuid, text, bigint, bytea[], bigint) TO tandem_officer",
    ]

    /// Makes `role` an officer's login role (if it is not one yet), mapped to
    /// the roster's `officer`, with limits so that a lost laptop never holds a
    /// lock or a statement open for long.
    static func officerStatements(role: String, officer: String) -> [String] {
        let quoted = quoteIdentifier(role)
        return [
            // Roles belong to the whole server: another database's set-up may be making the same one.
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(quoteLiteral(role))) THEN CREATE ROLE \(quoted) LOGIN; END IF; "
                + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
            "GRANT tandem_officer TO \(quoted)",
            "ALTER ROLE \(quoted) SET statement_timeout = '30s'",
            "ALTER ROLE \(quoted) SET idle_in_transaction_session_timeout = '30s'",
            "ALTER ROLE \(quoted) SET tcp_keepalives_idle = 30",
            "ALTER ROLE \(quoted) SET tcp_keepalives_interval = 10",
            "ALTER ROLE \(quoted) SET tcp_keepalives_count = 3",
            "INSERT INTO tandem.officer (db_role, officer) VALUES (\(quoteLiteral(role)), \(quoteLiteral(officer))) ON CONFLICT (db_role) DO UPDATE SET officer = EXCLUDED.officer",
        ]
    }

    static func quoteIdentifier(_ name: String) -> String { "\"" + doubled("\"", in: name) + "\"" }
    static func quoteLiteral(_ text: String) -> String { "'" + doubled("'", in: text) + "'" }

    private static func doubled(_ quote: Character, in text: String) -> String {
        text.split(separator: quote, omittingEmptySubsequences: false).joined(separator: String(quote) + String(quote))
    }
}
