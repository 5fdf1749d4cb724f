import CNcurses
#if canImport(Glibc)
import Glibc
#endif

/// Runs the console on the real terminal until the user quits or a signal
/// arrives. The terminal is restored on every way out.
public enum ConsoleRunner {
    public struct CannotStart: Error, CustomStringConvertible {
        public var description: String
    }

    /// Why the console cannot run here, if it cannot: checked before anything is opened.
    public static func terminalProblem() -> String? {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            return "the console needs a terminal (standard input and output are not one)"
        }
        return nil
    }

    /// Returns the process exit code: 0 when the user quit, 128 + the signal
    /// number when a signal ended it. `afterFirstFrame` runs once the first
    /// frame is on screen (to start work that can wait).
    public static func run(_ session: ConsoleSession, afterFirstFrame: () -> Void = {}) throws(CannotStart) -> Int32 {
        let terminal: NcursesTerminal
        switch NcursesTerminal.start() {
        case .success(let t): terminal = t
        case .failure(let failure): throw CannotStart(description: failure.reason)
        }
        tandem_install_signal_handlers()
        defer { terminal.stop() }
        let size = terminal.size
        session.handle(.resize(width: size.width, height: size.height))
        var firstFrame = true
        while true {
            terminal.paint(render(session.state))
            if firstFrame {
                firstFrame = false
                afterFirstFrame()
            }
            var input: NcursesTerminal.Input?
            while input == nil {
                let signal = tandem_take_pending_signal()
                if signal != 0 { return 128 + signal }
                // A short wait, so a signal or another console's change is noticed
                // within a quarter second.
                input = terminal.readInput(milliseconds: 250)
                if input == nil {
                    let before = session.state
                    session.follow()
                    if session.state != before { terminal.paint(render(session.state)) }
                }
            }
            switch input! {
            case .resize(let width, let height):
                session.handle(.resize(width: width, height: height))
            case .key(let key):
                if !session.handle(.key(key)) { return 0 }
            }
        }
    }
}
