import Foundation
import Synchronization
import TandemConsole
import TandemCore

/// Time zone rules from the system's tzdata, through Foundation: the core asks
/// for an offset by zone name and moment. Offsets are kept by zone and hour, as
/// the Dashboard asks for many in a frame.
enum SystemZones {
    private static let known = Mutex<[String: TimeZone]>([:])
    private static let offsets = Mutex<[OffsetKey: Int]>([:])

    private struct OffsetKey: Hashable {
        var zone: String
        var halfHour: Int64
    }

    static let rules = ZoneRules(name: "system") { zone, moment in
        // Offsets change on the hour or the half-hour in every zone in use: one is kept per half-hour.
        let key = OffsetKey(zone: zone, halfHour: moment.secondsSinceEpoch.dividedRoundingDown(by: 1800))
        if let offset = offsets.withLock({ $0[key] }) { return offset }
        guard let timeZone = timeZone(zone) else { return nil }
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(moment.secondsSinceEpoch)))
        offsets.withLock { table in
            if table.count > 100_000 { table.removeAll() }
            table[key] = offset
        }
        return offset
    }

    private static func timeZone(_ name: String) -> TimeZone? {
        if let zone = known.withLock({ $0[name] }) { return zone }
        guard let zone = TimeZone(identifier: name) else { return nil }
        known.withLock { $0[name] = zone }
        return zone
    }

    /// The officer's zone: `--tz`, else `$TZ`, else the config file's `time-zone`, else the system's.
    /// An unknown name is refused (exit 2), naming where it came from.
    static func officerZone(flag: String?, settings: Settings) throws -> OfficerZone {
        let env = Environment()
        let (name, source): (String, String) =
            if let flag { (flag, "--tz") }
            else if let tz = env["TZ"], !tz.isEmpty { (tz.hasPrefix(":") ? String(tz.dropFirst()) : tz, "TZ") }
            else if let file = settings.timeZone { (file, "config.toml time-zone") }
            else { (TimeZone.current.identifier, "the system") }
        guard timeZone(name) != nil else {
            throw Failure(message: "\(source): unknown time zone \"\(outputText(name))\" (use a name such as Asia/Bangkok, Pacific/Auckland or UTC).", code: 2)
        }
        return OfficerZone(name: name, rules: rules)
    }
}

private extension Int64 {
    func dividedRoundingDown(by d: Int64) -> Int64 { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
