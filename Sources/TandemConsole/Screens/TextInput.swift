/// Text being typed into a field, with a cursor counted in characters
/// (grapheme clusters), so it moves over a wide or combined character as one.
/// Kept as an array of characters, so a long paste (typed key by key) stays quick.
public struct TextInput: Equatable, Sendable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    public mutating func insert(_ character: Character) {
        // A combining mark (or a joiner) merges into the character before it.
        if cursor > 0 {
            let joined = Array(String(characters[cursor - 1]) + String(character))
            if joined.count == 1 {
                characters[cursor - 1] = joined[0]
                return
            }
        }
        characters.insert(character, at: cursor)
        cursor += 1
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }
    public mutating func clear() { characters = []; cursor = 0 }
    public mutating func move(to position: Int) { cursor = min(max(0, position), characters.count) }

    /// Columns from the start of the text to the cursor.
    public var cursorColumn: Int { TextWidth.columns(String(characters[..<cursor])) }

    /// The editing keys every text field shares. Returns false for a key that
    /// is not an editing key, so the caller can act on it.
    public mutating func edit(with key: Key) -> Bool {
        switch key {
        case .character(let c): insert(c)
        case .backspace: backspace()
        case .delete, .control("d"): deleteForward()
        case .left: moveLeft()
        case .right: moveRight()
        case .home, .control("a"): moveHome()
        case .end, .control("e"): moveEnd()
        case .control("u"): clear()
        default: return false
        }
        return true
    }
}
