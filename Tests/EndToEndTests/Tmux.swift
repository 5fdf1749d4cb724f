import Foundation

/// Drives the real `tandem` binary in a detached tmux session on a private
/// socket, as a user at a terminal would.
final class Tmux {
    static var isAvailable: Bool { (try? run(["tmux", "-V"]))?.status == 0 }

    let socket = "tandem-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let session = "e2e"

    deinit { _ = try? Tmux.run(["tmux", "-L", socket, "kill-server"]) }

    /// Starts `command` in a new session of the given size.
    func start(_ command: [String], width: Int, height: Int) throws {
        let line = (["env", "TERM=screen-256color"] + command).map { "'\($0)'" }.joined(separator: " ")
        // The tmux server that new-session starts keeps its standard output:
        // capturing it through a pipe would wait for the server to exit.
        let result = try Tmux.run(["tmux", "-L", socket, "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", line], capture: false)
        guard result.status == 0 else { throw Failure(message: "tmux new-session failed with status \(result.status)") }
    }

    func send(_ keys: String...) throws { _ = try Tmux.run(["tmux", "-L", socket, "send-keys", "-t", session] + keys) }
    func type(_ text: String) throws { _ = try Tmux.run(["tmux", "-L", socket, "send-keys", "-t", session, "-l", text]) }

    func screen() throws -> String { try Tmux.run(["tmux", "-L", socket, "capture-pane", "-p", "-t", session]).output }

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

    /// Runs a command to completion with posix_spawn and waitpid (Foundation's
    /// Process can miss the exit of a child whose own child lives on, as tmux's server does).
    static func run(_ arguments: [String], capture: Bool = true) throws -> (status: Int32, output: String) {
        let outputPath = capture ? NSTemporaryDirectory() + "tandem-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out" : "/dev/null"
        defer { if capture { unlink(outputPath) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The test runner's threads may block signals; the console must not inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, environ)
        guard spawned == 0 else { throw Failure(message: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let output = capture ? (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" : ""
        return (exitStatus, output)
    }
}

/// The built `tandem`, next to this test bundle in the build folder.
func tandemBinary() -> String {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = bundle.deletingLastPathComponent()
    while folder.path != "/" {
        let candidate = folder.appendingPathComponent("tandem").path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
            return candidate
        }
        folder = folder.deletingLastPathComponent()
    }
    return "tandem"
}
