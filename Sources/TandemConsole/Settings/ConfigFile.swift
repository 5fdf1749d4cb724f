#if canImport(Glibc)
import Glibc
#endif
import TandemCore
import TOMLKit

/// The config file, `$XDG_CONFIG_HOME/tandem/config.toml` (or `~/.config/tandem/`):
/// made, commented, the first time the console opens, and never written again.
public enum ConfigFile {
    public static func path(environment: (String) -> String?) -> String? {
        if let xdg = environment("XDG_CONFIG_HOME") { return xdg + "/tandem/config.toml" }
        return environment("HOME").map { $0 + "/.config/tandem/config.toml" }
    }

    /// What a new config file says: every setting, commented out at its default.
    public static let template = """
        # Tandem's settings. Uncomment a line to change it; `tandem config show` prints what is in force
        # and where each value came from (default, this file, the environment, a flag).

        # Who you are when neither --user nor $TANDEM_USER says (then $USER).
        # user = "k.perera"

        # The folder of officers' signing keys (under --keys and $TANDEM_KEYS; unset: keys/ beside this file).
        # keys-folder = "/home/k.perera/.config/tandem/keys"

        # The time zone you type and read times in (under --tz and $TZ; unset: the system's).
        # time-zone = "Asia/Bangkok"

        # Colours: "standard", "high-contrast" (no dim text, bright colours) or "monochrome".
        # theme = "standard"

        # Clicks and the wheel; false leaves the mouse to the terminal (to select text).
        # mouse = true

        [dashboard]
        # The operation the Dashboard shows (default: the one under way).
        # operation = "JPA-2015"

        # When an enquiry falls due if no date is given, by channel and priority ("8h", "7d", "2w").
        # Channels: police-to-police, liaison-officer, interpol-i247, mla. Unset: 8h urgent, 7d routine (30d by mla).
        [due.mla]
        # routine = "30d"
        # urgent = "8h"

        # Keys, by action name: a key ("q", "Q", "ctrl-s", "enter", "esc", "f5", "space") or a list of them.
        # The actions are listed by `tandem config show`. Two actions on one key of one screen are refused.
        [keys]
        # quit = ["q", "ctrl-c"]
        # new-record = "N"

        """

