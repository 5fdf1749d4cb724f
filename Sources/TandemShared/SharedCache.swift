#if canImport(Glibc)
import Glibc
#endif
import TandemCore
import TandemJournal

/// The laptop's copy of a shared journal: an ordinary journal file whose
/// header is the server's and whose lines are the server's first lines.
public enum SharedCache {
    /// Makes sure `path` is a copy of the shared journal at `link`: made from
    /// the server's header when there is none yet; an existing one must be of
    /// the same journal. Returns the journal's id. Offline (the server cannot be
    /// reached), an existing copy is taken as it is. A new copy is filled with
    /// every record the server holds (`progress`: records read, of how many).
    @discardableResult
    public static func prepare(
        at path: String, link: SharedLink, journal wanted: String? = nil, now: @escaping () -> Timestamp,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> String {
        // A copy whose writer was stopped part way through a line: the line is on the server, and is read again.
        if fileExists(path), try Journal.cutUnfinishedLine(at: path) > 0, fileSize(path) == 0 { unlink(path) }
        if fileExists(path) {
            // Only the header is read here: the console opens the copy itself (from its snapshot).
            let (local, id) = try Journal.headerLine(at: path)
            let server: (header: [UInt8], head: SharedHead)?
            do {
                try checkVersion(link)
                server = try link.journal(id)
            } catch .unreachable { return id }
            guard let server else {
                throw SharedError.notShared("\(path) is a copy of journal \(id), which \(link.address) does not hold")
            }
            guard server.header == local else {
                throw SharedError.diverged("\(path) does not begin as the shared journal \(id) does (the header lines differ)")
            }
            return id
        }
        try checkVersion(link)
        let ids = try link.journalIDs()
        let id: String
        if let wanted {
            guard ids.contains(wanted) else { throw SharedError.notShared("\(link.address) holds no journal \(wanted)") }
            id = wanted
        } else {
            guard let only = ids.first else {
                throw SharedError.notShared("\(link.address) holds no shared journal yet: make one with `tandem shared init`")
            }
            guard ids.count == 1 else {
                throw SharedError.notShared("\(link.address) holds \(ids.count) journals (\(ids.joined(separator: ", "))): name one with --journal-id")
            }
            id = only
        }
        guard let server = try link.journal(id) else { throw SharedError.notShared("\(link.address) holds no journal \(id)") }
        let created = try Journal.create(at: path, headerLine: server.header, now: now)
        let filling = SharedJournal(cache: created.journal, link: link, listening: false, now: now)
        defer {
            filling.close(keepingLink: true)
            created.journal.close()
        }
        _ = try filling.catchUp(progress: progress)
        return id
    }

    /// Refuses a shared journal whose tables and functions another version of Tandem set up.
    static func checkVersion(_ link: SharedLink) throws(SharedError) {
        let found = try link.schemaVersion()
        guard found != SharedSchema.version else { return }
        throw SharedError.notShared("\(link.address) holds a shared journal set up by \(found < SharedSchema.version ? "an older" : "a newer") Tandem "
                                    + "(its version \(found); this Tandem reads version \(SharedSchema.version)): use the Tandem it was set up with, "
                                    + "or ask the unit's administrator to set it up again from a verified copy (`tandem shared init --from`)")
    }

    static func fileSize(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    static func fileExists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }
}
