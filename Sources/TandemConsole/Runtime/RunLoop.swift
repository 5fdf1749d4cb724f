/// The console's loop, the same for the real terminal and the in-memory one:
/// take what effects have answered, draw, read a key, hand it to the session.
public enum RunLoop {
    /// Returns the exit code: 0 when the user quit (or the terminal closed),
    /// 128 + the signal's number when `pendingSignal` reports one.
    public static func run(
        _ session: ConsoleSession, on terminal: some Terminal, pendingSignal: () -> Int32 = { 0 },
        afterFirstFrame: () -> Void = {}
    ) -> Int32 {
        let size = terminal.size
        session.handle(.resize(width: size.width, height: size.height))
        var painted: ConsoleState?
        while true {
            for message in session.takeAnswers() where !session.handle(message) { return 0 }
            if painted != session.state {
                terminal.paint(render(session.state))
                if painted == nil { afterFirstFrame() }
                painted = session.state
            }
            let signal = pendingSignal()
            if signal != 0 { return 128 + signal }
            let idle = session.isIdle
            // While an effect runs, look often for its answer; otherwise a quarter
            // second, so a signal or another console's change is noticed soon.
            guard let input = terminal.readInput(milliseconds: idle ? 250 : 15, idle: idle) else {
                if idle { session.follow() }
                continue
            }
            switch input {
            case .closed:
                session.finish()
                return 0
            case .resize(let width, let height):
                session.handle(.resize(width: width, height: height))
            case .mouse(let mouse):
                session.handle(.mouse(mouse))
            case .key(let key):
                if !session.handle(.key(key)) {
                    session.finish()
                    return 0
                }
            }
        }
    }
}
