import Foundation
import TestSupport

/// Drives the real `tandem` binary in a detached tmux session on a private
/// socket, as a user at a terminal would.
final class Tmux {
    static var isAvailable: Bool { (try? run(["tmux", "-V"]))?.status == 0 }

    let socket = "tandem-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let session = "e2e"

    deinit { _ = try? Tmux.run(["tmux", "-L", socket, "kill-server"]) }

    /// Starts `command` in a new session of the given size.
    func start(_ command: [String], width: Int, height: Int, environment: [String] = ["TERM=screen-256color"]) throws {
        // `swift test` sets NO_COLOR for its children; the console gets only what `environment` says.
        let line = (["env", "-u", "NO_COLOR"] + environment + command).map { "'\($0)'" }.joined(separator: " ")
        // The tmux server that new-session starts keeps its standard output:
        // capturing it through a pipe would wait for the server to exit.
        let result = try Tmux.run(["tmux", "-L", socket, "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", line], capture: false)
        guard result.status == 0 else { throw Failure(message: "tmux new-session failed with status \(result.status)") }
    }

    func send(_ keys: String...) throws { _ = try Tmux.run(["tmux", "-L", socket, "send-keys", "-t", session] + keys) }
    func type(_ text: String) throws { _ = try Tmux.run(["tmux", "-L", socket, "send-keys", "-t", session, "-l", text]) }

    func screen() throws -> String { try Tmux.run(["tmux", "-L", socket, "capture-pane", "-p", "-t", session]).output }

    /// The screen with its attributes, as SGR escape sequences (`capture-pane -e`).
    func styledScreen() throws -> String { try Tmux.run(["tmux", "-L", socket, "capture-pane", "-e", "-p", "-t", session]).output }

    func resize(width: Int, height: Int) throws {
        _ = try Tmux.run(["tmux", "-L", socket, "resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    var isRunning: Bool { (try? Tmux.run(["tmux", "-L", socket, "has-session", "-t", session]))?.status == 0 }

    /// Waits (up to ten seconds) until the screen satisfies `condition`; returns the last screen.
    @discardableResult
    func waitFor(_ what: String, _ condition: (String) -> Bool) throws -> String {
        var last = ""
        for _ in 0..<100 {
            last = try screen()
            if condition(last) { return last }
            usleep(100_000)
        }
        throw Failure(message: "timed out waiting for \(what); the screen was:\n\(last)")
    }

    func waitForExit() throws {
        for _ in 0..<100 {
            if !isRunning { return }
            usleep(100_000)
        }
        throw Failure(message: "tandem did not exit")
    }

    struct Failure: Error, CustomStringConvertible { var message: String; var description: String { message } }

    static func run(_ arguments: [String], capture: Bool = true) throws -> (status: Int32, output: String) {
        let result = try runProcess(arguments, capture: capture)
        return (result.status, result.output)
    }
}

