import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for backend tests: plain BSD sockets on a thread of its
/// own, one connection at a time, `Connection: close`. The handler picks each reply.
final class LoopbackHTTPServer: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    struct Reply: Sendable {
        var status: Int
        var body: String
        /// Seconds to wait before answering (to run into client timeouts).
        var delay: Double = 0
    }

    let port: Int
    private let socket: Int32
    private let stopped = Atomic<Bool>(false)
    private let received = Mutex<[Request]>([])
    private let finished = Mutex<Bool>(false)

    var requests: [Request] { received.withLock { $0 } }

    init(handler: @escaping @Sendable (Request, Int) -> Reply) throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        socket = fd
        let thread = Thread { [self] in serve(handler) }
        thread.start()
    }

    deinit { stop() }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        // The serving thread notices within one poll interval and closes the socket.
        eventually(timeout: 30) { finished.withLock { $0 } }
    }

    private func serve(_ handler: @Sendable (Request, Int) -> Reply) {
        defer {
            close(socket)
            finished.withLock { $0 = true }
        }
        var index = 0
        while !stopped.load(ordering: .relaxed) {
            var pfd = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            let client = accept(socket, nil, nil)
            guard client >= 0 else { continue }
            if let request = read(client) {
                received.withLock { $0.append(request) }
                let reply = handler(request, index)
                index += 1
                // A slow server: the reply waits its delay, unless the server is stopping.
                eventually(timeout: reply.delay, every: 0.02) { stopped.load(ordering: .relaxed) }
                let body = Array(reply.body.utf8)
                let head = "HTTP/1.1 \(reply.status) Reply\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
                let bytes = Array(head.utf8) + body
                _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            close(client)
        }
    }

    private func read(_ client: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            var pfd = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 2000) > 0 else { return nil }
            let n = recv(client, &buffer, buffer.count, 0)
            guard n > 0 else { return nil }
            data.append(contentsOf: buffer[0..<n])
            if headerEnd == nil, let range = String(decoding: data, as: UTF8.self).range(of: "\r\n\r\n") {
                let headerText = String(decoding: data, as: UTF8.self)[..<range.lowerBound]
                headerEnd = headerText.utf8.count + 4
                for line in headerText.split(separator: "\r\n").dropFirst() where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let end = headerEnd, data.count >= end + contentLength {
                let text = String(decoding: data[0..<end], as: UTF8.self)
                let lines = text.split(separator: "\r\n")
                let requestLine = lines.first?.split(separator: " ") ?? []
                var headers: [String: String] = [:]
                for line in lines.dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
                }
                return Request(
                    method: requestLine.count > 0 ? String(requestLine[0]) : "",
                    path: requestLine.count > 1 ? String(requestLine[1]) : "",
                    headers: headers,
                    body: String(decoding: data[end..<(end + contentLength)], as: UTF8.self))
            }
        }
    }
}