    /// Makes the file from the template if there is none; never replaces one.
    /// Returns whether it made it.
    @discardableResult
    public static func createIfMissing(at path: String) -> Bool {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        var made = ""
        for part in folder.split(separator: "/") {
            made += "/" + part
            mkdir(made, 0o700)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(template.utf8)
        return bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
    }

    /// The settings a file's text gives, or its first problem (with the line and key).
    public static func parse(_ text: String) -> Result<Settings, ConfigProblem> {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            return .failure(ConfigProblem(line: error.source.begin.line, key: "-", reason: error.description))
        } catch {
            return .failure(ConfigProblem(line: nil, key: "-", reason: "\(error)"))
        }
        var settings = Settings()
        func line(of key: String, in section: String? = nil) -> Int? { ConfigFile.line(of: key, in: section, text: text) }
        func problem(_ key: String, in section: String? = nil, _ reason: String) -> Result<Settings, ConfigProblem> {
            .failure(ConfigProblem(line: line(of: key, in: section), key: section.map { "\($0).\(key)" } ?? key, reason: reason))
        }
        let known = ["user", "keys-folder", "time-zone", "theme", "mouse", "dashboard", "due", "keys"]
        for key in table.keys where !known.contains(key) {
            return problem(key, "unknown setting (settings: \(known.joined(separator: ", ")))")
        }
        if let value = table["user"] {
            guard let user = value.tomlValue.string else { return problem("user", "is a name in quotes, such as \"k.perera\"") }
            do { try UserName.check(user) } catch { return problem("user", error.reason) }
            settings.user = user
            settings.sources["user"] = .file
        }
        if let value = table["keys-folder"] {
            guard let folder = value.tomlValue.string, folder.hasPrefix("/") else {
                return problem("keys-folder", "is a folder's full path in quotes, such as \"/home/k.perera/.config/tandem/keys\"")
            }
            settings.keysFolder = folder
            settings.sources["keys-folder"] = .file
        }
        if let value = table["time-zone"] {
            guard let zone = value.tomlValue.string, !zone.isEmpty, zone.utf8.count <= 64,
                  zone.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || "0123456789/_+-".unicodeScalars.contains($0) })
            else { return problem("time-zone", "is a zone's name in quotes, such as \"Asia/Bangkok\" or \"UTC\"") }
            settings.timeZone = zone
            settings.sources["time-zone"] = .file
        }
        if let value = table["theme"] {
            guard let name = value.tomlValue.string, let theme = Settings.Theme(rawValue: name) else {
                return problem("theme", "is one of: \(Settings.Theme.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
            settings.theme = theme
            settings.sources["theme"] = .file
        }
        if let value = table["mouse"] {
            guard let mouse = value.tomlValue.bool else { return problem("mouse", "is true or false") }
            settings.mouse = mouse
            settings.sources["mouse"] = .file
        }
        if let value = table["dashboard"] {
            guard let dashboard = value.tomlValue.table else { return problem("dashboard", "is a table ([dashboard])") }
            for key in dashboard.keys where key != "operation" { return problem(key, in: "dashboard", "unknown setting (settings: operation)") }
            if let operation = dashboard["operation"] {
                guard let code = operation.tomlValue.string, !code.isEmpty else { return problem("operation", in: "dashboard", "is an operation's code in quotes") }
                settings.dashboardOperation = code.uppercased()
                settings.sources["dashboard.operation"] = .file
            }
        }
        if let value = table["due"] {
            guard let due = value.tomlValue.table else { return problem("due", "is a table of channels ([due.mla])") }
            for channelName in due.keys {
                guard let channel = Channel(rawValue: channelName) else {
                    return problem(channelName, in: "due", "no such channel (channels: \(Channel.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard let priorities = due[channelName]?.tomlValue.table else { return problem(channelName, in: "due", "is a table ([due.\(channelName)])") }
                for priorityName in priorities.keys {
                    let section = "due.\(channelName)"
                    guard let priority = Priority(rawValue: priorityName) else {
                        return problem(priorityName, in: section, "no such priority (urgent, routine)")
                    }
                    guard let text = priorities[priorityName]?.tomlValue.string, let seconds = DateInput.duration(text), seconds > 0 else {
                        return problem(priorityName, in: section, "is a length of time in quotes, such as \"8h\", \"7d\" or \"2w\"")
                    }
                    settings.answerTimes["\(channel.rawValue).\(priority.rawValue)"] = seconds
                    settings.sources["due.\(channel.rawValue).\(priority.rawValue)"] = .file
                }
            }
        }
        if let value = table["keys"] {
            guard let keys = value.tomlValue.table else { return problem("keys", "is a table ([keys])") }
            for name in keys.keys {
                guard Action(name: name) != nil else {
                    return problem(name, in: "keys", "no such action (actions: \(Action.allCases.map(\.name).joined(separator: ", ")))")
                }
                let texts: [String]
                if let one = keys[name]?.tomlValue.string { texts = [one] } else if let many = keys[name]?.tomlValue.array {
                    texts = many.compactMap { $0.tomlValue.string }
                    guard texts.count == many.count else { return problem(name, in: "keys", "is a key in quotes, or a list of them") }
                } else {
                    return problem(name, in: "keys", "is a key in quotes, or a list of them")
                }
                var parsed: [Key] = []
                for text in texts {
                    guard let key = Key(configName: text) else {
                        return problem(name, in: "keys", "\"\(text)\" is not a key (a character, ctrl-x, enter, esc, tab, s-tab, space, up, down, left, right, home, end, pgup, pgdn, f1–f12)")
                    }
                    parsed.append(key)
                }
                guard !parsed.isEmpty else { return problem(name, in: "keys", "needs at least one key") }
                settings.keys[name] = parsed
                settings.sources["keys.\(name)"] = .file
            }
            do { _ = try settings.bindings() } catch {
                return .failure(ConfigProblem(line: line(of: "keys"), key: "keys", reason: error.reason))
            }
        }
        return .success(settings)
    }

    /// The line a key is set on, in its section (`[keys]`, `[due.mla]`), or where the section starts.
    static func line(of key: String, in section: String?, text: String) -> Int? {
        var current: String?
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line: String = String(raw).trimmingWhitespace
            if line.hasPrefix("[") {
                let name: String = String(line.dropFirst().prefix { $0 != "]" })
                current = name.trimmingWhitespace
                // A table of its own: `[keys]`, or `[due.mla]` for the key mla in due.
                if current == (section.map { "\($0).\(key)" } ?? key) { return number + 1 }
                continue
            }
            guard current == section else { continue }
            let bare: String = line.hasPrefix("\"") ? String(line.dropFirst()) : line
            guard bare.hasPrefix(key) else { continue }
            let rest: Substring = bare.dropFirst(key.count).drop { c in c == " " || c == "\t" || c == "\"" }
            if rest.hasPrefix("=") { return number + 1 }
        }
        return nil
    }
}
