import CCurl
import Foundation

/// Blocking HTTP over libcurl, for the model backend and the knowledge tools. Each call uses its
/// own easy handle on the caller's thread (the agent's thread, never the cooperative pool), so
/// the client itself holds only configuration.
public struct HTTPClient: Sendable {
    public struct Configuration: Sendable, Hashable {
        public var connectTimeout: Double
        public var totalTimeout: Double
        public var maxResponseBytes: Int
        public var allowPrivateNetworks: Bool
        public var userAgent: String

        public init(
            connectTimeout: Double = 10, totalTimeout: Double = 60, maxResponseBytes: Int = 8 << 20,
            allowPrivateNetworks: Bool = false, userAgent: String = "lumos-fleet/1.0 (AgentCore)"
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maxResponseBytes = maxResponseBytes
            self.allowPrivateNetworks = allowPrivateNetworks
            self.userAgent = userAgent
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        _ = Self.globalInit
    }

    /// `curl_global_init` is not thread-safe; a static let runs it once, before any handle exists.
    private static let globalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public func send(_ request: HTTPRequest, cancel: CancellationFlag? = nil) throws(HTTPError) -> HTTPResponse {
        let target = try NetworkPolicy(allowPrivateNetworks: configuration.allowPrivateNetworks).check(request.url)
        guard let handle = curl_easy_init() else { throw HTTPError(.transport, "libcurl could not create a handle.") }
        defer { curl_easy_cleanup(handle) }
        let sink = ResponseSink(limit: configuration.maxResponseBytes, cancel: cancel)
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()

        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            headers = curl_slist_append(headers, "\(name): \(value)")
        }
        // Pin the checked addresses so curl cannot resolve the host to something else.
        var resolve: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(resolve) }
        let pinned = target.addresses.map { $0.contains(":") ? "[\($0)]" : $0 }.joined(separator: ",")
        resolve = curl_slist_append(resolve, "\(target.host):\(target.port):\(pinned)")

        var setupFailed = false
        func check(_ code: CURLcode) { if code != CURLE_OK { setupFailed = true } }
        check(lumos_curl_setopt_string(handle, CURLOPT_URL, request.url))
        check(lumos_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(lumos_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        check(lumos_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        check(lumos_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000)))
        check(lumos_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(configuration.totalTimeout * 1000)))
        check(lumos_curl_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent))
        check(lumos_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers))
        check(lumos_curl_setopt_slist(handle, CURLOPT_RESOLVE, resolve))
        check(lumos_curl_setopt_writefunction(handle, ResponseSink.write))
        check(lumos_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer))
        check(lumos_curl_setopt_xferinfofunction(handle, ResponseSink.progress))
        check(lumos_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, sinkPointer))
        check(lumos_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
        check(lumos_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
        if let body = request.body {
            check(lumos_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count))
            body.withUnsafeBytes { raw in
                // COPYPOSTFIELDS copies the bytes, so the buffer need not outlive this closure.
                check(lumos_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)))
            }
        }
        guard !setupFailed else { throw HTTPError(.transport, "libcurl rejected an option for \(request.url).") }

        let code = curl_easy_perform(handle)
        if code != CURLE_OK {
            throw Self.error(for: code, url: request.url, sink: sink)
        }
        var status = 0
        _ = lumos_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, body: sink.data)
    }

    static func error(for code: CURLcode, url: String, sink: ResponseSink) -> HTTPError {
        let reason = String(cString: curl_easy_strerror(code))
        if sink.exceeded { return HTTPError(.responseTooLarge, "The response from \(url) exceeded \(sink.limit) bytes.") }
        if sink.cancelled { return HTTPError(.cancelled, "The request to \(url) was cancelled.") }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPError(.timeout, "\(url) did not answer in time (\(reason)).")
        case CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return HTTPError(.connectionFailed, "Cannot talk to \(url): \(reason).")
        case CURLE_COULDNT_RESOLVE_HOST:
            return HTTPError(.resolveFailed, "Cannot resolve the host of \(url): \(reason).")
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return HTTPError(.invalidURL, "\(url) cannot be fetched: \(reason).")
        default:
            return HTTPError(.transport, "The request to \(url) failed: \(reason).")
        }
    }
}

/// Collects a response body under a size cap and relays cancellation to libcurl. Only the one
/// thread running `curl_easy_perform` touches it, from inside libcurl's callbacks.
final class ResponseSink {
    let limit: Int
    let cancel: CancellationFlag?
    var data: [UInt8] = []
    var exceeded = false
    var cancelled = false

    init(limit: Int, cancel: CancellationFlag?) {
        self.limit = limit
        self.cancel = cancel
    }

    static let write: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        let bytes = size * count
        guard sink.data.count + bytes <= sink.limit else {
            sink.exceeded = true
            return 0
        }
        buffer.withMemoryRebound(to: UInt8.self, capacity: bytes) { sink.data.append(contentsOf: UnsafeBufferPointer(start: $0, count: bytes)) }
        return bytes
    }

    static let progress: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = { context, _, _, _, _ in
        guard let context else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        if sink.cancel?.isCancelled == true {
            sink.cancelled = true
            return 1
        }
        return 0
    }
}
