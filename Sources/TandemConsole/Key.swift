/// A key press, decoded from the terminal (or made by a test).
public enum Key: Equatable, Sendable {
    case character(Character)
    case control(Character)  // Ctrl-A … Ctrl-Z, as the lower-case letter
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, tab, backTab, escape, backspace, delete
    case function(Int)
    /// A key or escape sequence the console does not know, swallowed whole.
    case unknown(Int32)

    /// Decodes a character from `get_wch` that is not a special key.
    public static func fromCharacter(_ value: UInt32) -> Key {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        default:
            guard let scalar = Unicode.Scalar(value), value >= 0x20, value != 0x7F, !(0x80...0x9F).contains(value) else {
                return .unknown(Int32(bitPattern: value))
            }
            return .character(Character(scalar))
        }
    }

    /// The key as help and messages name it.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .control(let c): "Ctrl-\(c.uppercased())"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .function(let n): "F\(n)"
        case .unknown: "That key"
        }
    }
}

/// Reads what follows an `Esc` the terminal library did not recognise: a CSI
/// (`ESC [`) or SS3 (`ESC O`) sequence is taken whole and becomes one key (an
/// unknown one if the console does not know it), never `Esc` followed by
/// letters that would act on their own. Any other character after `Esc` is a
/// key of its own.
public enum EscapeSequence {
    /// `next` gives the following character if one is already waiting (nil when
    /// none is); the characters of a sequence arrive together.
    public static func decode(afterEscape next: () -> UInt32?) -> (key: Key, pushBack: UInt32?) {
        guard let first = next() else { return (.escape, nil) }
        switch first {
        case 0x5B:  // [: parameters 0x30–0x3F, intermediates 0x20–0x2F, then a final byte 0x40–0x7E
            var parameters = ""
            while let c = next() {
                if (0x40...0x7E).contains(c) { return (known(csi: c, parameters: parameters) ?? .unknown(27), nil) }
                if !(0x20...0x3F).contains(c) { return (.unknown(27), nil) }
                parameters.unicodeScalars.append(Unicode.Scalar(c)!)
            }
            return (.unknown(27), nil)
        case 0x4F:  // O: one more character
            let c = next()
            return (c.flatMap { known(ss3: $0) } ?? .unknown(27), nil)
        case 27:
            return (.escape, 27)
        default:
            // Esc, then a key typed quickly after it (or Alt and a key, which the console binds
            // none of): two keys, so that Esc then 5 still leaves a form and goes to pane 5.
            return (.escape, first)
        }
    }

    private static func known(csi final: UInt32, parameters: String) -> Key? {
        if final == 0x7E {  // ESC [ n ~: the editing keys, as xterm and tmux send them
            switch parameters {
            case "1", "7": return .home
            case "3": return .delete
            case "4", "8": return .end
            case "5": return .pageUp
            case "6": return .pageDown
            default: return nil
            }
        }
        guard parameters.isEmpty || parameters.hasPrefix("1;") else { return nil }
        return switch final {
        case 0x41: .up
        case 0x42: .down
        case 0x43: .right
        case 0x44: .left
        case 0x48: .home
        case 0x46: .end
        case 0x5A: .backTab
        default: nil
        }
    }

    /// ESC O and a letter: the arrows, Home and End in the keypad's application mode, lettered as after ESC [.
    private static func known(ss3 c: UInt32) -> Key? {
        c == 0x5A ? nil : known(csi: c, parameters: "")
    }
}
