import Queue
import Testing

@Suite struct URLTests {
    @Test func tcpURLWithUserPasswordPortAndDatabase() throws {
        let url = try RedisURL(parsing: "redis://alice:s%40cret@cache.local:6390/3")
        #expect(url.endpoint == .tcp(host: "cache.local", port: 6390))
        #expect(url.user == "alice")
        #expect(url.password == "s@cret")
        #expect(url.database == 3)
        #expect(!url.description.contains("cret"))
    }

    @Test func tcpURLDefaultsAndPasswordOnlyForms() throws {
        #expect(try RedisURL(parsing: "redis://localhost") == RedisURL(endpoint: .tcp(host: "localhost", port: 6379)))
        let passwordOnly = try RedisURL(parsing: "redis://:pw@127.0.0.1:7000")
        #expect(passwordOnly.user == nil)
        #expect(passwordOnly.password == "pw")
        #expect(try RedisURL(parsing: "redis://[::1]:7001").endpoint == .tcp(host: "::1", port: 7001))
    }

    @Test func unixURLWithDatabaseAndPassword() throws {
        let url = try RedisURL(parsing: "unix:///tmp/r.sock?db=2&password=x%26y")
        #expect(url.endpoint == .unix(path: "/tmp/r.sock"))
        #expect(url.database == 2)
        #expect(url.password == "x&y")
    }

    @Test(arguments: [
        "localhost:6379", "redis://", "redis://host:notaport", "redis://host:70000", "redis://host/x",
        "http://host:6379", "unix://relative.sock", "unix:///tmp/r.sock?bogus=1", "redis://ho st:1",
    ])
    func malformedURLsAreRefusedWithTheExpectedForms(text: String) {
        let error = #expect(throws: QueueError.self) { try RedisURL(parsing: text) }
        #expect(error?.code == .malformedURL)
        #expect(error?.message.contains("redis://[user:password@]host:port") == true)
    }

    @Test func malformedURLMessageNeverEchoesThePassword() {
        let error = #expect(throws: QueueError.self) { try RedisURL(parsing: "redis://user:hunter2hunter2") }
        #expect(error.map { !"\($0)".contains("hunter2") } == true)
    }

    @Test func tlsSchemeIsRefusedClearly() {
        let error = #expect(throws: QueueError.self) { try RedisURL(parsing: "rediss://host:6380") }
        #expect(error?.code == .unsupportedScheme)
        #expect(error?.message.contains("TLS") == true)
    }
}
