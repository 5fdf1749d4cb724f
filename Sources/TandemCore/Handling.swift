/// The handling code every record carries: Europol-style H0–H3 or TLP 2.0.
/// Shown on screen and carried into every export.
public enum Handling: String, CaseIterable, Sendable {
    case h0 = "H0"
    case h1 = "H1"
    case h2 = "H2"
    case h3 = "H3"
    case tlpClear = "TLP:CLEAR"
    case tlpGreen = "TLP:GREEN"
    case tlpAmber = "TLP:AMBER"
    case tlpAmberStrict = "TLP:AMBER+STRICT"
    case tlpRed = "TLP:RED"

    public var meaning: String {
        switch self {
        case .h0: "use only for the stated purpose"
        case .h1: "not for judicial proceedings without consent"
        case .h2: "no onward sharing without permission"
        case .h3: "other restrictions, stated"
        case .tlpClear: "disclosure not limited"
        case .tlpGreen: "community-wide"
        case .tlpAmber: "limited to organisation and clients"
        case .tlpAmberStrict: "limited to the organisation"
        case .tlpRed: "named recipients only"
        }
    }

    /// How far the code limits sharing, across both schemes: TLP:CLEAR, TLP:GREEN,
    /// H0, H1, TLP:AMBER, TLP:AMBER+STRICT, H2, H3, TLP:RED, least to most.
    public var strictness: Int {
        switch self {
        case .tlpClear: 0
        case .tlpGreen: 1
        case .h0: 2
        case .h1: 3
        case .tlpAmber: 4
        case .tlpAmberStrict: 5
        case .h2: 6
        case .h3: 7
        case .tlpRed: 8
        }
    }

    /// The stricter of two codes.
    public static func strictest(_ codes: some Sequence<Handling>) -> Handling? {
        codes.max { $0.strictness < $1.strictness }
    }

    /// Whether exporting a record with this code needs a stated reason.
    public var isRestricted: Bool { self == .h2 || self == .h3 || self == .tlpRed }
}
