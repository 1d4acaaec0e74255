#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw TCP connection to 127.0.0.1, to behave as the clients a library would not: idle,
/// slow, and many at once. Every wait is bounded and polls without blocking the task pool.
final class LoopbackSocket {
    struct Failure: Error, CustomStringConvertible {
        var call: String
        var code: Int32
        var description: String { "\(call) failed: errno \(code)" }
    }

    private var fd: Int32
    /// True once a read saw the server close (end of stream or reset).
    private(set) var closedByServer = false
    /// Everything the server sent so far.
    private(set) var received: [UInt8] = []

    init(port: Int) throws {
        #if canImport(Darwin)
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #else
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close()
            throw Failure(call: "connect", code: code)
        }
    }

    deinit { close() }

    /// Closes the client side; a no-op the second time.
    func close() {
        if fd >= 0 { _ = closeDescriptor(fd) }
        fd = -1
    }

    /// Sends `text`; false when the server has already closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        guard fd >= 0 else { return false }
        let bytes = Array(text.utf8)
        #if canImport(Darwin)
        let sent = bytes.withUnsafeBytes { Darwin.send(fd, $0.baseAddress, $0.count, 0) }
        #else
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        #endif
        return sent == bytes.count
    }

    /// Reads whatever has arrived, without waiting; notes when the server has closed.
    func drain() {
        guard fd >= 0, !closedByServer else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<64 {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { return }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[..<count]
            } else {
                closedByServer = true
                return
            }
        }
    }

    /// Waits up to `limit` for the server to close; true if it did.
    func waitForServerClose(within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            drain()
            if closedByServer { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        drain()
        return closedByServer
    }

    /// What the server sent, as text.
    var text: String { String(decoding: received, as: UTF8.self) }
}

/// `close(2)`, out of reach of the method of the same name.
private func closeDescriptor(_ fd: Int32) -> Int32 {
    #if canImport(Darwin)
    Darwin.close(fd)
    #elseif canImport(Musl)
    Musl.close(fd)
    #else
    Glibc.close(fd)
    #endif
}
