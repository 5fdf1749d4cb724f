import Foundation
import TandemCore
import TandemJournal

/// `U` or `:unit`: the unit as the journal holds it: who is on the roster (their
/// role and key), the agencies, the focal points (who held each role, and
/// when) and the operations. A supervisor changes them from here; anyone may look.
public struct UnitScreen: Equatable, Sendable {
    public var top = 0
}

enum UnitView {
    /// The screen's lines, each with its style: pure, for the drawing and the tests.
    static func lines(_ caseFile: CaseFile, width: Int) -> [(text: String, style: Style)] {
        var lines: [(String, Style)] = []
        func heading(_ text: String) {
            if !lines.isEmpty { lines.append(("", .plain)) }
            lines.append((text, .bold))
        }
        // The last column takes what the others leave: a long agency name is cut only where the screen ends.
        func row(_ columns: [(String, Int)], dim: Bool = false) {
            let text = (columns.dropLast().map { TextWidth.fit($0.0, to: $0.1) } + [columns.last?.0 ?? ""]).joined(separator: " ")
            lines.append(("  " + TextWidth.truncate(text, to: max(0, width - 2)), dim ? .dim : .plain))
        }
        let users = caseFile.users.all
        let signing = users.contains { $0.publicKey != nil }
        let onRoster = users.filter { !$0.removed }.count
        heading("Roster: \(onRoster) officer\(onRoster == 1 ? "" : "s")"
                + (users.isEmpty ? " (none: a one-person journal)" : signing ? "; every change is signed" : "; no keys yet, so nothing is signed"))
        for user in users {
            let key = user.publicKey.map { "key " + fingerprint($0) } ?? (signing ? "no key: may only read" : "no key")
            row([(user.name, 14), (user.displayName, 22), (user.removed ? "removed" : user.role.label, 16), (key, 30)], dim: user.removed)
        }
        heading("Agencies: \(caseFile.agencies.count)")
        for agency in caseFile.agencies.all {
            row([(agency.code, 17), (agency.country.code, 4), (agency.kind.label, 13), (agency.name, 40)])
        }
        heading("Focal points: who held each role, and when")
        for point in caseFile.focalPoints.all {
            let period = point.since.iso8601 + " – " + (point.until?.iso8601 ?? "now")
            row([(point.code, 9), (point.name, 22), (point.role.label, 21), (period, 23), (point.agency, 11)], dim: point.until != nil)
        }
        heading("Operations: \(caseFile.operations.count)")
        for operation in caseFile.operations.all {
            row([(operation.code, 10), (operation.name, 30), (operation.start.iso8601 + " – " + operation.end.iso8601, 23),
                 (operation.countries.map(\.code).joined(separator: " "), 40)])
        }
        return lines
    }

    /// The short fingerprint `tandem key show` reads out, of a roster's `ed25519:` key.
    static func fingerprint(_ key: String) -> String {
        guard key.hasPrefix("ed25519:"), let raw = Data(base64Encoded: String(key.dropFirst(8))) else { return "(not a key)" }
        return OfficerKey.fingerprint(raw)
    }

    static func draw(_ screen: UnitScreen, state: ConsoleState, into buffer: inout CellBuffer) {
        let width = min(buffer.width - 2, 110)
        let height = buffer.height - 3
        let left = (buffer.width - width) / 2
        let top = 1
        OverlayView.drawBox(x: left, y: top, width: width, height: height, title: " The unit ", into: &buffer)
        let lines = lines(state.caseFile, width: width - 4)
        let rows = height - 3
        let first = min(screen.top, max(0, lines.count - rows))
        for (i, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            buffer.put(line.text, x: left + 2, y: top + 1 + i, limit: width - 4, style: line.style)
        }
        let hints = state.readOnlyReason == nil && state.caseFile.role(of: state.user) == .supervisor
            ? Bindings.hints(on: .unit, in: state.bindings, fitting: width - 4) : "j/k scroll · Esc close · only a supervisor changes the unit"
        buffer.put(hints, x: left + 2, y: top + height - 2, limit: width - 4, style: .dim)
    }
}
