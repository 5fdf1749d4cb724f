/// Terminal column widths and safe display of stored text. The one width
/// function the console uses everywhere: a pinned table, so the headless
/// screens and the real terminal agree whatever the locale.
public enum TextWidth {
    /// Columns a single scalar takes: 0 for combining marks and format
    /// characters, 2 for East Asian wide and emoji, 1 otherwise.
    public static func columns(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        if isZeroWidth(scalar) { return 0 }
        return isWide(v) ? 2 : 1
    }

    public static func columns(_ text: String) -> Int {
        var total = 0
        for scalar in displayable(text).unicodeScalars { total += columns(scalar) }
        return total
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (0x1160...0x11FF).contains(v) || v == 0x200B { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return v != 0x00AD
        default: return false
        }
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF,
        0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
        0x1F250...0x1F251, 0x1F260...0x1F265, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
        0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4,
        0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E,
        0x1F550...0x1F567, 0x1F57A...0x1F57A, 0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F,
        0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6EB...0x1F6EC,
        0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
        0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if v < range.lowerBound { high = mid - 1 } else if v > range.upperBound { low = mid + 1 } else { return true }
        }
        return false
    }

    /// Stored text made safe to put on a terminal: control characters become
    /// visible control pictures (␛, ␊ …), C1 controls and bidirectional
    /// overrides become �, so data can never move the cursor, retitle or
    /// recolour the terminal, or reorder a line. A no-break space is put as a
    /// space: the console writes one where a line may not be broken (see `wrap`).
    public static func displayable(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + v)!)
            case 0x7F: out.append("\u{2421}")
            case 0xA0: out.append(" ")
            default: out.append(isC1OrDirectional(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return String(out)
    }

    /// A C1 control or a bidirectional mark, override or isolate: what could
    /// recolour a terminal or reorder a line, besides the C0 controls.
    public static func isC1OrDirectional(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x80..<0xA0, 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The text cut to at most `width` columns, ending in `…` when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        let safe = displayable(text)
        if columns(safe) <= width { return safe }
        guard width > 0 else { return "" }
        var out = String.UnicodeScalarView()
        var used = 0
        for scalar in safe.unicodeScalars {
            let w = columns(scalar)
            if used + w > width - 1 { break }
            out.append(scalar)
            used += w
        }
        return String(out) + "…"
    }

    /// Pads (or cuts) to exactly `width` columns.
    public static func fit(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: width)
        let pad = String(repeating: " ", count: max(0, width - columns(cut)))
        return alignRight ? pad + cut : cut + pad
    }

    /// The words, a time written as Tandem writes one ("2015-09-30 04:00 UTC",
    /// "2015-09-30 11:00 +07") made one word with the word before it, where that
    /// fits a line: a line is not broken inside it, nor between "answered" and when.
    static func keepingTimesWhole(_ words: [Substring], width: Int) -> [Substring] {
        func isDate(_ w: Substring) -> Bool {
            w.count == 10 && w.enumerated().allSatisfy { i, c in i == 4 || i == 7 ? c == "-" : c.isASCII && c.isNumber }
        }
        func isMinute(_ w: Substring) -> Bool {
            w.count == 5 && w.enumerated().allSatisfy { i, c in i == 2 ? c == ":" : c.isASCII && c.isNumber }
        }
        func isZone(_ w: Substring) -> Bool {
            w == "UTC" || ((w.first == "+" || w.first == "-") && (w.count == 3 || w.count == 6) && w.dropFirst().allSatisfy { $0.isASCII && ($0.isNumber || $0 == ":") })
        }
        var kept: [Substring] = []
        var i = 0
        while i < words.count {
            var end = i + 1
            if isDate(words[i]), end < words.count, isMinute(words[end]) {
                end += 1
                if end < words.count, isZone(words[end]) { end += 1 }
            }
            let time = words[i..<end].joined(separator: " ")
            if end > i + 1, TextWidth.columns(time) <= width {
                // With the word that says what it is the time of ("sent", "answered", "last"), where that fits too.
                if let before = kept.last, before.contains(where: \.isLetter), !before.contains(" "),
                   TextWidth.columns(before + " " + time) <= width {
                    kept[kept.count - 1] = Substring(before + " " + time)
                } else {
                    kept.append(Substring(time))
                }
                i = end
            } else {
                kept.append(words[i])
                i += 1
            }
        }
        return kept
    }

    /// Word-wraps text to lines of at most `width` columns, never inside a
    /// time nor at a no-break space (U+00A0, put as a space). A word longer
    /// than a line is cut, ending in "…", unless `keepingLongWords` (the command
    /// line's messages: a path or a hash is never cut short; the terminal breaks it).
    public static func wrap(_ text: String, width: Int, keepingLongWords: Bool = false) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        var space = ""
        // The spaces between two words on one line are kept as written (two after a time, say); a line starts at a word.
        // Split before a no-break space becomes a space (see `TextWidth.displayable`): the words it joins stay one.
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map { Substring(TextWidth.displayable(String($0))) }
        for word in keepingTimesWhole(words, width: width) {
            if word.isEmpty { space += " "; continue }
            defer { space = "" }
            let candidate = current.isEmpty ? String(word) : current + space + " " + word
            if TextWidth.columns(candidate) <= width {
                current = candidate
            } else {
                if !current.isEmpty { lines.append(current) }
                current = keepingLongWords || TextWidth.columns(String(word)) <= width ? String(word) : TextWidth.truncate(String(word), to: width)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
