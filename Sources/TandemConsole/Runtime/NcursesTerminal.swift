import CNcurses
#if canImport(Glibc)
import Glibc
#endif

/// The real terminal, through ncursesw. Paints only the cells that changed
/// since the last frame. Every call happens on the main thread.
final class NcursesTerminal: Terminal {

    private let screen: OpaquePointer
    private var painted: CellBuffer?
    private let useColour: Bool

    /// Starts curses on the controlling terminal; nil (with a reason) if it cannot.
    /// `mouse`: report clicks and the wheel (which takes them from the terminal's own selection).
    static func start(mouse: Bool, theme: Settings.Theme) -> Result<NcursesTerminal, StartFailure> {
        if let problem = ConsoleRunner.terminalProblem() { return .failure(StartFailure(reason: problem)) }
        _ = tandem_setlocale_utf8()
        guard let screen = tandem_newterm() else {
            let term = String(cString: getenv("TERM") ?? strdup("(unset)"))
            return .failure(StartFailure(reason: "cannot use the terminal type \"\(term)\""))
        }
        let terminal = NcursesTerminal(screen: screen, theme: theme)
        if mouse { tandem_mouse_enable() }
        return .success(terminal)
    }

    struct StartFailure: Error { var reason: String }

    private let theme: Settings.Theme

    private init(screen: OpaquePointer, theme: Settings.Theme) {
        self.screen = screen
        self.theme = theme
        raw()  // Ctrl-C, Ctrl-S and Ctrl-Q arrive as keys, not signals or flow control
        noecho()
        nonl()
        keypad(tandem_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        let noColour = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        useColour = !noColour && theme != .monochrome && has_colors()
        if useColour {
            start_color()
            use_default_colors()
            let curses: [Colour: Int16] = [
                .red: Int16(COLOR_RED), .green: Int16(COLOR_GREEN), .yellow: Int16(COLOR_YELLOW),
                .blue: Int16(COLOR_BLUE), .magenta: Int16(COLOR_MAGENTA), .cyan: Int16(COLOR_CYAN), .white: Int16(COLOR_WHITE),
            ]
            // High contrast: the bright half of a 16-colour terminal.
            let bright: Int16 = theme == .highContrast && tandem_colours() >= 16 ? 8 : 0
            for (colour, value) in curses { init_pair(Int16(colour.rawValue), value + bright, -1) }
        }
    }

    var size: (width: Int, height: Int) {
        (Int(tandem_screen_width()), Int(tandem_screen_height()))
    }

    /// Waits up to `milliseconds` for a key; nil on timeout.
    func readInput(milliseconds: Int32, idle: Bool) -> TerminalInput? {
        timeout(milliseconds)
        var value: wint_t = 0
        let kind = get_wch(&value)
        // No key, or no terminal any more: a terminal hung up answers at once, and the console would
        // spin, were it not told (a hang-up that is not its controlling terminal's sends no SIGHUP).
        if kind == ERR { return Self.hungUp() ? .closed : nil }
        if kind != tandem_key_code_yes(), value == 27 {
            // ncurses did not know what follows Esc: read the rest of the sequence as one key.
            timeout(0)
            let (key, pushBack) = EscapeSequence.decode(afterEscape: {
                var next: wint_t = 0
                let kind = get_wch(&next)
                return kind == ERR || kind == tandem_key_code_yes() ? nil : UInt32(next)
            })
            if let pushBack { _ = unget_wch(wchar_t(bitPattern: pushBack)) }
            return .key(key)
        }
        if kind == tandem_key_code_yes() {
            switch Int32(value) {
            case tandem_key_resize():
                painted = nil
                return .resize(width: size.width, height: size.height)
            case tandem_key_mouse():
                var x: Int32 = 0, y: Int32 = 0
                let kinds: [Int32: Mouse.Kind] = [1: .click, 2: .doubleClick, 3: .wheelUp, 4: .wheelDown]
                guard let kind = kinds[tandem_read_mouse(&x, &y)] else { return nil }
                return .mouse(Mouse(kind, x: Int(x), y: Int(y)))
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_ENTER: return .key(.enter)
            case KEY_BTAB: return .key(.backTab)
            case KEY_F0 + 1...KEY_F0 + 12: return .key(.function(Int(Int32(value) - KEY_F0)))
            default: return .key(.unknown(Int32(value)))
            }
        }
        return .key(Key.fromCharacter(UInt32(value)))
    }

    /// Whether the terminal the keys come from has hung up (its other end closed).
    private static func hungUp() -> Bool {
        var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&input, 1, 0) == 1 && input.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    func paint(_ buffer: CellBuffer) {
        if painted?.width != buffer.width || painted?.height != buffer.height {
            erase()
            painted = nil
        }
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if cell.isContinuation || painted?[x, y] == cell { continue }
                put(cell, x: x, y: y)
            }
        }
        painted = buffer
        if let cursor = buffer.cursor {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var attrs: attr_t = 0
        if cell.style.bold { attrs |= tandem_attr_bold() }
        if cell.style.reverse { attrs |= tandem_attr_reverse() }
        // High contrast has no dim text: what would be dim is plain, and bold stays bold.
        if cell.style.dim && theme != .highContrast { attrs |= tandem_attr_dim() }
        if cell.style.underline { attrs |= tandem_attr_underline() }
        let pair: Int16 = useColour ? Int16(cell.style.colour.rawValue) : 0
        var wide: [wchar_t] = cell.text.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
        if wide.isEmpty { wide = [wchar_t(32)] }
        wide.append(0)
        _ = tandem_put_cell(Int32(y), Int32(x), wide, attrs, pair)
    }

    func stop() {
        endwin()
        delscreen(screen)
    }
}
