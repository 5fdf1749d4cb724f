import ArgumentParser
import TandemConsole
import TandemCore
#if canImport(Glibc)
import Glibc
#endif

/// The settings in force: the config file over the defaults, the environment
/// over the file, flags over both; each value says where it came from.
enum Config {
    struct Loaded {
        var settings: Settings
        var path: String?
        /// What is wrong with the file, when something is: Tandem then uses its defaults.
        var problem: ConfigProblem?
    }

    /// Reads the config file (making it, commented, when `create` is set and there is none).
    static func load(create: Bool = false) -> Loaded {
        let env = Environment()
        let path = ConfigFile.path { env[$0] }
        var settings = Settings()
        var problem: ConfigProblem?
        if let path {
            if create { ConfigFile.createIfMissing(at: path) }
            if let text = readText(path) {
                switch ConfigFile.parse(text) {
                case .success(let read): settings = read
                case .failure(let found): problem = found
                }
            }
        }
        // The environment over the file.
        if let user = env["TANDEM_USER"] {
            settings.user = user
            settings.sources["user"] = .environment
        }
        if env["NO_COLOR"].map({ !$0.isEmpty }) == true {
            settings.theme = .monochrome
            settings.sources["theme"] = .environment
        }
        return Loaded(settings: settings, path: path, problem: problem)
    }

    /// What the console says when the file has a problem.
    static func notice(_ loaded: Loaded) -> String? {
        guard let problem = loaded.problem, loaded.path != nil else { return nil }
        return "config.toml \(problem.description) — default settings in force (tandem config show)."
    }

    static func readText(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
            if bytes.count > 1 << 20 { break }   // a settings file is small
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "The settings in force and where each came from.", subcommands: [Show.self],
        defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print each setting, its value, and where it came from (default, file, environment, flag).")

        @Option(help: ArgumentHelp("As if given to the console: who you are.", valueName: "name"))
        var user: String?

        @Flag(inversion: .prefixedNo, help: "As if given to the console: take the mouse or leave it.")
        var mouse: Bool?

        @OptionGroup var zoneOptions: ZoneOptions

        @OptionGroup var keysOptions: KeysOptions

        func run() throws {
            let loaded = Config.load()
            var settings = loaded.settings
            if let user {
                settings.user = user
                settings.sources["user"] = .flag
            }
            if let mouse {
                settings.mouse = mouse
                settings.sources["mouse"] = .flag
            }
            print("config file: \(loaded.path.map(outputText) ?? "none (no $XDG_CONFIG_HOME or $HOME)")")
            if let problem = loaded.problem { print("problem: \(outputText(problem.description)); the defaults are in force") }
            func source(_ key: String) -> String { (settings.sources[key] ?? .default).rawValue }
            let who = settings.user ?? Environment()["USER"] ?? "officer"
            // An unknown zone is shown as a problem here, the place to find it; the commands that take or show times refuse it.
            let zone = SystemZones.chosenZone(flag: zoneOptions.tz, settings: loaded.settings)
            let zoneKnown = SystemZones.isKnown(zone.name)
            if !zoneKnown { print("problem: \(SystemZones.unknownZone(zone.name, from: zone.source)) Commands that take or show times refuse it.") }
            let keys = try keysOptions.folder(loaded)
            let tz = Environment()["TZ"].map { !$0.isEmpty } == true
            let zoneSource = zoneOptions.tz != nil ? "flag" : tz ? "environment ($TZ)" : settings.timeZone != nil ? "file" : "default (the system's)"
            var rows: [(String, String, String)] = [
                ("user", who, settings.user == nil ? (Environment()["USER"] == nil ? "default" : "environment ($USER)") : source("user")),
                ("keys-folder", keys.folder.path, keys.source),
                ("time-zone", zoneKnown ? zone.name : zone.name + " (unknown)", zoneSource),
                ("theme", settings.theme.rawValue, source("theme")),
                ("mouse", "\(settings.mouse)", source("mouse")),
                ("dashboard.operation", settings.dashboardOperation ?? "the one under way", source("dashboard.operation")),
            ]
            for channel in Channel.allCases {
                for priority in Priority.allCases {
                    let key = "\(channel.rawValue).\(priority.rawValue)"
                    let seconds = settings.answerTimes[key] ?? channel.defaultAnswerTime(priority: priority)
                    rows.append(("due.\(key)", Self.duration(seconds), source("due.\(key)")))
                }
            }
            for (action, keys) in Settings.keyNames(settings) {
                rows.append(("keys.\(action)", keys, source("keys.\(action)")))
            }
            let width = rows.map { $0.0.count }.max() ?? 0
            let valueWidth = min(40, rows.map { $0.1.count }.max() ?? 0)
            for (name, value, from) in rows {
                print(outputText(name.padding(toLength: width) + "  " + value.padding(toLength: valueWidth) + "  " + from))
            }
        }

        static func duration(_ seconds: Int64) -> String {
            seconds % (7 * 86_400) == 0 ? "\(seconds / (7 * 86_400))w" : seconds % 86_400 == 0 ? "\(seconds / 86_400)d" : "\(seconds / 3600)h"
        }
    }
}
