import Crypto
import Foundation
import TandemCore

/// The signature a commit carries on its last line (a commit of one event: on
/// its only line), as `,"sig":"BASE64"` right before the checksum field. It
/// is the officer's Ed25519 signature of that line's bytes up to the `,"sig"`:
/// they hold the line's `prev`, the hash of the line before it, so it binds
/// every line of the commit and the whole chain before them (back to the
/// header, and so the journal's id) to the officer who signs.
enum Signature {
    static let prefix = Array(#","sig":""#.utf8)

    static func append(_ signature: [UInt8], to bytes: inout [UInt8]) {
        bytes.append(contentsOf: prefix)
        bytes.append(contentsOf: Data(signature).base64EncodedString().utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// The 64 bytes of a signature's base64, or nil when it is not one.
    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard let data = Data(base64Encoded: Data(text)), data.count == 64 else { return nil }
        return Array(data)
    }

    /// The Ed25519 public key of `ed25519:BASE64` text, as the roster holds it.
    static func publicKey(_ text: String) -> Curve25519.Signing.PublicKey? {
        guard text.hasPrefix("ed25519:"), let raw = Data(base64Encoded: String(text.dropFirst(8))) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }
}

/// What the scan hands over when a commit's last line has been read: where
/// that line is, and its signature with the bytes it signs (copied: the scan's
/// buffers are reused).
struct CommitSeal: Sendable {
    var sequence: Int
    var offset: Int
    /// Where the commit's first line starts.
    var commitStart: Int
    /// Nil when the line carries no signature field; empty when it is not a signature.
    var signature: [UInt8]?
    var signed: [UInt8]
}

/// A signature to check: the key the roster held, and what it must sign.
struct PendingSignature: @unchecked Sendable {
    var key: Curve25519.Signing.PublicKey
    var actor: String
    var message: [UInt8]
    var signature: [UInt8]
    var sequence: Int
    var offset: Int
    var commitStart: Int
    /// The number of the commit's first record, and how many records came before it.
    var firstSequence: Int
    var recordsBefore: Int

    var holds: Bool { key.isValidSignature(signature, for: message) }
}

/// A record whose signature or role does not hold: the first one names where
/// the journal stops being trustworthy. Its commit, from `commitStart`, is
/// what `repair` sets aside.
struct SignatureProblem: Equatable, Sendable {
    var sequence: Int
    var offset: Int
    var reason: String
    var commitStart: Int
    var firstSequence: Int
    var recordsBefore: Int
}

/// Checks commits in journal order against the roster as it stood at each:
/// signed when the roster required it, by the key it held for the actor, and
/// each change one the actor's role then allowed. Signatures are handed back
/// to be checked in bulk (on every core) or at once.
struct SignatureCheck {
    private(set) var roster: KeyRoster
    /// The commit being read, its changes taken one at a time (none of them held).
    private var commit: CommitCheck?
    private var keys: [String: Curve25519.Signing.PublicKey] = [:]
    /// How many commits were signed.
    private(set) var signed = 0
    /// How many records the commits before this one held.
    private var recordsBefore = 0
    private var firstSequence = 0

    init(roster: KeyRoster) { self.roster = roster }

    mutating func take(_ record: JournalRecord) {
        if commit == nil {
            firstSequence = record.sequence
            commit = CommitCheck(actor: record.event.actor, roster: roster)
        }
        commit!.take(record.event, into: &roster)
    }

    /// Takes a line checked without its event (see `CheckedLine`) as `take` takes its record.
    mutating func take(_ line: CheckedLine) {
        if commit == nil {
            firstSequence = line.sequence
            commit = CommitCheck(actor: line.actor, roster: roster)
        }
        switch line.change {
        case .kind(let kind): commit!.take(kind: kind, actor: line.actor, into: &roster)
        case .made(let change): commit!.take(change, actor: line.actor, into: &roster)
        }
    }

    enum Outcome {
        case fine
        case verify(PendingSignature)
        case problem(SignatureProblem)
    }

    /// The commit whose records were taken has ended with the line `seal` describes.
    mutating func close(_ seal: CommitSeal) -> Outcome {
        let before = recordsBefore
        guard let commit else { return .fine }
        self.commit = nil
        recordsBefore += commit.count
        let actor = commit.actor
        func at(_ index: Int, _ reason: String) -> Outcome {
            .problem(SignatureProblem(sequence: seal.sequence - (commit.count - 1 - index), offset: seal.offset, reason: reason,
                                      commitStart: seal.commitStart, firstSequence: firstSequence, recordsBefore: before))
        }
        if let (index, refusal, type) = commit.roleRefusal {
            return at(index, "\(type) by \(actor), whom the roster did not allow it then: \(refusal.reason)")
        }
        let required = commit.requiredKey
        let keyText: String
        switch required {
        case .failure(let refusal):
            return at(commit.count - 1, "it was written by \(actor), who could not sign it: \(refusal.reason)")
        case .success(nil):
            return .fine
        case .success(let text?):
            keyText = text
        }
        guard let signature = seal.signature else {
            return at(commit.count - 1, "it is not signed, and the roster required \(actor)'s signature")
        }
        if keys[keyText] == nil { keys[keyText] = Signature.publicKey(keyText) }
        guard let key = keys[keyText], signature.count == 64 else {
            return at(commit.count - 1, "its signature is not an Ed25519 signature")
        }
        signed += 1
        return .verify(PendingSignature(key: key, actor: actor, message: seal.signed, signature: signature,
                                        sequence: seal.sequence, offset: seal.offset, commitStart: seal.commitStart,
                                        firstSequence: firstSequence, recordsBefore: before))
    }

    /// The problem of a signature that does not hold.
    static func forged(_ pending: PendingSignature) -> SignatureProblem {
        SignatureProblem(sequence: pending.sequence, offset: pending.offset,
                         reason: "its signature was not made with the key the roster then held for \(pending.actor) (forged, or changed after signing)",
                         commitStart: pending.commitStart, firstSequence: pending.firstSequence, recordsBefore: pending.recordsBefore)
    }

    /// Checks signatures on every core; returns the first (lowest-numbered) that does not hold.
    static func firstForged(_ pending: [PendingSignature]) -> SignatureProblem? {
        if pending.isEmpty { return nil }
        let cores = max(1, min(ProcessInfo.processInfo.activeProcessorCount, pending.count / 64 + 1))
        let slice = (pending.count + cores - 1) / cores
        let found = UnsafeMutableBufferPointer<Int>.allocate(capacity: cores)
        found.initialize(repeating: Int.max)
        defer { found.deallocate() }
        let shared = UnsafeSendableBox((pending, found))
        DispatchQueue.concurrentPerform(iterations: cores) { core in
            let (pending, found) = shared.value
            for index in (core * slice)..<min(pending.count, (core + 1) * slice) where !pending[index].holds {
                found[core] = index
                break
            }
        }
        let first = found.min()!
        return first == Int.max ? nil : forged(pending[first])
    }
}

/// Lets `concurrentPerform`'s workers share what they read, and a buffer each writes only its own place of.
private final class UnsafeSendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// What a scan that checked signatures found besides the chain.
struct SignedScan {
    /// The first record whose signature or role does not hold.
    var problem: SignatureProblem?
    /// How many commits were signed (and checked).
    var signed: Int
    /// The roster as it stands after the last line read.
    var roster: KeyRoster
}

extension JournalScan {
    /// Reads the event lines from `start` to `end` as `scan` does, also checking
    /// every commit's signature and roles against `roster` (the roster as it
    /// stood at `start`). Signatures are gathered and checked on every core, a
    /// few thousand at a time. Without `each`, no more events are made than
    /// judging the roles needs: the other lines are checked as decoding them
    /// would check them (see `LineEnvelope.checked`).
    static func scanSigned(
        fd: Int32, path: String, header: JournalHeader, after position: ChainPosition, from start: Int, end: Int,
        roster: KeyRoster, progress: ((Int) -> Void)? = nil, holdingAtMost held: Int = LineScan.heldRecords,
        _ each: ((JournalRecord) -> Void)? = nil
    ) throws(JournalError) -> (JournalScan, SignedScan) {
        var check = SignatureCheck(roster: roster)
        var pending: [PendingSignature] = []
        var problem: SignatureProblem?
        func checkPending() {
            if let forged = SignatureCheck.firstForged(pending), problem.map({ forged.sequence < $0.sequence }) ?? true { problem = forged }
            pending.removeAll(keepingCapacity: true)
        }
        let scan = try JournalScan.scan(
            fd: fd, path: path, header: header, after: position, from: start, end: end, progress: progress, holdingAtMost: held,
            commitEnded: { seal in
                guard problem == nil else { return }
                switch check.close(seal) {
                case .fine: break
                case .verify(let signature):
                    pending.append(signature)
                    if pending.count >= 4096 { checkPending() }
                case .problem(let found):
                    checkPending()
                    if problem == nil { problem = found }
                }
            },
            checked: each == nil ? { line in if problem == nil { check.take(line) } } : nil
        ) { record in
            // Past the first problem, nothing more is judged.
            if problem == nil { check.take(record) }
            each?(record)
        }
        checkPending()
        return (scan, SignedScan(problem: problem, signed: check.signed, roster: check.roster))
    }

    /// The same from the first event line.
    static func scanSigned(
        fd: Int32, path: String, end: Int, progress: ((Int) -> Void)? = nil, holdingAtMost held: Int = LineScan.heldRecords,
        _ each: ((JournalRecord) -> Void)? = nil
    ) throws(JournalError) -> (JournalScan, SignedScan) {
        let (header, start, eventsStart) = try self.header(fd: fd, path: path)
        return try scanSigned(fd: fd, path: path, header: header, after: start, from: eventsStart, end: end,
                              roster: KeyRoster(), progress: progress, holdingAtMost: held, each)
    }
}
