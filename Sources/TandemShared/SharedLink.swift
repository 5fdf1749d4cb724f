import Dispatch
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization

/// One connection to the shared journal's server, used from ordinary threads
/// (the console's worker, a command's main thread): each call waits for its
/// answer, at most `patience` seconds. A call that gets no answer in time, or
/// loses its connection, throws `.unreachable` and the next call connects
/// afresh; what the server refused throws `.server`.
public final class SharedLink: @unchecked Sendable {
    public let address: SharedAddress
    /// Seconds a call waits for its answer.
    public var patience: Double
    private let lock = Mutex<PostgresConnection?>(nil)
    /// The connection of the calls not waited for (`start`): on the calls' own, a long one (the audit's
    /// digest of 20,000 rows) would hold up the saves and looks queued behind it.
    private let backgroundLock = Mutex<PostgresConnection?>(nil)
    private let logger: Logger

    public init(address: SharedAddress, patience: Double = 15) {
        self.address = address
        self.patience = patience
        var logger = Logger(label: "tandem.shared")
        // Nothing may be printed under the console's screen.
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit { close() }

    /// Closes the connections; the next call opens a new one.
    public func close() {
        for background in [false, true] {
            let old = slot(background) { connection in
                defer { connection = nil }
                return connection
            }
            if let old { Self.close(old) }
        }
    }

    /// Closes a connection, keeping it until it has closed (postgres-nio requires it).
    static func close(_ connection: PostgresConnection) {
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// The connection calls use (those not waited for: `background`): the open one, else a new one
    /// (kept at once, so `close` reaches it).
    private func connection(_ configuration: PostgresConnection.Configuration, background: Bool = false) async throws -> PostgresConnection {
        if let existing = slot(background, { $0 }), !existing.isClosed { return existing }
        let connection = try await PostgresConnection.connect(configuration: configuration, id: background ? 2 : 0, logger: logger)
        let replaced = slot(background) { current -> PostgresConnection? in
            defer { current = connection }
            return current
        }
        if let replaced { Self.close(replaced) }
        return connection
    }

    /// Works on the calls' connection, or on the one of the calls not waited for.
    private func slot<R>(_ background: Bool, _ body: (inout PostgresConnection?) -> R) -> R {
        background ? backgroundLock.withLock { body(&$0) } : lock.withLock { body(&$0) }
    }

    var configuration: PostgresConnection.Configuration {
        get throws(SharedError) {
            let tls: PostgresConnection.Configuration.TLS
            if address.usesTLS {
                tls = .require(try Self.tlsContext(address))
            } else {
                tls = .disable
            }
            var configuration = PostgresConnection.Configuration(
                host: address.host, port: address.port, username: address.user, password: address.password,
                database: address.database, tls: tls)
            configuration.options.connectTimeout = .milliseconds(Int64(patience * 1000))
            return configuration
        }
    }

    /// TLS as the address asks: the server's certificate and name verified (against `sslrootcert` when
    /// given), and the officer's certificate offered when there is one.
    static func tlsContext(_ address: SharedAddress) throws(SharedError) -> NIOSSLContext {
        var settings = TLSConfiguration.makeClientConfiguration()
        func load<T>(_ what: String, _ file: String, _ read: () throws -> T) throws(SharedError) -> T {
            do { return try read() } catch { throw .badAddress("\(what) \(file) could not be read as PEM (\(error))") }
        }
        if let file = address.rootCertificate {
            settings.trustRoots = .certificates(try load("sslrootcert", file) { try NIOSSLCertificate.fromPEMFile(file) })
        }
        if let file = address.certificate, let keyFile = address.key {
            settings.certificateChain = try load("sslcert", file) { try NIOSSLCertificate.fromPEMFile(file).map { .certificate($0) } }
            settings.privateKey = .privateKey(try load("sslkey", keyFile) { try NIOSSLPrivateKey(file: keyFile, format: .pem) })
        }
        do { return try NIOSSLContext(configuration: settings) } catch {
            throw .unreachable("TLS could not be readied (\(error))")
        }
    }

    /// Opens a connection of its own (for listening), not the one calls use.
    func openConnection() async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration: try configuration, id: 1, logger: logger)
    }

    /// Runs `body` on the connection (opened first when there is none) and waits for it.
    func run<T: Sendable>(_ what: String, patience: Double? = nil, _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) throws(SharedError) -> T {
        let configuration = try configuration
        let logger = self.logger
        let patience = patience ?? self.patience
        let outcome = waitFor(seconds: patience) { [self] () async throws -> T in
            let connection = try await connection(configuration)
            return try await body(connection, logger)
        }
        return try settle(outcome, what, patience: patience)
    }

