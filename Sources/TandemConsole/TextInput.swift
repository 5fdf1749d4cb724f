/// Text being typed into a field, with a cursor counted in characters
/// (grapheme clusters), so it moves over a wide or combined character as one.
public struct TextInput: Equatable, Sendable {
    public private(set) var text: String
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    public mutating func insert(_ character: Character) {
        let index = text.index(text.startIndex, offsetBy: cursor)
        let before = String(text[..<index]) + String(character)
        text = before + text[index...]
        // A combining mark merges into the character before it.
        cursor = before.count
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        let index = text.index(text.startIndex, offsetBy: cursor - 1)
        text.remove(at: index)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        text.remove(at: text.index(text.startIndex, offsetBy: cursor))
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(text.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = text.count }
    public mutating func clear() { text = ""; cursor = 0 }

    /// Columns from the start of the text to the cursor.
    public var cursorColumn: Int { TextWidth.columns(String(text.prefix(cursor))) }
}
