#if canImport(Glibc)
import Glibc
#endif
import Crypto
import TandemCore

/// What is wrong with a journal that `repair` can make writable again, and what it would do.
public struct RepairPlan: Equatable, Sendable {
    /// What was found, said for the officer.
    public var problem: String
    /// Where the journal would be cut: just past its last good record.
    public var cutAt: Int
    /// How many bytes from there would be set aside.
    public var bytes: Int
    /// How many records stay.
    public var keptRecords: Int
    /// The number the first line set aside had (numbers may skip past set-aside tails).
    public var nextSequence: Int
}

extension Journal {
    /// What `repair` would do to the journal at `path`; nil when it is whole and nothing needs repairing.
    public static func repairPlan(at path: String) throws(JournalError) -> RepairPlan? {
        let fd = try FileIO.openJournal(path, O_RDONLY)
        if fd < 0 { throw .io(operation: "open", path: path, reason: FileIO.errorText()) }
        defer { Glibc.close(fd) }
        try FileIO.lock(fd, exclusive: false, path: path, patience: lockPatience)
        defer { FileIO.unlock(fd) }
        return try plan(fd: fd, path: path, each: { _ in })
    }

    static func plan(fd: Int32, path: String, each: (JournalRecord) -> Void) throws(JournalError) -> RepairPlan? {
        let size = try FileIO.size(fd, path: path)
        var records: [JournalRecord] = []
        let (scan, signed) = try JournalScan.scanSigned(fd: fd, path: path, end: size, progress: nil) { records.append($0) }
        var problems: [String] = []
        var (cutAt, kept, next) = (scan.lines.goodEnd, scan.lines.count, scan.lines.position.sequence + 1)
        // A commit whose signature or role does not hold is set aside with all that follows it.
        if let bad = signed.problem, bad.commitStart < cutAt {
            problems.append("record \(bad.sequence) at byte offset \(bad.offset): \(bad.reason)")
            (cutAt, kept, next) = (bad.commitStart, bad.recordsBefore, bad.firstSequence)
        } else if let problem = scan.problem {
            problems.append("record \(problem.sequence) at byte offset \(problem.offset): \(problem.reason)")
        }
        records.prefix(kept).forEach(each)
        if case .unusable(let why) = try CommitLog.examine(journalFD: fd, journalPath: path) { problems.append(why) }
        if let why = try SnapshotFile.mismatch(for: path, header: scan.header, fd: fd, size: size) { problems.append(why) }
        guard !problems.isEmpty else { return nil }
        return RepairPlan(problem: problems.joined(separator: "; "), cutAt: cutAt, bytes: size - cutAt,
                          keptRecords: kept, nextSequence: next)
    }

    /// Makes a damaged journal writable again: keeps everything after its last
    /// good record in a side file (`JOURNAL.repaired-<time>`), cuts the journal
    /// there, forgets a commit log and snapshot that no longer match it, and
    /// records a `journal.repaired` event naming what was set aside and its
    /// SHA-256. No byte is deleted. Only a supervisor may repair (anyone, on a
    /// journal with no roster). Returns the repair, or nil when nothing needed it.
    /// `signer` gives the actor's key where the roster, as it stands at the cut, requires their signature.
    public static func repair(
        at path: String, actor: String, signer: (KeyRoster) throws -> OfficerKey? = { _ in nil }, now: @escaping () -> Timestamp
    ) throws -> JournalRepair? {
        let fd = try FileIO.openJournal(path, O_RDWR)
        if fd < 0 { throw JournalError.io(operation: "open", path: path, reason: FileIO.errorText()) }
        var locked = true
        defer {
            if locked { FileIO.unlock(fd) }
            Glibc.close(fd)
        }
        try FileIO.lock(fd, exclusive: true, path: path, patience: lockPatience)
        var caseFile = CaseFile()
        guard let plan = try plan(fd: fd, path: path, each: { caseFile.apply($0.event) }) else { return nil }
        let size = try FileIO.size(fd, path: path)
        let setAside = try FileIO.read(fd, from: plan.cutAt, count: size - plan.cutAt, path: path)
        let time = now()
        var repair = JournalRepair(
            id: "REPAIR-" + time.iso8601.filter { $0.isNumber || $0 == "T" }, setAside: "(checked before the cut)", bytes: setAside.count,
            sha256: SideFile.sha256(setAside), fromSequence: plan.nextSequence, reason: plan.problem)
        // Refused before anything is touched if this officer may not repair, or cannot sign the repair.
        _ = try caseFile.decide(.journalRepaired(repair), by: actor, at: time)
        let key = try signer(KeyRoster(caseFile.users.all))
        repair.setAside = setAside.isEmpty ? "(nothing: no bytes after the last good record)" : try SideFile.write(setAside, beside: path, kind: "repaired", now: now)
        let disk = DiskCalls.system
        if !setAside.isEmpty, case let code = disk.truncate(fd, plan.cutAt) == 0 ? disk.sync(fd) : errno, code != 0 {
            throw JournalError.io(operation: "cut", path: path, reason: FileIO.errorText(code))
        }
        CommitLog.forget(beside: path, disk: disk)
        unlink(SnapshotFile.path(for: path))
        FileIO.unlock(fd)
        locked = false
        let opened = try Journal.open(at: path, create: false, now: now)
        defer { opened.journal.close() }
        if let key { opened.journal.signers[actor] = key }
        // The repair's own record is numbered past every line set aside: their numbers are not used again.
        if !setAside.isEmpty { opened.journal.position.sequence = Journal.lastNumber(setAside: setAside, from: plan.nextSequence) }
        _ = try opened.journal.commit { foreign in
            for record in foreign { caseFile.apply(record.event) }
            return try caseFile.decide(.journalRepaired(repair), by: actor, at: time)
        }
        return repair
    }
}
