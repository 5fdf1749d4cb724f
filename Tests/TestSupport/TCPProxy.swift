import Foundation
import Synchronization

/// A small TCP proxy on loopback for partition tests: forwards a port to
/// another; `pause` keeps every socket open and forwards nothing (a link that
/// went silent), `cut` resets every connection and refuses new ones (a link
/// that went down), `oneWay` forwards only towards the server, `forward` goes back to forwarding.
public final class TCPProxy: @unchecked Sendable {
    /// `oneWay`: what the client sends reaches the server, and the server's answers are held (a lost reply).
    public enum Mode: Sendable { case forward, pause, oneWay, cut }

    public let port: Int
    private let target: Int
    private let listener: Int32
    private let state = Mutex<(mode: Mode, sockets: Set<Int32>, stopped: Bool)>((.forward, [], false))

    public init(to target: Int) throws {
        self.target = target
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 64) == 0 else { throw ProcessFailure(description: "the proxy could not listen: \(String(cString: strerror(errno)))") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    public func set(_ mode: Mode) {
        let sockets = state.withLock { state -> Set<Int32> in
            state.mode = mode
            return mode == .cut ? state.sockets : []
        }
        // Reset, not a polite close: as a link going down looks to both ends.
        for fd in sockets { Self.reset(fd) }
    }

    public func stop() {
        let sockets = state.withLock { state -> Set<Int32> in
            state.stopped = true
            return state.sockets
        }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in sockets { Self.reset(fd) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if state.withLock({ $0.stopped }) { return }
                continue
            }
            let (mode, stopped) = state.withLock { ($0.mode, $0.stopped) }
            if stopped { close(client); return }
            if mode == .cut { Self.reset(client); close(client); continue }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: target)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected != 0 { close(client); close(upstream); continue }
            state.withLock { $0.sockets.formUnion([client, upstream]) }
            let thread = Thread { [self] in pump(client, upstream) }
            thread.start()
        }
    }

    /// Copies bytes both ways until either side closes; holds them while paused.
    private func pump(_ a: Int32, _ b: Int32) {
        defer {
            state.withLock { $0.sockets.subtract([a, b]) }
            close(a)
            close(b)
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let mode = state.withLock { $0.mode }
            if mode == .cut { return }
            // Which ends are read from: both when forwarding, the client's alone one way, neither while paused.
            let from: [(Int32, Int32)] = switch mode {
            case .forward: [(a, b), (b, a)]
            case .oneWay: [(a, b)]
            case .pause, .cut: []
            }
            if from.isEmpty {
                usleep(10_000)
                continue
            }
            var fds = from.map { pollfd(fd: $0.0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), 50)
            if ready < 0 && errno != EINTR { return }
            if ready <= 0 { continue }
            // Whatever arrives while the mode changes is held until it forwards again.
            if state.withLock({ $0.mode }) != mode { continue }
            for (index, (source, sink)) in from.enumerated() where fds[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
                if count <= 0 { return }
                var sent = 0
                while sent < count {
                    let n = buffer[sent..<count].withUnsafeBytes { write(sink, $0.baseAddress, $0.count) }
                    if n <= 0 { return }
                    sent += n
                }
            }
        }
    }

    private static func reset(_ fd: Int32) {
        var linger = Foundation.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Foundation.linger>.size))
        shutdown(fd, Int32(SHUT_RDWR))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}
