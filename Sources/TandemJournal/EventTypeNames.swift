import TandemCore

/// Looks a line's event type up in place: no string is made of it, and no
/// string compared with each name in turn (this runs for every line read).
enum EventTypeNames {
    /// Every kind's name with its quotes, by that length; and the kind's place in `ChangeKind.allCases`.
    private static let byQuotedLength: [[(quoted: [UInt8], kind: ChangeKind, ordinal: Int)]] = {
        var table: [[(quoted: [UInt8], kind: ChangeKind, ordinal: Int)]] = []
        for (ordinal, kind) in ChangeKind.allCases.enumerated() {
            let quoted = Array("\"\(kind.rawValue)\"".utf8)
            while table.count <= quoted.count { table.append([]) }
            table[quoted.count].append((quoted, kind, ordinal))
        }
        return table
    }()

    /// The kind whose name the string value at `range` (quotes included) holds, and its ordinal; nil for a name no kind has.
    static func kind(at range: Range<Int>, in line: LineBytes) -> (kind: ChangeKind, ordinal: Int)? {
        guard range.count >= 2, line[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
        // Spelt with escapes, the name is compared as text (its length in the line is not the name's).
        if JSONScanner.hasEscape(line[range]) {
            guard let text = JSONScanner.string(line, range), let kind = ChangeKind(rawValue: text) else { return nil }
            return (kind, ChangeKind.allCases.firstIndex(of: kind)!)
        }
        guard range.count < byQuotedLength.count else { return nil }
        let start = line.base.baseAddress! + range.lowerBound
        for candidate in byQuotedLength[range.count]
        where candidate.quoted.withUnsafeBufferPointer({ sameBytes(start, $0.baseAddress!, $0.count) }) {
            return (candidate.kind, candidate.ordinal)
        }
        return nil
    }
}
