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
        let settings = session.state.settings
        switch NcursesTerminal.start(mouse: settings.mouse, theme: settings.theme) {
        case .success(let t): terminal = t
        case .failure(let failure): throw CannotStart(description: failure.reason)
        }
        tandem_install_signal_handlers()
        defer { terminal.stop() }
        return RunLoop.run(session, on: terminal, pendingSignal: { tandem_take_pending_signal() }, afterFirstFrame: afterFirstFrame)
    }
}
