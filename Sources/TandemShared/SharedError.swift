/// What went wrong with a shared journal, in words an officer can act on.
public enum SharedError: Error, CustomStringConvertible, Equatable {
    case badAddress(String)
    /// The server cannot be reached (or stopped answering): work goes on offline.
    case unreachable(String)
    /// The server answered with an error.
    case server(String)
    /// The server's history does not extend this laptop's copy: it is not the same journal any more.
    case diverged(String)
    /// There is no shared journal there yet.
    case notShared(String)

    public var description: String {
        switch self {
        case .badAddress(let why): why
        case .unreachable(let why): "The shared journal cannot be reached: \(why)."
        case .server(let why): "The shared journal's server refused: \(why)."
        case .diverged(let why): "The shared journal no longer extends this copy: \(why)."
        case .notShared(let why): why
        }
    }
}
