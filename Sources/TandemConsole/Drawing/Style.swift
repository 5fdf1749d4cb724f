/// How a cell looks. Colours are a small named palette so that `NO_COLOR` and
/// monochrome terminals can drop them and keep bold and reverse.
public enum Colour: Int, CaseIterable, Sendable {
    case normal = 0, red, green, yellow, blue, magenta, cyan, white
}

public struct Style: Equatable, Sendable {
    public var colour: Colour = .normal
    public var bold = false
    public var reverse = false
    public var dim = false
    public var underline = false

    public init(colour: Colour = .normal, bold: Bool = false, reverse: Bool = false, dim: Bool = false, underline: Bool = false) {
        self.colour = colour
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let dim = Style(dim: true)
    public static let error = Style(colour: .red, bold: true)
}
