#if canImport(Glibc)
import Glibc
#endif

/// What `tandem verify` found: how many records hold, and the first bad one if any.
public struct VerifyReport: Equatable, Sendable {
    public var header: JournalHeader
    public var goodRecords: Int
    public var bytes: Int
    public var lastHash: String
    /// The first bad record: its sequence number, byte offset and what is wrong.
    public var firstProblem: (sequence: Int, offset: Int, reason: String)?
    /// Committed lines the commit log holds that the journal on disk lacks or holds otherwise, said as a notice.
    public var pending: String?
    /// The journal no longer holds what its snapshot was made from (it was cut back or replaced).
    public var snapshotProblem: String?
    /// The first record whose signature, or whose actor's role at the time, does not hold.
    public var signatureProblem: (sequence: Int, offset: Int, reason: String)?
    /// How many commits carry a signature that was checked.
    public var signedCommits = 0

    /// Every line, the chain and every signature hold, and nothing committed is missing.
    public var isIntact: Bool { firstProblem == nil && pending == nil && snapshotProblem == nil && signatureProblem == nil }

    public static func == (a: VerifyReport, b: VerifyReport) -> Bool {
        a.header == b.header && a.goodRecords == b.goodRecords && a.bytes == b.bytes && a.lastHash == b.lastHash
            && a.firstProblem?.sequence == b.firstProblem?.sequence && a.firstProblem?.offset == b.firstProblem?.offset
            && a.firstProblem?.reason == b.firstProblem?.reason && a.signatureProblem?.sequence == b.signatureProblem?.sequence
            && a.signatureProblem?.reason == b.signatureProblem?.reason && a.signedCommits == b.signedCommits
    }
}

extension Journal {
    /// Checks every line, the whole chain, and every commit's signature and its
    /// actor's role at that point, without changing the file (a torn last line
    /// is reported, not cut). `progress` gets bytes checked and the total.
    public static func verify(at path: String, progress: ((Int, Int) -> Void)? = nil) throws(JournalError) -> VerifyReport {
        let fd = try FileIO.openJournal(path, O_RDONLY)
        if fd < 0 { throw .io(operation: "open", path: path, reason: FileIO.errorText()) }
        defer { Glibc.close(fd) }
        try FileIO.lock(fd, exclusive: false, path: path, patience: lockPatience)
        defer { FileIO.unlock(fd) }
        let size = try FileIO.size(fd, path: path)
        let scan: JournalScan
        let signed: SignedScan
        do {
            (scan, signed) = try JournalScan.scanSigned(fd: fd, path: path, end: size, progress: { progress?($0, size) })
        } catch {
            if case .damaged(let sequence, let offset, let reason) = error {
                return VerifyReport(
                    header: JournalHeader(version: 0, id: "", created: .init(secondsSinceEpoch: 0)), goodRecords: 0,
                    bytes: size, lastHash: "", firstProblem: (sequence, offset, reason))
            }
            throw error
        }
        progress?(size, size)
        return VerifyReport(
            header: scan.header, goodRecords: scan.lines.count, bytes: size, lastHash: scan.lines.position.hash,
            firstProblem: scan.problem.map { ($0.sequence, $0.offset, $0.reason) },
            pending: CommitLog.pendingNotice(journalFD: fd, journalPath: path),
            snapshotProblem: try SnapshotFile.mismatch(for: path, header: scan.header, fd: fd, size: size),
            signatureProblem: signed.problem.map { ($0.sequence, $0.offset, $0.reason) }, signedCommits: signed.signed)
    }
}
