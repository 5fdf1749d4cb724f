/// Where a shared journal is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`,
/// with libpq's `?sslcert=FILE&sslkey=FILE` (a client certificate, in place of a
/// password), `sslrootcert=FILE` (the authority the server's certificate must
/// come from) and `sslmode=verify-full` (TLS even on this machine).
/// The password may instead come from `PGPASSWORD`. Anything but this machine
/// (a loopback address) is reached over TLS only, its certificate and name verified.
public struct SharedAddress: Equatable, Sendable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// PEM files: the officer's certificate and its private key.
    public var certificate: String?
    public var key: String?
    /// A PEM file of the authorities the server's certificate is checked against (else the system's).
    public var rootCertificate: String?
    /// TLS asked for on this machine too (`sslmode=verify-full`).
    public var tlsOnLoopback = false

    public init(user: String, password: String? = nil, host: String, port: Int = 5432, database: String) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
    }

    /// Reads a URL, naming what is wrong with it.
    public init(url text: String, environment: [String: String] = [:]) throws(SharedError) {
        func refuse(_ why: String) -> SharedError { .badAddress("--shared \(SharedAddress.withoutPassword(text)): \(why)") }
        var rest = Substring(text)
        guard let scheme = ["postgres://", "postgresql://"].first(where: { rest.hasPrefix($0) }) else {
            throw refuse("it must start with postgres:// (postgres://USER@HOST:PORT/DATABASE)")
        }
        rest = rest.dropFirst(scheme.count)
        guard let at = rest.lastIndex(of: "@") else { throw refuse("it names no user (postgres://USER@HOST:PORT/DATABASE)") }
        let credentials = rest[..<at]
        rest = rest[rest.index(after: at)...]
        let userPart = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let name = userPart.first.map(String.init).flatMap(Self.decodePercent), !name.isEmpty else {
            throw refuse("it names no user (postgres://USER@HOST:PORT/DATABASE)")
        }
        user = name
        password = userPart.count == 2 ? Self.decodePercent(String(userPart[1])) : environment["PGPASSWORD"]
        guard let slash = rest.firstIndex(of: "/") else { throw refuse("it names no database (postgres://USER@HOST:PORT/DATABASE)") }
        let hostPort = rest[..<slash]
        let path = rest[rest.index(after: slash)...]
        let db = path.prefix { $0 != "?" }
        guard !db.isEmpty, let dbName = Self.decodePercent(String(db)) else { throw refuse("it names no database") }
        database = dbName
        var tlsRefused = false
        for parameter in path.dropFirst(db.count + 1).split(separator: "&") {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, let value = Self.decodePercent(String(pair[1])), !value.isEmpty else {
                throw refuse("\(pair[0]) needs a value (NAME=VALUE)")
            }
            switch pair[0] {
            case "sslcert": certificate = value
            case "sslkey": key = value
            case "sslrootcert": rootCertificate = value
            case "sslmode":
                guard value == "verify-full" || value == "disable" else {
                    throw refuse("sslmode may be verify-full (TLS, the server's certificate and name verified) or, on this machine only, disable")
                }
                tlsOnLoopback = value == "verify-full"
                tlsRefused = value == "disable"
            default:
                throw refuse("\(pair[0]) is not a setting Tandem reads (sslcert, sslkey, sslrootcert, sslmode)")
            }
        }
        if (certificate == nil) != (key == nil) { throw refuse("sslcert and sslkey go together: the certificate and its private key") }
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw refuse("an IPv6 address must end with ]") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            port = after.isEmpty ? 5432 : try Self.port(after.dropFirst(), refuse)
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            port = try Self.port(hostPort[hostPort.index(after: colon)...], refuse)
        } else {
            host = String(hostPort)
            port = 5432
        }
        guard !host.isEmpty else { throw refuse("it names no host") }
        if tlsRefused && !isLoopback {
            throw refuse("sslmode=disable is for this machine only: \(host) is reached over TLS")
        }
        if certificate != nil && isLoopback { tlsOnLoopback = true }
    }

    /// Whether the connection is made over TLS.
    public var usesTLS: Bool { !isLoopback || tlsOnLoopback }

    private static func port(_ text: Substring, _ refuse: (String) -> SharedError) throws(SharedError) -> Int {
        guard let port = Int(text), (1...65535).contains(port) else { throw refuse("the port must be a number from 1 to 65535") }
        return port
    }

    private static func decodePercent(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = utf8.next(), let low = utf8.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// This machine: no TLS is needed to reach it.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The URL as it may be shown: never with its password.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)"
    }

    static func withoutPassword(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text.lastIndex(of: "@"), at > scheme.upperBound else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
