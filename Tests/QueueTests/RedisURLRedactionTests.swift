import Queue
import Testing

/// No secrets in logs: every way of showing a Redis URL hides its password.
@Suite struct RedisURLRedactionTests {
    @Test(arguments: [
        ("redis://worker:s3cret-pw@10.0.0.5:6379/2", "redis://worker:***@10.0.0.5:6379/2"),
        ("redis://:s3cret-pw@host:6379", "redis://:***@host:6379"),
        ("redis://s3cret-pw@host", "redis://***@host"),
        ("unix:///run/redis.sock?db=1&password=s3cret-pw&user=w", "unix:///run/redis.sock?db=1&password=***&user=w"),
        ("redis://host:6379", "redis://host:6379"),
        // Not a valid URL, yet the password must not leak through an error message either.
        ("redis://u:s3cret-pw@host:notaport", "redis://u:***@host:notaport"),
        ("redis://u:p@ss:s3cret-pw@host", "redis://u:***@host"),
    ])
    func urlStringsAreRedacted(text: String, expected: String) {
        #expect(RedisURL.redacted(text) == expected)
        #expect(!RedisURL.redacted(text).contains("s3cret-pw"))
    }

    @Test func parsedURLsShowNoPassword() throws {
        for text in ["redis://worker:s3cret-pw@h:1", "redis://:s3cret-pw@h:1", "unix:///r.sock?password=s3cret-pw"] {
            let url = try RedisURL(parsing: text)
            #expect(!url.redacted.contains("s3cret-pw"))
            #expect(!"\(url)".contains("s3cret-pw"))
        }
    }

    @Test func connectionErrorsNameTheServerWithoutThePassword() {
        let error = #expect(throws: QueueError.self) {
            try TaskQueue(url: "redis://worker:s3cret-pw@127.0.0.1:1", options: ConnectionOptions(connectTimeout: 0.5))
        }
        #expect(error.map { !"\($0)".contains("s3cret-pw") } == true)
        #expect(error?.message.contains("worker:***@127.0.0.1:1") == true)
    }
}
