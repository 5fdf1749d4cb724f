/// The version `tandem --version` prints.
enum TandemVersion {
    static let current = "0.4.0"
}

/// A first word that is no subcommand (and no option) is a mistyped command:
/// said as such, with the nearest command's name, rather than read as an
/// argument of the default command.
enum UnknownCommand {
    static func message(for arguments: [String], commands: [String]) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-"), !commands.contains(word) else { return nil }
        let nearest = commands.min { distance(word, $0) < distance(word, $1) }
        let hint = nearest.map { distance(word, $0) <= max(2, $0.count / 2) ? "; did you mean \"\($0)\"?" : "" } ?? ""
        return "unknown command \"\(outputText(word))\"\(hint) (commands: \(commands.joined(separator: ", ")); tandem --help lists them)"
    }

    /// The edit distance between two words (insertions, deletions, substitutions).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let kept = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = kept
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
