import Foundation
import Glibc

/// A tiny blocking HTTP/1.1 responder for Prometheus scrapes: `GET /metrics` answers the text
/// format, anything else 404. One request per connection, on one thread the server owns; the
/// accept loop polls with a short timeout so `stop()` is noticed.
public final class MetricsServer: @unchecked Sendable {
    // @unchecked Sendable: `fd` is written once in init and read by the accept thread; `stopped`
    // is an atomic-by-lock flag.
    public let port: Int
    private let fd: Int32
    private let render: @Sendable () -> String
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?

    /// Binds `host:port` (port 0 picks a free one; see ``port``).
    public init(host: String, port: Int, render: @escaping @Sendable () -> String) throws {
        self.render = render
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw WorkerError(.metricsUnavailable, "Could not open a socket for the metrics endpoint.") }
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
            close(socketFD)
            throw WorkerError(.metricsUnavailable, "The metrics host '\(host)' is not an IPv4 address; use 127.0.0.1 (loopback only) or 0.0.0.0.")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketFD, pointer, length) == 0 && listen(socketFD, 16) == 0 && getsockname(socketFD, pointer, &length) == 0
            }
        }
        guard bound else {
            let reason = String(cString: strerror(errno))
            close(socketFD)
            throw WorkerError(.metricsUnavailable, "Could not listen on \(host):\(port) for metrics (\(reason)); pick another port.")
        }
        fd = socketFD
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    public func start() {
        let thread = Thread { [self] in self.serve() }
        thread.name = "lumos-metrics"
        lock.withLock { self.thread = thread }
        thread.start()
    }

    public func stop() {
        let wasStopped = lock.withLock { () -> Bool in defer { stopped = true }; return stopped }
        if !wasStopped { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func serve() {
        defer { close(fd) }
        while !isStopped {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 250) > 0 else { continue }
            let client = accept(fd, nil, nil)
            guard client >= 0 else { continue }
            respond(client)
            close(client)
        }
    }

    private func respond(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 2048)
        // Read the request head only (scrapes have no body); cap it so a client cannot grow it.
        while request.count < 8192 {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { break }
            request += buffer[0..<n]
            if request.firstRange(of: [13, 10, 13, 10]) != nil { break }
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let parts = line.split(separator: " ")
        let status: String
        let body: String
        var type = "text/plain; charset=utf-8"
        if parts.count >= 2, parts[0] == "GET", parts[1] == "/metrics" || parts[1].hasPrefix("/metrics?") {
            status = "200 OK"
            body = render()
            type = "text/plain; version=0.0.4; charset=utf-8"
        } else {
            status = "404 Not Found"
            body = "Metrics are at /metrics.\n"
        }
        let bytes = Array(body.utf8)
        let head = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
        let response = Array(head.utf8) + bytes
        var sent = 0
        while sent < response.count {
            let n = response[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
    }
}
