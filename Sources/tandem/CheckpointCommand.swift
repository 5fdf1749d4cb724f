import ArgumentParser
import Foundation
import TandemConsole
import TandemCore
import TandemJournal

/// `tandem checkpoint`: where the journal stands, signed by the acting officer.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Write a signed checkpoint of the journal (its id, last sequence number and hash, the time, the signer) to keep elsewhere.",
        discussion: "Keep it away from the journal, or send it to a partner: tandem verify --checkpoint FILE then catches a journal cut back, changed or replaced by an older copy.")

    @OptionGroup var journalOptions: JournalOptions
    @Option(help: ArgumentHelp("Where to write it (default: standard output).", valueName: "file")) var out: String?
    @Option(help: ArgumentHelp("Who signs it (default: $TANDEM_USER or $USER).", valueName: "name")) var user: String?
    @OptionGroup var keysOptions: KeysOptions
    @Option(help: ArgumentHelp("A file whose first line is your key's passphrase.", valueName: "file")) var passphraseFile: String?

    func run() throws {
        let path = try journalOptions.path()
        try journalOptions.checkExists(path)
        let report = try Journal.verify(at: path)
        guard report.isIntact else { throw Failure(message: "\(path) does not verify; a checkpoint vouches only for a whole journal (run tandem verify).", code: 1) }
        let signer = try resolveUser(user)
        let folder = try keysOptions.folder().folder
        let key: OfficerKey
        do {
            let text = try folder.read(for: signer)
            let sealed = try OfficerKey.needsPassphrase(text, path: folder.file(for: signer))
            let passphrase = !sealed ? nil : try passphraseFile.map(Passphrase.fromFile) ?? Passphrase.ask("Passphrase for \(signer)'s key: ")
            key = try OfficerKey.open(text, path: folder.file(for: signer), passphrase: passphrase)
        } catch let error as KeyError {
            throw Failure(message: error.description, code: 1)
        }
        let file = try MappedFile(path: path)
        guard let head = Checkpoint.line(numbered: nil, in: file.bytes) else { throw Failure(message: "\(path) has no records to vouch for yet.", code: 1) }
        let checkpoint = Checkpoint(journalID: report.header.id, sequence: head.sequence, headHash: head.hash, time: Clock.now(), signer: signer)
        let note = try checkpoint.note(signedWith: key)
        RememberedCheckpoints.remember(checkpoint)
        if let out {
            do { try note.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                throw Failure(message: "could not write \(out): \(error.localizedDescription)", code: 1)
            }
            printWrapped("Wrote a checkpoint of \(path) at record \(head.sequence) to \(out), signed by \(signer).")
        } else {
            print(note, terminator: "")
        }
    }
}

extension Verify {
    /// The journal against a checkpoint: the same journal, at least as long, the same line at its number, signed by whom it says.
    /// Whether the journal holds the checkpoint; its time said in the officer's `zone`.
    static func check(_ path: String, against checkpointPath: String, header: JournalHeader, zone: OfficerZone) throws {
        guard let text = Config.readText(checkpointPath) else { throw Failure(message: "--checkpoint: cannot read \(checkpointPath).", code: 2) }
        let (checkpoint, signature): (Checkpoint, Data)
        do { (checkpoint, signature) = try Checkpoint.parse(text) } catch { throw Failure(message: "--checkpoint: \(error.description).", code: 2) }
        func fail(_ why: String) -> Failure { Failure(message: "\(path): NOT THE JOURNAL OF THE CHECKPOINT: \(why).", code: 1) }
        if checkpoint.journalID != header.id { throw fail("it is journal \(header.id), the checkpoint is of journal \(checkpoint.journalID)") }
        var roster = CaseFile()
        try openForReading(path, onlyTypes: ["user.added", "user.key-replaced", "user.removed", "user.role"]) { roster.apply($0.event) }
        guard let keyText = roster.users[checkpoint.signer]?.publicKey else {
            throw fail("its signer \(checkpoint.signer) has no public key on the roster, so its signature cannot be checked")
        }
        guard let raw = Data(base64Encoded: String(keyText.dropFirst(8))), checkpoint.isSigned(by: raw, signature: signature) else {
            throw fail("its signature is not \(checkpoint.signer)'s")
        }
        let file = try MappedFile(path: path)
        let last = Checkpoint.line(numbered: nil, in: file.bytes)
        if (last?.sequence ?? 0) < checkpoint.sequence {
            throw fail("it ends at record \(last?.sequence ?? 0), before the checkpoint's record \(checkpoint.sequence) of \(zone.minuteText(checkpoint.time)): it was cut back, or is an older copy")
        }
        guard let line = Checkpoint.line(numbered: checkpoint.sequence, in: file.bytes), line.hash == checkpoint.headHash else {
            throw fail("record \(checkpoint.sequence) is not the one the checkpoint vouches for: the journal was changed or replaced")
        }
        RememberedCheckpoints.remember(checkpoint)
        print("\(path): holds the checkpoint of \(zone.minuteText(checkpoint.time)) signed by \(checkpoint.signer) (record \(checkpoint.sequence)).")
    }
}

/// The newest checkpoint this officer has seen of each journal, kept beside the
/// config (`checkpoints/JOURNAL-ID`, 0600): the console warns when a journal it
/// opens has fallen behind one.
enum RememberedCheckpoints {
    static func folder() -> String? {
        let env = Environment()
        return ConfigFile.path { env[$0] }.map { String($0.dropLast("/config.toml".count)) + "/checkpoints" }
    }

    static func remember(_ checkpoint: Checkpoint) {
        guard let folder = folder(), checkpoint.journalID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return }
        let file = folder + "/" + checkpoint.journalID
        if let known = recall(checkpoint.journalID), known.sequence >= checkpoint.sequence { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Not kept (a full disk, a folder not ours), the checkpoint is only not compared with the next one.
        _ = FileManager.default.createFile(atPath: file, contents: Data("\(checkpoint.sequence) \(checkpoint.headHash) \(checkpoint.time.iso8601)\n".utf8),
                                           attributes: [.posixPermissions: 0o600])
    }

    static func recall(_ journalID: String) -> (sequence: Int, hash: String, time: String)? {
        guard let folder = folder(), let text = Config.readText(folder + "/" + journalID) else { return nil }
        let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 3, let sequence = Int(fields[0]) else { return nil }
        return (sequence, fields[1], fields[2])
    }

    /// A warning when the journal at `path` no longer holds the newest checkpoint seen of it;
    /// the checkpoint's time said in the officer's `zone`.
    static func warning(for path: String, journalID: String, zone: OfficerZone) -> String? {
        guard let known = recall(journalID), let file = try? MappedFile(path: path) else { return nil }
        let when = Timestamp(iso8601: known.time).map(zone.minuteText) ?? known.time
        let last = Checkpoint.line(numbered: nil, in: file.bytes)
        if (last?.sequence ?? 0) < known.sequence {
            return "This journal ends at record \(last?.sequence ?? 0), before the checkpoint of \(when) at record \(known.sequence): it was cut back or is an older copy (tandem verify --checkpoint)."
        }
        // Mostly the checkpoint is of the last record: then no scan of the file is needed.
        let hash = last?.sequence == known.sequence ? last?.hash : Checkpoint.line(numbered: known.sequence, in: file.bytes)?.hash
        if hash != known.hash {
            return "Record \(known.sequence) is not the one the checkpoint of \(when) vouched for: the journal was changed or replaced (tandem verify --checkpoint)."
        }
        return nil
    }
}