    /// Starts `body` on the connection (opened first when there is none) without waiting for it:
    /// its outcome is taken later with `outcome(of:)`, on the caller's thread.
    func start<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) -> StartedCall<T> {
        let call = StartedCall<T>(what: what, patience: patience)
        let configuration: PostgresConnection.Configuration
        do { configuration = try self.configuration } catch {
            call.handover.finish(.failure(error))
            return call
        }
        let logger = self.logger
        call.task = Task(executorPreference: CallThread.shared) { [self] in
            do {
                let connection = try await connection(configuration, background: true)
                call.handover.finish(.success(try await body(connection, logger)))
            } catch {
                call.handover.finish(.failure(error))
            }
        }
        return call
    }

    /// A started call's value once its answer has come, nil while it has not; what went wrong
    /// as `run` throws it, `.unreachable` once the call has gone `patience` seconds unanswered.
    func outcome<T: Sendable>(of call: StartedCall<T>) throws(SharedError) -> T? {
        var result = call.handover.outcome
        if result == nil, DispatchTime.now() >= call.deadline {
            call.task?.cancel()
            result = .failure(TimedOut())
        }
        guard let result else { return nil }
        return try settle(result, call.what, patience: call.patience)
    }

    /// Runs one statement whose answer comes as a future, waited for on the caller's thread: the
    /// statement goes straight to the connection's event loop and the answer straight back, where
    /// `run` also passes through the call thread both ways (two thread switches less, for the calls
    /// a save makes). Without an open connection, the connection is opened by `run` first.
    func runNow<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection, Logger) -> EventLoopFuture<T>) throws(SharedError) -> T {
        guard let connection = lock.withLock({ $0 }), !connection.isClosed else {
            return try run(what) { connection, logger in try await body(connection, logger).get() }
        }
        return try settle(waitFor(body(connection, logger), seconds: patience), what, patience: patience)
    }

    /// What a call's outcome means for its caller: its value, a refusal, or the server out of reach.
    private func settle<T>(_ outcome: Result<T, any Error>, _ what: String, patience: Double) throws(SharedError) -> T {
        switch outcome {
        case .success(let value):
            return value
        case .failure(let error as PSQLError) where error.serverInfo != nil:
            // The server answered: the connection is still good, unless the server is going down or not yet up
            // (class 57), or it is about the connection (class 08): what was asked may or may not have been done.
            if let state = error.serverInfo?[.sqlState], state.hasPrefix("57") || state.hasPrefix("08") {
                close()
                throw .unreachable("\(address): \(Self.message(of: error))")
            }
            throw .server(Self.message(of: error))
        case .failure(let error as SharedError):
            throw error
        case .failure(is TimedOut):
            close()
            throw .unreachable("\(address) did not answer within \(Int(patience)) seconds (\(what))")
        case .failure(let error):
            close()
            throw .unreachable("\(address): \(Self.describe(error))")
        }
    }

    static func message(of error: PSQLError) -> String {
        guard let info = error.serverInfo else { return describe(error) }
        let text = info[.message] ?? "an error"
        let code = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
        return (text.hasPrefix("tandem: ") ? String(text.dropFirst(8)) : text) + code
    }

    /// What went wrong, as the error says it: a PSQLError describes itself generically (to keep what was
    /// sent out of logs), so its code says what happened, or what it wraps (which may be another PSQLError).
    private static func gist(of error: any Error) -> String {
        guard let psql = error as? PSQLError else { return "\(error)" }
        return psql.underlying.map(gist(of:)) ?? "\(psql.code)"
    }

    static func describe(_ error: any Error) -> String {
        if let psql = error as? PSQLError, let info = psql.serverInfo, let message = info[.message] { return message }
        let text = gist(of: error)
        // NIO's errors are long; the officer needs the gist.
        for (found, said) in [("Connection refused", "the connection was refused (is the server up, and the port right?)"),
                              ("No route to host", "there is no route to the server"),
                              ("Network is unreachable", "the network is unreachable"),
                              ("connectTimeout", "connecting timed out"),
                              ("CERTIFICATE_VERIFY_FAILED", "the server's certificate is not signed by an authority this laptop trusts (sslrootcert), or is not for this host name"),
                              ("Connection reset", "the connection was reset"),
                              ("uncleanShutdown", "the connection was cut"),
                              ("connectionClosed", "the connection was closed"),
                              ("serverClosedConnection", "the server closed the connection"),
                              ("clientClosedConnection", "the connection was closed"),
                              ("nodename nor servname", "the server's name is not known"),
                              ("Name or service not known", "the server's name is not known")] where text.contains(found) {
            return said
        }
        return text
    }
}

struct TimedOut: Error {}

/// A call on its way (see `SharedLink.start`).
final class StartedCall<T: Sendable>: @unchecked Sendable {
    let what: String
    let patience: Double
    let deadline: DispatchTime
    fileprivate let handover = Handover<T>()
    /// Set once, right after the call starts, on the thread that started it.
    fileprivate var task: Task<Void, Never>?

    fileprivate init(what: String, patience: Double) {
        self.what = what
        self.patience = patience
        deadline = .now() + patience
    }

    /// Waits at most `seconds` for the outcome.
    func wait(seconds: Double) { _ = handover.wait(seconds: seconds) }
}

/// An outcome one thread hands to another, once.
final class Handover<T: Sendable>: Sendable {
    private let box = Mutex<Result<T, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func finish(_ outcome: Result<T, any Error>) {
        box.withLock { $0 = outcome }
        done.signal()
    }

    /// The outcome, if it has come.
    var outcome: Result<T, any Error>? { box.withLock { $0 } }

    /// The outcome, waiting at most `seconds` for it; nil when it has not come.
    func wait(seconds: Double) -> Result<T, any Error>? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        done.signal()  // so that a later wait sees it at once
        return outcome
    }
}

/// Runs async work from a thread that may block, waiting at most `seconds`.
func waitFor<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
    let handover = Handover<T>()
    let task = Task(executorPreference: CallThread.shared) {
        do { handover.finish(.success(try await work())) } catch { handover.finish(.failure(error)) }
    }
    guard let outcome = handover.wait(seconds: seconds) else {
        task.cancel()
        return .failure(TimedOut())
    }
    return outcome
}

/// Waits at most `seconds` for a future, on the caller's thread (never one of NIO's event loops).
func waitFor<T: Sendable>(_ future: EventLoopFuture<T>, seconds: Double) -> Result<T, any Error> {
    let handover = Handover<T>()
    future.whenComplete { handover.finish($0) }
    return handover.wait(seconds: seconds) ?? .failure(TimedOut())
}
