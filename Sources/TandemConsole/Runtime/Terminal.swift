#if canImport(Glibc)
import Glibc
#endif

/// What the run loop reads from and paints to: the real terminal through
/// ncurses, or an in-memory one that tests drive with keys.
public protocol Terminal: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Waits up to `milliseconds` for input; nil when none came. `idle` says
    /// that no effect is running (an in-memory terminal waits for that before
    /// handing out its next key, so tests do not depend on timing).
    func readInput(milliseconds: Int32, idle: Bool) -> TerminalInput?
    func paint(_ buffer: CellBuffer)
}

public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case mouse(Mouse)
    case resize(width: Int, height: Int)
    /// The terminal has nothing more to give (the in-memory one's script ran out).
    case closed
}

/// A click, a double click or a turn of the wheel, at a cell of the screen.
public struct Mouse: Equatable, Sendable {
    public enum Kind: Sendable { case click, doubleClick, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// A terminal in memory: it hands out a script of inputs and keeps the last
/// frame painted, so a test can run the real run loop and read the screen.
public final class InMemoryTerminal: Terminal {
    public enum Step: Equatable, Sendable {
        case input(TerminalInput)
        /// A wait with nothing typed (the loop's timeout: it looks for other consoles' changes).
        case pause
        /// The input, given as soon as the screen shows the text, even while an
        /// effect runs (a key pressed while a save waits).
        case whenShown(String, TerminalInput)
    }

    /// How many looks a `whenShown` step waits for its text before the terminal closes.
    static let patience = 4_000

    public private(set) var size: (width: Int, height: Int)
    private var steps: [Step]
    public private(set) var screen: CellBuffer?
    /// How many frames were painted.
    public private(set) var frames = 0
    /// Each frame's text, when asked to keep them.
    public private(set) var frameTexts: [String] = []
    private let keepsFrames: Bool

    public init(width: Int, height: Int, steps: [Step], keepsFrames: Bool = false) {
        size = (width, height)
        self.steps = steps
        self.keepsFrames = keepsFrames
    }

    public convenience init(width: Int, height: Int, keys: [Key]) {
        self.init(width: width, height: height, steps: keys.map { .input(.key($0)) })
    }

    /// The keys raw terminal bytes stand for, decoded as the real terminal decodes
    /// what ncurses does not recognise (escape sequences taken whole).
    public static func keys(fromBytes bytes: [UInt8]) -> [Key] {
        var keys: [Key] = []
        var position = 0
        func next() -> UInt32? {
            guard position < bytes.count else { return nil }
            defer { position += 1 }
            return UInt32(bytes[position])
        }
        while let byte = next() {
            if byte == 27 {
                let (key, pushBack) = EscapeSequence.decode(afterEscape: next)
                keys.append(key)
                if pushBack != nil { position -= 1 }
            } else {
                keys.append(Key.fromCharacter(byte))
            }
        }
        return keys
    }

    public var text: String { screen?.text ?? "" }

    private var looks = 0

    public func readInput(milliseconds: Int32, idle: Bool) -> TerminalInput? {
        if case .whenShown(let text, let input)? = steps.first {
            if self.text.contains(text) {
                steps.removeFirst()
                looks = 0
                return input
            }
            looks += 1
            if looks > Self.patience { return .closed }
            usleep(UInt32(min(10, max(1, milliseconds))) * 1000)
            return nil
        }
        guard idle else {
            // An effect runs on its own thread: give it the time the loop offers.
            usleep(UInt32(min(10, max(1, milliseconds))) * 1000)
            return nil
        }
        guard !steps.isEmpty else { return .closed }
        switch steps.removeFirst() {
        case .whenShown: return nil
        case .pause:
            return nil
        case .input(let input):
            if case .resize(let width, let height) = input { size = (width, height) }
            return input
        }
    }

    public func paint(_ buffer: CellBuffer) {
        screen = buffer
        frames += 1
        if keepsFrames { frameTexts.append(buffer.text) }
    }
}
