import Foundation
import Synchronization

/// A throwaway PostgreSQL server for the shared journal's tests: initdb and
/// pg_ctl run as an unprivileged user (initdb refuses root) on a temporary
/// folder and a free port on loopback, with `trust` authentication so each
/// test can log in as any officer's role. Stopped when the test process ends
/// (the shared one) or by `stop()`.
public final class PostgresServer: @unchecked Sendable {
    public let folder: String
    public let port: Int
    /// The superuser initdb made.
    public static let admin = "tandem_admin"
    private let bin: String
    private let runAs: [String]

    /// Where Debian's PostgreSQL 15 binaries are (or `TANDEM_PG_BIN`).
    static var binaries: String {
        ProcessInfo.processInfo.environment["TANDEM_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
    }

    /// Why no server can be had here, or nil when one can.
    public static var unavailable: String? {
        FileManager.default.isExecutableFile(atPath: binaries + "/initdb")
            ? nil : "PostgreSQL 15 is not installed (no \(binaries)/initdb; `apt-get install postgresql`)"
    }

    /// Starts a new server. Throws when it cannot be had.
    public init() throws {
        if let why = Self.unavailable { throw ProcessFailure(description: why) }
        bin = Self.binaries
        var template = Array("/tmp/tandem-pg-XXXXXX".utf8CString)
        folder = String(cString: mkdtemp(&template)!)
        if getuid() == 0 {
            let user = getpwnam("postgres") != nil ? "postgres" : "nobody"
            runAs = ["/usr/sbin/runuser", "-u", user, "--"]
            _ = try runProcess(["/bin/chown", user, folder])
        } else {
            runAs = []
        }
        port = Self.freePort()
        let initdb = try runProcess(runAs + [bin + "/initdb", "-D", folder + "/data", "-U", Self.admin, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        guard initdb.status == 0 else { throw ProcessFailure(description: "initdb failed: \(initdb.output)") }
        try start()
    }

    /// Starts (or starts again, after `kill`) the server on its folder and port.
    public func start() throws {
        let options = "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on"
        let started = try runProcess(runAs + [bin + "/pg_ctl", "-D", folder + "/data", "-o", options, "-l", folder + "/log", "-w", "-t", "60", "start"])
        guard started.status == 0 else {
            throw ProcessFailure(description: "pg_ctl start failed: \(started.output) \((try? String(contentsOfFile: folder + "/log", encoding: .utf8)) ?? "")")
        }
    }

    /// Stops the server at once, as a crash would: SIGKILL to the postmaster and every process it started.
    public func kill() {
        guard let text = try? String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8),
              let pid = text.split(separator: "\n").first.flatMap({ pid_t($0) }) else { return }
        let children = ((try? runProcess(["/usr/bin/pgrep", "-P", "\(pid)"]))?.output ?? "")
            .split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
        Glibc.kill(pid, SIGKILL)
        for child in children { Glibc.kill(child, SIGKILL) }
        for _ in 0..<200 {
            if !Self.isListening(port) && !children.contains(where: { Glibc.kill($0, 0) == 0 }) { break }
            usleep(20_000)
        }
        // Its lock file names a process that is gone (or a zombie no one reaps here): the restart need not wonder.
        unlink(folder + "/data/postmaster.pid")
    }

    /// Stops the server and removes its folder.
    public func stop() {
        _ = try? runProcess(runAs + [bin + "/pg_ctl", "-D", folder + "/data", "-m", "immediate", "-w", "stop"])
        _ = system("rm -rf '\(folder)'")
    }

    /// Puts `files` (name: contents) in the server's data folder (0600, the server's own), adds `settings`
    /// to postgresql.conf and `access` lines at the top of pg_hba.conf (the first that matches decides),
    /// then has the server read its configuration again.
    public func configure(files: [String: String] = [:], settings: [String] = [], access: [String] = []) throws {
        let data = folder + "/data/"
        for (name, contents) in files {
            try contents.write(toFile: data + name, atomically: false, encoding: .utf8)
            chmod(data + name, 0o600)
        }
        let conf = try String(contentsOfFile: data + "postgresql.conf", encoding: .utf8)
        try (conf + "\n" + settings.joined(separator: "\n") + "\n").write(toFile: data + "postgresql.conf", atomically: false, encoding: .utf8)
        let hba = try String(contentsOfFile: data + "pg_hba.conf", encoding: .utf8)
        try (access.joined(separator: "\n") + "\n" + hba).write(toFile: data + "pg_hba.conf", atomically: false, encoding: .utf8)
        if let owner = runAs.dropFirst(2).first {
            _ = try runProcess(["/bin/chown", "-R", owner, folder + "/data"])
        }
        let loaded = try psql("SELECT pg_conf_load_time()")
        let reloaded = try runProcess(runAs + [bin + "/pg_ctl", "-D", data, "reload"])
        guard reloaded.status == 0 else { throw ProcessFailure(description: "pg_ctl reload failed: \(reloaded.output)") }
        // The server reads it when the signal reaches it: a new session sees when.
        for _ in 0..<200 where try psql("SELECT pg_conf_load_time()") == loaded {}
    }

    /// A URL for `user` on `database`.
    public func url(user: String = PostgresServer.admin, database: String) -> String {
        "postgres://\(user)@127.0.0.1:\(port)/\(database)"
    }

    /// Runs SQL as the superuser through psql; returns what it printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let result = try runProcess(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", "\(port)",
                                     "-U", Self.admin, "-d", database, "-c", sql])
        guard result.status == 0 else { throw ProcessFailure(description: "psql failed: \(result.output)") }
        return result.output
    }

    private static let count = Mutex(0)

    /// A new, empty database of its own for one test; returns its name.
    public func newDatabase() throws -> String {
        let number = Self.count.withLock { count in
            count += 1
            return count
        }
        let name = "t\(getpid())_\(number)"
        try psql("CREATE DATABASE \(name)")
        return name
    }

    /// The server every shared-journal test in this process uses, started on first use.
    public static func shared() throws -> PostgresServer {
        try sharedServer.withLock { server in
            if let server { return server }
            let started = try PostgresServer()
            server = started
            atexit { PostgresServer.stopShared() }
            return started
        }
    }

    private static let sharedServer = Mutex<PostgresServer?>(nil)

    private static func stopShared() {
        sharedServer.withLock { $0?.stop() }
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
