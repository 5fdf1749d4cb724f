import Foundation
import Testing
import TestSupport

/// A console whose terminal goes away ends, even when no SIGHUP comes (the
/// terminal is not its controlling terminal, or the signal went elsewhere):
/// before, each read answered at once with nothing, and it spun on a core.
@Suite(.timeLimit(.minutes(3)))
struct TerminalHangUpTests {
    @Test func theConsoleEndsWhenItsTerminalHangsUp() throws {
        let folder = TemporaryDirectory()
        let journal = folder.copyOfSample()
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        try #require(openpty(&master, &slave, nil, nil, &size) == 0)
        // The console must not hold the terminal's other end itself.
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        let terminal = String(cString: ttyname(slave))
        let pid = try spawnProcess([tandemBinary(), "--journal", journal, "--user", "k.perera", "--read-only"],
                                   terminal: terminal, extraEnvironment: ["TERM": "screen-256color"])
        close(slave)
        // The first frame: the console is reading keys.
        var drawn: [UInt8] = []
        for _ in 0..<600 where !String(decoding: drawn, as: UTF8.self).contains("READ-ONLY") {
            var ready = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 100) == 1 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(master, &chunk, chunk.count)
            if count > 0 { drawn += chunk.prefix(count) }
        }
        #expect(String(decoding: drawn, as: UTF8.self).contains("READ-ONLY"), "the console drew its first frame")
        close(master)
        // Its end is waited for on a thread of its own; a console still running after a minute is killed.
        let exited = DispatchSemaphore(value: 0)
        Thread {
            _ = waitForProcess(pid)
            exited.signal()
        }.start()
        let ended = exited.wait(timeout: .now() + 60) == .success
        if !ended {
            kill(pid, SIGKILL)
            exited.wait()
        }
        #expect(ended, "the console ended when its terminal hung up")
    }
}
