import TandemConsole
import TandemCore
import TandemJournal
import TandemSample
#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error: on a terminal broken between words (see `indentedLines`).
func printError(_ line: String) {
    let text = columns(of: STDERR_FILENO).map { columns in
        line.split(separator: "\n", omittingEmptySubsequences: false).flatMap { indentedLines(String($0), columns: columns) }
            .joined(separator: "\n")
    } ?? line
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

/// `--user`, else $TANDEM_USER, else the config file's `user`, else $USER; refused
/// (exit 2) unless it is a user name.
/// `config`: the settings already read, so that the file is not read again.
func resolveUser(_ user: String?, config: Config.Loaded? = nil) throws -> String {
    let env = Environment()
    let name = user ?? env["TANDEM_USER"] ?? (config ?? Config.load()).settings.user ?? env["USER"] ?? "officer"
    do { try UserName.check(name) } catch {
        throw Failure(message: "\(user == nil ? "the user name from the environment" : "--user"): \(error.reason) (given \(outputText(name))).", code: 2)
    }
    return name
}

/// Stored text for standard output: made displayable on a terminal, and with
/// control characters escaped (`\u{1B}`) when piped, so that data never drives
/// a terminal and piped output can still be read back.
func outputText(_ text: String) -> String {
    if standardOutputIsTerminal { return TextWidth.displayable(text) }
    // A tab separates columns (`tandem list`) and cannot drive a terminal: it stays.
    if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F && $0 != 0x5C) || $0 == 0x09 }) { return text }
    func escaped(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\\" || (scalar != "\t" && (scalar.value < 0x20 || scalar.value == 0x7F || TextWidth.isC1OrDirectional(scalar)))
    }
    // Most text past ASCII (names, arrows) needs nothing escaped, and is not made again.
    if !text.unicodeScalars.contains(where: escaped) { return text }
    var out = ""
    for scalar in text.unicodeScalars {
        if scalar == "\\" {
            out += "\\\\"
        } else if escaped(scalar) {
            out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// Asked once: `outputText` runs for every line of a listing of a million records.
let standardOutputIsTerminal = isatty(STDOUT_FILENO) == 1

/// The terminal's width in columns when standard output is one; nil when it
/// is piped (piped output keeps one line for each item, for grep and cron's mail).
var terminalColumns: Int? { standardOutputIsTerminal ? columns(of: STDOUT_FILENO) : nil }

/// The width of the terminal `fd` is, or nil when it is not one.
func columns(of fd: Int32) -> Int? {
    var size = winsize()
    guard isatty(fd) == 1, ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
}

/// Lines of `head` then `text`, the text wrapped at word breaks to `columns`
/// (when given) under itself, the head's width in from the left; where that
/// leaves too little room, as `indentedLines` wraps them.
func hangingLines(_ head: String, _ text: String, columns: Int?) -> [String] {
    let indent = TextWidth.columns(head)
    guard let columns else { return [head + text] }
    guard columns - indent >= 30 else { return indentedLines(head + text, columns: columns) }
    let lines = TextWidth.wrap(text, width: columns - indent, keepingLongWords: true)
    return [head + lines[0]] + lines.dropFirst().map { String(repeating: " ", count: indent) + $0 }
}

/// Prints a sentence for the officer to read: on a terminal broken between words (see `indentedLines`).
func printWrapped(_ text: String) {
    for line in indentedLines(outputText(text), columns: terminalColumns) { print(line) }
}

/// Prints `label` then `text`: on a terminal, the text broken between words under itself (see `hangingLines`).
func printLabelled(_ label: String, _ text: String) {
    for line in hangingLines(outputText(label), outputText(text), columns: terminalColumns) { print(line) }
}

/// `text` wrapped at word breaks to `columns` (when given), its further lines
/// two columns in, as the console's history indents an entry's further lines.
func indentedLines(_ text: String, columns: Int?) -> [String] {
    guard let columns, columns >= 32, TextWidth.columns(text) > columns else { return [text] }
    let first = TextWidth.wrap(text, width: columns, keepingLongWords: true)
    guard first.count > 1 else { return first }
    // The first line as far as it goes; the rest wrapped again to the room left beside the indent.
    let rest = TextWidth.wrap(first.dropFirst().joined(separator: " "), width: columns - 2, keepingLongWords: true)
    return [first[0]] + rest.map { "  " + $0 }
}

/// Writes a line to standard output at once, without stdio's buffer.
func printLine(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

/// Opens a journal to read it (log, report), handing each record to `each` as
/// it is read: its notices go to standard error, and so does progress on a
/// large journal when standard error is a terminal.
@discardableResult
func openForReading(_ path: String, onlyTypes: Set<String>? = nil, each: (JournalRecord) -> Void) throws -> Journal {
    try openReplaying(path, create: false, readOnly: true, onlyTypes: onlyTypes, each: each).journal
}

/// Keeps `value` until the process ends rather than freeing it piece by piece
/// just before the end: a command that read a case file of a million events
/// spent a tenth of a second freeing it, memory the system takes back at once.
func keepUntilExit<T>(_ value: T) {
    _ = Unmanaged.passRetained(KeptUntilExit(value))
}

private final class KeptUntilExit<T> {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Opens a journal (creating it if asked), handing each record to `each` in order.
func openReplaying(
    _ path: String, create: Bool, readOnly: Bool, onlyTypes: Set<String>? = nil,
    each: (JournalRecord) -> Void
) throws -> Journal.Opening {
    let progress = Progress(label: "Reading \(path)")
    let opening: Journal.Opening
    do {
        opening = try Journal.open(at: path, create: create, readOnly: readOnly, now: Clock.now,
                                   progress: { progress.show($0, of: $1) }, onlyTypes: onlyTypes, each: each)
    } catch {
        progress.finish()
        throw Failure(message: error.description, code: 1)
    }
    progress.finish()
    for notice in opening.notices where !notice.hasPrefix("Read-only: opened with") { printError("tandem: \(notice)") }
    return opening
}

/// Opens a journal and replays it into the case file it describes.
func openCaseFile(_ path: String, create: Bool) throws -> (Journal.Opening, CaseFile) {
    var caseFile = CaseFile()
    let opening = try openReplaying(path, create: create, readOnly: false) { caseFile.apply($0.event) }
    return (opening, caseFile)
}

/// Opens a journal and its case file for the console: from the journal's
/// snapshot when it has a usable one (the rest checked after the first frame).
func openWithSnapshot(_ path: String, create: Bool, readOnly: Bool) throws -> OpenedCaseFile {
    let progress = Progress(label: "Reading \(path)")
    defer { progress.finish() }
    do {
        return try Journal.openCaseFile(at: path, create: create, readOnly: readOnly, now: Clock.now,
                                        progress: { progress.show($0, of: $1) })
    } catch {
        throw Failure(message: error.description, code: 1)
    }
}

enum Clock {
    static func now() -> Timestamp { Timestamp(secondsSinceEpoch: Int64(time(nil))) }
}

struct Environment {
    subscript(name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// A terminal of the vt100 kind, or a locale that is not UTF-8 (`LANG=C`):
    /// pictures are drawn in ASCII rather than block characters.
    var wantsPlainASCII: Bool {
        if let term = self["TERM"], ["vt100", "vt102", "vt220", "dumb"].contains(term) { return true }
        let locale = self["LC_ALL"] ?? self["LC_CTYPE"] ?? self["LANG"] ?? "C"
        let lower = locale.lowercased()
        return !(lower.contains("utf-8") || lower.contains("utf8"))
    }
}

enum SampleJournal {
    /// The sample officers' keys (derived from their names: for the demo only).
    static let signers = Dictionary(uniqueKeysWithValues: SampleScenario.officers.map {
        ($0, OfficerKey(user: $0, privateKey: SampleKeys.privateKey(for: $0)))
    })

    /// Writes the sample officers' keys (unsealed: anyone can derive them) into a keys folder;
    /// a key already there is left as it is.
    static func writeKeys(into path: String) throws {
        let folder = KeyFolder(path: path)
        for key in signers.values.sorted(by: { $0.user < $1.user }) {
            do { _ = try folder.save(key, passphrase: nil) } catch KeyError.exists { continue }
        }
    }

    /// Writes the sample scenario as a new journal at `path`, each event a commit of its own, as it happened.
    static func write(to path: String) throws {
        do {
            let opened = try Journal.create(at: path, id: SampleScenario.journalID, now: { SampleScenario.created })
            opened.journal.signers = signers
            try opened.journal.appendEach(SampleScenario.events())
        } catch {
            throw Failure(message: "\(error)", code: 1)
        }
    }
}

/// `--demo`: a scratch copy of the sample data, so `sample-data/` is never written.
enum DemoJournal {
    static func prepare(now: Timestamp) throws -> String {
        var template = Array("/tmp/tandem-demo-XXXXXX".utf8CString)
        guard let dir = mkdtemp(&template) else {
            throw Failure(message: "Could not create a scratch folder for the demo under /tmp.", code: 1)
        }
        let folder = String(cString: dir)
        let path = folder + "/jpa-2015.jsonl"
        // The committed sample file when running from the source tree; the same
        // journal regenerated (byte for byte) when it is not there.
        let source = packageRoot() + "/sample-data/jpa-2015.jsonl"
        if let bytes = readFile(source) {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { throw Failure(message: "Could not create \(path).", code: 1) }
            defer { close(fd) }
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == bytes.count, fsync(fd) == 0 else { throw Failure(message: "Could not write \(path).", code: 1) }
        } else {
            try SampleJournal.write(to: path)
        }
        try SampleJournal.writeKeys(into: folder + "/keys")
        return path
    }

    private static func packageRoot() -> String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Sources/tandem/Support.swift
        return parts.joined(separator: "/")
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }
}
