#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder under /tmp for one test, removed when dropped.
public final class TemporaryDirectory {
    public let path: String

    public init() {
        var template = Array("/tmp/tandem-test-XXXXXX".utf8CString)
        path = String(cString: mkdtemp(&template)!)
    }

    deinit { _ = system("rm -rf '\(path)'") }

    public func file(_ name: String) -> String { path + "/" + name }

    /// A private (0600) copy of `sample-data/jpa-2015.jsonl` in this folder; returns its path.
    public func copyOfSample(named name: String = "journal.jsonl") -> String {
        let copy = file(name)
        writeBytes(copy, readBytes(sampleJournalPath))
        return copy
    }
}

/// The committed sample journal.
public var sampleJournalPath: String { packageRoot() + "/sample-data/jpa-2015.jsonl" }

public func readBytes(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return [] }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { return bytes }
        bytes += chunk[0..<n]
    }
}

public func readText(_ path: String) -> String { String(decoding: readBytes(path), as: UTF8.self) }

public func writeBytes(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0, "cannot write \(path)")
    defer { close(fd) }
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
}

public func fileMode(_ path: String) -> UInt32 {
    var info = stat()
    stat(path, &info)
    return UInt32(info.st_mode) & 0o777
}

/// The package's root folder, found from this source file's place.
public func packageRoot(file: String = #filePath) -> String {
    var parts = file.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/TestSupport/TemporaryDirectory.swift
    return parts.joined(separator: "/")
}
