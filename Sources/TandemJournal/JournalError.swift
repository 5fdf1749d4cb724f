/// Everything that can go wrong opening or writing a journal, each said in one
/// sentence an officer can act on.
public enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAJournal(String)
    case newerVersion(Int)
    case damaged(sequence: Int, offset: Int, reason: String)
    case io(operation: String, path: String, reason: String)
    case readOnly(String)
    case notSaved(String)
    /// The change cannot be signed as the roster requires: refused, nothing written, writing goes on.
    case cannotSign(String)
    case stale(Int)
    case cancelled(String)

    public var description: String {
        switch self {
        case .notAJournal(let why): "This file is not a Tandem journal: \(why)."
        case .newerVersion(let v):
            "This journal has format version \(v), newer than this tandem reads (\(JournalHeader.currentVersion)); update tandem to open it."
        case .damaged(let sequence, let offset, let reason):
            "The journal is damaged at record \(sequence) (byte offset \(offset)): \(reason)."
        case .io(let operation, let path, let reason): "Could not \(operation) \(path): \(reason)."
        case .readOnly(let why): "The journal is open read-only: \(why)."
        case .notSaved(let why): "NOT SAVED: \(why). Writing has stopped; the journal keeps every earlier change."
        case .cannotSign(let why): "Not saved: \(why)."
        case .cancelled(let what): "\(what) was cancelled; nothing of it was saved and the journal is as it was."
        case .stale(let count):
            "Not saved: \(count) change\(count == 1 ? "" : "s") arrived from another console first; look again and retry."
        }
    }
}
