import TandemCore

/// What an officer sets once: the config file's values, over the defaults,
/// under the environment and the command line. Each value remembers where it
/// came from, for `tandem config show`.
public struct Settings: Equatable, Sendable {
    public enum Theme: String, CaseIterable, Sendable {
        case standard
        /// No dim text, bold and bright colours: for a laptop in daylight or weak eyes.
        case highContrast = "high-contrast"
        /// Bold and reverse only, as with NO_COLOR.
        case monochrome
    }

    public enum Source: String, Sendable { case `default`, file, environment, flag }

    public var user: String?
    public var theme: Theme = .standard
    public var mouse = true
    /// The operation the Dashboard shows (default: the one under way).
    public var dashboardOperation: String?
    /// The zone times are typed and shown in, by name (`Asia/Bangkok`); unset: `$TZ`, else the system's.
    public var timeZone: String?
    /// The folder of officers' keys; unset: `$TANDEM_KEYS`, else `keys` beside the config file.
    public var keysFolder: String?
    /// How long an answer may take, by "channel.priority" (stored values), in seconds; unset: the model's defaults.
    public var answerTimes: [String: Int64] = [:]
    /// Keys given to actions, by the action's name (`new-record`, `quit`…).
    public var keys: [String: [Key]] = [:]
    /// Where each setting came from; absent: the default.
    public var sources: [String: Source] = [:]

    public init() {}

    /// The bindings with the keys the settings give: each rebound action answers to
    /// its new keys only. Two actions on one key of one screen are refused, naming both.
    func bindings() throws(ConfigProblem) -> [Binding] {
        var table = Bindings.table
        for (name, keys) in keys {
            guard let action = Action(name: name) else {
                throw ConfigProblem(line: nil, key: "keys.\(name)", reason: "no such action (actions: \(Action.allCases.map(\.name).joined(separator: ", ")))")
            }
            for i in table.indices where table[i].action == action {
                table[i].keys = table[i].keys.filter { if case .key = $0 { false } else { true } } + keys.map(KeyPattern.key)
                table[i].label = keys.map(\.label).joined(separator: " ")
            }
        }
        for (i, a) in table.enumerated() {
            for b in table[(i + 1)...] where a.action != b.action && !a.screens.isDisjoint(with: b.screens)
                && (a.panes.isEmpty || b.panes.isEmpty || !Set(a.panes).isDisjoint(with: b.panes)) {
                let shared = a.keys.filter { k in if case .key = k { b.keys.contains(k) } else { false } }
                guard let key = shared.first, case .key(let k) = key,
                      keys[a.action.name] != nil || keys[b.action.name] != nil else { continue }
                throw ConfigProblem(line: nil, key: "keys", reason: "\(k.label) would do both \(a.action.name) and \(b.action.name) on \(a.screens.intersection(b.screens).map(\.title).sorted().joined(separator: ", "))")
            }
        }
        return table
    }
}

extension Settings {
    /// Every action's name and its keys as the settings make them (for `tandem config show`).
    public static func keyNames(_ settings: Settings) -> [(action: String, keys: String)] {
        let table = (try? settings.bindings()) ?? Bindings.table
        var seen: [String] = []
        var rows: [(String, String)] = []
        for binding in table where !seen.contains(binding.action.name) && binding.keys.contains(where: { if case .key = $0 { true } else { false } }) {
            seen.append(binding.action.name)
            let keys = table.filter { $0.action == binding.action }.flatMap(\.keys).compactMap { pattern -> String? in
                if case .key(let key) = pattern { key.label } else { nil }
            }
            var unique: [String] = []
            for key in keys where !unique.contains(key) { unique.append(key) }
            rows.append((binding.action.name, unique.joined(separator: " ")))
        }
        return rows
    }
}

extension Action {
    /// The action's name in the config file: `openRecord` is `open-record`.
    var name: String {
        rawValue.reduce(into: "") { name, c in
            if c.isUppercase { name += "-" + c.lowercased() } else { name.append(c) }
        }
    }

    init?(name: String) {
        guard let action = Action.allCases.first(where: { $0.name == name }) else { return nil }
        self = action
    }
}

extension Key {
    /// A key as the config file names it: `q`, `Q`, `ctrl-s`, `enter`, `esc`, `tab`,
    /// `s-tab`, `space`, `up`, `pgdn`, `f5`…
    init?(configName text: String) {
        let lower = text.lowercased()
        let named: [String: Key] = [
            "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape, "tab": .tab, "s-tab": .backTab,
            "backtab": .backTab, "backspace": .backspace, "delete": .delete, "del": .delete, "up": .up, "down": .down,
            "left": .left, "right": .right, "home": .home, "end": .end, "pgup": .pageUp, "pageup": .pageUp,
            "pgdn": .pageDown, "pagedown": .pageDown, "space": .character(" "),
        ]
        if let key = named[lower] { self = key; return }
        if lower.hasPrefix("ctrl-"), lower.count == 6, let c = lower.last, c.isLetter, c.isASCII { self = .control(c); return }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n) { self = .function(n); return }
        if text.count == 1, let c = text.first, !c.isWhitespace { self = .character(c); return }
        return nil
    }
}

/// A problem with the config file: where, which key, and why.
public struct ConfigProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int?
    public var key: String
    public var reason: String

    public var description: String { (line.map { "line \($0), " } ?? "") + "\(key): \(reason)" }
}
