import Foundation
import Synchronization
import TandemConsole
import TandemCore

/// Time zone rules from the system's tzdata, through Foundation: the core asks
/// for an offset by zone name and moment. What Foundation answered is kept as
/// spans of time without a change (the Dashboard and `tandem report` ask for
/// one per enquiry sent).
enum SystemZones {
    private static let known = Mutex<[String: TimeZone]>([:])
    /// The system's tzdata through Foundation, asked once per span of time in
    /// which a zone's offset stays the same (see `ZoneRules.remembering`).
    static let rules = ZoneRules.remembering(
        name: "system",
        offset: { zone, moment in timeZone(zone)?.secondsFromGMT(for: date(moment)) },
        nextChange: { zone, moment in
            timeZone(zone)?.nextDaylightSavingTimeTransition(after: date(moment)).map {
                // A change falls on a whole second; rounded up, the span never reaches past it.
                Timestamp(secondsSinceEpoch: Int64($0.timeIntervalSince1970.rounded(.up)))
            }
        })

    private static func date(_ moment: Timestamp) -> Date { Date(timeIntervalSince1970: Double(moment.secondsSinceEpoch)) }

    private static func timeZone(_ name: String) -> TimeZone? {
        if let zone = known.withLock({ $0[name] }) { return zone }
        guard let zone = TimeZone(identifier: name) else { return nil }
        known.withLock { $0[name] = zone }
        return zone
    }

    /// The officer's zone: `--tz`, else `$TZ`, else the config file's `time-zone`, else the system's.
    /// An unknown name is refused (exit 2), naming where it came from.
    static func officerZone(flag: String?, settings: Settings) throws -> OfficerZone {
        let (name, source) = chosenZone(flag: flag, settings: settings)
        guard isKnown(name) else { throw Failure(message: unknownZone(name, from: source), code: 2) }
        return OfficerZone(name: name, rules: rules)
    }

    /// The zone's name as chosen, known or not, and where it came from.
    static func chosenZone(flag: String?, settings: Settings) -> (name: String, source: String) {
        let env = Environment()
        if let flag { return (flag, "--tz") }
        if let tz = env["TZ"], !tz.isEmpty { return (tz.hasPrefix(":") ? String(tz.dropFirst()) : tz, "TZ") }
        if let file = settings.timeZone { return (file, "config.toml time-zone") }
        return (TimeZone.current.identifier, "the system")
    }

    static func isKnown(_ name: String) -> Bool { timeZone(name) != nil }

    static func unknownZone(_ name: String, from source: String) -> String {
        "\(source): unknown time zone \"\(outputText(name))\" (use a name such as Asia/Bangkok, Pacific/Auckland or UTC)."
    }
}

