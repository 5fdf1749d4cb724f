#if canImport(Glibc)
import Glibc
#endif

/// A file's bytes, mapped into memory read-only rather than copied: a
/// spreadsheet of a million rows is read where the page cache holds it. If the
/// file is cut short by someone else while it is read (or its disk removed),
/// the process ends with SIGBUS; an import has written nothing to the journal
/// by then, and its staging file has no name, so nothing is left half-done.
final class MappedFile {
    let bytes: UnsafeBufferPointer<UInt8>

    init(path: String) throws(Failure) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw Failure(message: "cannot read \(path): \(String(cString: strerror(errno))).", code: 1) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(message: "cannot read \(path): \(String(cString: strerror(errno))).", code: 1) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure(message: "cannot read \(path): not a file.", code: 1) }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let start = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), start != MAP_FAILED else {
            throw Failure(message: "cannot read \(path): \(String(cString: strerror(errno))).", code: 1)
        }
        _ = madvise(start, size, MADV_SEQUENTIAL)
        bytes = UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: size)
    }

    deinit {
        if let start = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: start), bytes.count) }
    }
}
