/// A key press, decoded from the terminal (or made by a test).
public enum Key: Equatable, Sendable {
    case character(Character)
    case control(Character)  // Ctrl-A … Ctrl-Z, as the lower-case letter
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, tab, backTab, escape, backspace, delete
    case function(Int)
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
            guard let scalar = Unicode.Scalar(value), value >= 0x20 else { return .unknown(Int32(bitPattern: value)) }
            return .character(Character(scalar))
        }
    }
}
