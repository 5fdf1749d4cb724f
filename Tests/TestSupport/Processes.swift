import Foundation

public struct ProcessFailure: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// Starts a command with posix_spawn, with no signals blocked or ignored (the
/// test runner's threads may block some, and children must not inherit that).
/// Standard output and error go to `outputPath`; with `terminal` (a terminal's path), all three are that
/// terminal, which does not become the process's controlling terminal. Returns the process id.
public func spawnProcess(
    _ arguments: [String], outputPath: String = "/dev/null", terminal: String? = nil, directory: String? = nil,
    extraEnvironment: [String: String] = [:]
) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let terminal {
        posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR | O_NOCTTY, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
    } else {
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    }
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
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
    // Run in another folder through the shell's cd (glibc's addchdir is not visible to Swift here).
    let arguments = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0] + arguments } ?? arguments
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    var environment = ProcessInfo.processInfo.environment
    // The sample officers hold their keys, as real officers would (a test may name another folder).
    environment["TANDEM_KEYS"] = sampleKeysFolder
    // Settings, remembered checkpoints and the snapshot key in a folder of the test run's own, not the
    // developer's: their config file would change what a test sees, and the tests would fill their folder.
    environment["XDG_CONFIG_HOME"] = testConfigHome
    for (key, value) in extraEnvironment { environment[key] = value }
    var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { envp.forEach { free($0) } }
    let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, &envp)
    guard spawned == 0 else { throw ProcessFailure(description: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))") }
    return pid
}

/// Waits for a process; returns its exit status (128 + signal when a signal ended it).
public func waitForProcess(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
}

/// Runs a command to completion (posix_spawn and waitpid: Foundation's Process
/// can miss the exit of a child whose own child lives on, as tmux's server does).
public func runProcess(
    _ arguments: [String], capture: Bool = true, directory: String? = nil, extraEnvironment: [String: String] = [:]
) throws -> (status: Int32, output: String) {
    let outputPath = capture ? NSTemporaryDirectory() + "tandem-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out" : "/dev/null"
    defer { if capture { unlink(outputPath) } }
    let pid = try spawnProcess(arguments, outputPath: outputPath, directory: directory, extraEnvironment: extraEnvironment)
    let status = waitForProcess(pid)
    let output = capture ? (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" : ""
    return (status, output)
}

/// The built `tandem`, next to the test bundle in the build folder.
public func tandemBinary() -> String { builtBinary("tandem") }

/// The test drivers (`tandem-testkit append-events`, `peer-data`), built beside `tandem`.
public func testkitBinary() -> String { builtBinary("tandem-testkit") }

func builtBinary(_ name: String) -> String {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = bundle.deletingLastPathComponent()
    while folder.path != "/" {
        let candidate = folder.appendingPathComponent(name).path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
            return candidate
        }
        folder = folder.deletingLastPathComponent()
    }
    return name
}
