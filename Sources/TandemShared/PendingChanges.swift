import struct Foundation.UUID
#if canImport(Glibc)
import Glibc
#endif
import TandemCore
import TandemJournal

/// One change an officer made that the shared journal does not hold yet: its
/// commit id (kept, so that a change whose first offer may have gone through
/// is recognised, never saved twice) and its events as they were decided.
public struct PendingChange: Equatable, Sendable {
    public let id: UUID
    public let events: [Event]

    public init(id: UUID, events: [Event]) {
        self.id = id
        self.events = events
    }
}

/// The changes kept on this laptop until the shared journal can take them:
/// `COPY.pending` beside the copy (0600), each change a line
/// `commit <uuid> <count>` followed by its events, one line each in the
/// journal's own format. A change is kept (written and synced) before the
/// console says so; a last change left unfinished (the laptop stopped part
/// way) was never said to be kept, and is not read.
public final class PendingChanges {
    public let path: String
    public private(set) var changes: [PendingChange]

    public static func path(beside copy: String) -> String { copy + ".pending" }

    /// How many changes wait beside the copy at `copy`.
    public static func count(beside copy: String) -> Int {
        PendingChanges(beside: copy).changes.count
    }

    /// The changes kept beside the copy at `copy` (none when there is no file).
    public init(beside copy: String) {
        path = Self.path(beside: copy)
        changes = Self.decode(Self.contents(of: path))
    }

    /// Keeps `change` (durably) after the others.
    public func add(_ change: PendingChange) throws {
        let file = try PrivateFile(appendingTo: path)
        defer { file.close() }
        try file.append(Self.encode(change))
        try file.sync()
        changes.append(change)
    }

    /// Takes the change `id` out (it was shared, or given up with the officer told).
    public func remove(_ id: UUID) throws {
        let rest = changes.filter { $0.id != id }
        try PrivateFile.replace(path, with: rest.flatMap(Self.encode))
        changes = rest
    }

    static func encode(_ change: PendingChange) -> [UInt8] {
        var bytes = Array("commit \(change.id.uuidString.lowercased()) \(change.events.count)\n".utf8)
        for event in change.events {
            bytes += StandaloneEventLine.encode(event)
            bytes.append(0x0A)
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> [PendingChange] {
        var changes: [PendingChange] = []
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)[...]
        // Only whole lines count: the last piece has no newline after it.
        lines = lines.dropLast()
        while let head = lines.first {
            lines = lines.dropFirst()
            let words = String(decoding: head, as: UTF8.self).split(separator: " ")
            guard words.count == 3, words[0] == "commit", let id = UUID(uuidString: String(words[1])),
                  let count = Int(words[2]), count > 0, lines.count >= count else { break }
            let events = lines.prefix(count).compactMap { StandaloneEventLine.decode(Array($0)) }
            guard events.count == count else { break }
            lines = lines.dropFirst(count)
            changes.append(PendingChange(id: id, events: events))
        }
        return changes
    }

    private static func contents(of path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return bytes
    }
}
