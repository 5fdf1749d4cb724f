#if canImport(Glibc)
import Glibc
#endif
import CJournalCalls

/// Which file a descriptor or path is: its device and inode.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    /// The file `path` names, or nil when it names none.
    init?(path: String) {
        var device: UInt64 = 0, inode: UInt64 = 0
        guard tandem_file_identity(path, -1, &device, &inode) == 0 else { return nil }
        self.device = device
        self.inode = inode
    }

    /// The file open as `fd`.
    init?(fd: Int32) {
        var device: UInt64 = 0, inode: UInt64 = 0
        guard tandem_file_identity("", fd, &device, &inode) == 0 else { return nil }
        self.device = device
        self.inode = inode
    }
}

/// Thin wrappers over POSIX calls that report failures as `JournalError.io`.
enum FileIO {
    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    static func readAll(_ fd: Int32, path: String) throws(JournalError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, reason: errorText())
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// The file's length, found by seeking to its end (reads and writes here
    /// never use the file offset). Used at every commit instead of fstat: on
    /// this project's test machine a stat call before fdatasync made each
    /// durable commit 60-80 µs slower.
    static func end(_ fd: Int32, path: String) throws(JournalError) -> Int {
        let end = lseek(fd, 0, SEEK_END)
        guard end >= 0 else { throw .io(operation: "check the size of", path: path, reason: errorText()) }
        return Int(end)
    }

    static func size(_ fd: Int32, path: String) throws(JournalError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(operation: "check the size of", path: path, reason: errorText()) }
        return Int(info.st_size)
    }

    /// Reads exactly `count` bytes from `offset` into `bytes`, reusing its storage.
    static func read(_ fd: Int32, from offset: Int, count: Int, into bytes: inout [UInt8], path: String) throws(JournalError) {
        if bytes.count != count {
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: repeatElement(0, count: count))
        }
        if try fill(&bytes, from: fd, at: offset, path: path) < count {
            throw .io(operation: "read", path: path, reason: "the file ended early")
        }
    }

    /// Reads `count` bytes from `offset`, or fewer where the file ends.
    static func read(_ fd: Int32, from offset: Int, count: Int, path: String) throws(JournalError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let done = try fill(&bytes, from: fd, at: offset, path: path)
        return done == count ? bytes : Array(bytes[0..<done])
    }

    /// Fills `bytes` from `offset` until it is full or the file ends; returns how many were read.
    private static func fill(_ bytes: inout [UInt8], from fd: Int32, at offset: Int, path: String) throws(JournalError) -> Int {
        let count = bytes.count
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, reason: errorText())
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Takes the advisory lock, waiting up to `patience` seconds for another process to let go.
    /// Takes the lock, waiting up to `patience` seconds for another process to
    /// let go. `waiting`, if given, is asked at each look while it waits; when it
    /// answers false the wait stops and nothing is done.
    static func lock(_ fd: Int32, exclusive: Bool, path: String, patience: Double,
                     waiting: (() -> Bool)? = nil) throws(JournalError) {
        let operation = (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB
        var waited = 0.0
        while flock(fd, operation) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw .io(operation: "lock", path: path, reason: errorText())
            }
            if let waiting, !waiting() { throw .cancelled("The save") }
            if waited >= patience {
                let waited = patience < 1 ? "\(Int(patience * 1000)) ms" : "\(Int(patience)) seconds"
                throw .io(operation: "lock", path: path, reason: "another process has held it for over \(waited)")
            }
            usleep(2_000)
            waited += 0.002
        }
    }

    static func unlock(_ fd: Int32) { _ = flock(fd, LOCK_UN) }

    /// Warnings when the journal or its folder can be read by other users, each
    /// ending with the command that closes it, to be copied as it stands: the
    /// path in full, quoted where a shell would split it, and no full stop after
    /// it (a folder named "." read as "chmod 700 .." names its parent).
    static func exposureWarnings(fd: Int32, path: String) -> [String] {
        var warnings: [String] = []
        var info = stat()
        if fstat(fd, &info) == 0, UInt32(info.st_mode) & 0o077 != 0 {
            let mode = String(UInt32(info.st_mode) & 0o777, radix: 8)
            warnings.append("Warning: the journal can be read by other users (mode \(mode)); to close it, run: chmod 600 \(shellWord(absolute(path)))")
        }
        let folder = directory(of: path)
        if stat(folder, &info) == 0, UInt32(info.st_mode) & 0o077 != 0 {
            let mode = String(UInt32(info.st_mode) & 0o777, radix: 8)
            if UInt32(info.st_mode) & 0o1000 == 0 {  // a sticky shared folder such as /tmp is expected to be open
                let shown = absolute(folder)
                warnings.append("Warning: the journal's folder \(shown) is open to other users (mode \(mode)); to close it, run: chmod 700 \(shellWord(shown))")
            }
        }
        return warnings
    }

    /// The path from the root: a relative one taken from the working folder ("." is the folder itself).
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let here = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if path == "." { return here }
        let rest = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return here == "/" ? "/" + rest : here + "/" + rest
    }

    /// Text as one word to a shell: as it is when it holds only letters, digits
    /// and `/._-+,:@%`; otherwise in single quotes (a quote in it written '\'').
    static func shellWord(_ text: String) -> String {
        let plain = !text.isEmpty && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            case UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: ","),
                 UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "%"): true
            default: false
            }
        }
        return plain ? text : "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#) + "'"
    }

    /// Opens a journal's file, refusing at once anything that is not a regular
    /// file (a FIFO would make the reading wait forever; a device or socket is
    /// no journal). Returns the descriptor, or -1 with errno set when it cannot be opened.
    static func openJournal(_ path: String, _ flags: Int32) throws(JournalError) -> Int32 {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            let kind = switch info.st_mode & S_IFMT {
            case S_IFIFO: "a FIFO"
            case S_IFDIR: "a folder"
            case S_IFSOCK: "a socket"
            case S_IFCHR, S_IFBLK: "a device"
            default: "not a regular file"
            }
            throw .io(operation: "open", path: path, reason: "it is \(kind), not a journal file")
        }
        let fd = open(path, flags | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { return fd }
        // Blocking again for what follows (O_NONBLOCK only kept the open itself from waiting).
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Creates the folder and any missing parents, each 0700.
    static func makeDirectories(_ path: String) throws(JournalError) {
        if path.isEmpty || fileExists(path) { return }
        try makeDirectories(directory(of: path))
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw .io(operation: "create the folder", path: path, reason: errorText())
        }
    }

    /// Makes a new file's directory entry durable.
    static func syncDirectory(of path: String) throws(JournalError) {
        let dir = directory(of: path)
        let fd = open(dir, O_RDONLY | O_DIRECTORY)
        if fd < 0 { throw .io(operation: "open the folder", path: dir, reason: errorText()) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw .io(operation: "sync the folder", path: dir, reason: errorText()) }
    }
}
