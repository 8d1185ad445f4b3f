import Foundation
import Queue
import Testing
import TestSupport

/// redis+sentinel:// URLs against real sentinels and real Redis servers on loopback ports.
@Suite(.serialized) struct SentinelTests {
    static func sentinelURL(_ sentinels: [Int], master: String = "mymaster", auth: String = "", query: String = "") throws -> RedisURL {
        try RedisURL(parsing: "redis+sentinel://\(auth)" + sentinels.map { "127.0.0.1:\($0)" }.joined(separator: ",") + "/\(master)\(query)")
    }

    @Test func sentinelURLsParseWithDefaultPortsAndRedactBothPasswords() throws {
        let url = try RedisURL(parsing: "redis+sentinel://app:s3cret@10.0.0.1,10.0.0.2:26380/prod-queue?sentinel_password=guard&db=2")
        guard case let .sentinel(set) = url.endpoint else { Issue.record("not a sentinel endpoint"); return }
        #expect(set.hosts == [.init(host: "10.0.0.1", port: 26379), .init(host: "10.0.0.2", port: 26380)])
        #expect(set.masterName == "prod-queue" && set.password == "guard")
        #expect(url.user == "app" && url.password == "s3cret" && url.database == 2)
        #expect(!url.description.contains("s3cret") && !url.description.contains("guard"))
        #expect(!RedisURL.redacted("redis+sentinel://a:s3cret@h:1/m?sentinel_password=guard").contains("guard"))
        for bad in ["redis+sentinel://h:26379", "redis+sentinel://h:99999/m", "redis+sentinel://h:1,,h:2/m", "redis+sentinel://h:1/m?x=1"] {
            let error = #expect(throws: QueueError.self) { try RedisURL(parsing: bad) }
            #expect(error?.code == .malformedURL)
        }
    }

    @Test func theClientAsksTheSentinelsForTheMasterAndSkipsOneThatIsDown() throws {
        let master = try LocalRedisServer(options: .init(tcpPort: 0))
        let sentinel = try SentinelProcess(masterPort: master.port!)
        let down = try LocalRedisServer.freePort()
        let queue = try TaskQueue(url: try Self.sentinelURL([down, sentinel.port]))
        _ = try queue.submit(NewTask(id: "t1", payload: Data("{}".utf8)), to: "agents")
        let direct = try TaskQueue(url: master.tcpURL()!)
        #expect(try direct.counts(of: "agents").queued == 1)
    }

    @Test func aMasterNameNoSentinelKnowsIsAnErrorThatNamesIt() throws {
        let master = try LocalRedisServer(options: .init(tcpPort: 0))
        let sentinel = try SentinelProcess(masterPort: master.port!)
        let error = #expect(throws: QueueError.self) { try TaskQueue(url: try Self.sentinelURL([sentinel.port], master: "nosuchmaster")) }
        #expect(error?.code == .malformedURL)
        #expect(error?.message.contains("'nosuchmaster'") == true)
    }

    @Test func noSentinelAnsweringIsAnErrorThatSaysToStartThem() throws {
        let error = #expect(throws: QueueError.self) {
            try TaskQueue(url: try Self.sentinelURL([try LocalRedisServer.freePort()]), options: ConnectionOptions(reconnectAttempts: 0))
        }
        #expect(error?.code == .connectionRefused)
        #expect(error?.message.contains("Start the sentinels") == true)
    }

    @Test func passwordsOnTheSentinelAndTheMasterAreBothUsed() throws {
        let master = try LocalRedisServer(options: .init(tcpPort: 0, password: "masterpw"))
        let sentinel = try SentinelProcess(masterPort: master.port!, masterPassword: "masterpw", password: "sentinelpw")
        let queue = try TaskQueue(url: try Self.sentinelURL([sentinel.port], auth: ":masterpw@", query: "?sentinel_password=sentinelpw"))
        _ = try queue.submit(NewTask(id: "t1", payload: Data("{}".utf8)), to: "agents")
        let wrong = #expect(throws: QueueError.self) {
            try TaskQueue(url: try Self.sentinelURL([sentinel.port], auth: ":masterpw@", query: "?sentinel_password=nope"),
                          options: ConnectionOptions(reconnectAttempts: 0))
        }
        #expect(wrong?.message.contains("sentinel_password") == true)
    }

    /// A process that starts while the master is down (the sentinels still name it) waits for the
    /// promotion instead of exiting, and then works on the new master.
    @Test func aClientStartedDuringAFailoverJoinsThePromotedReplica() throws {
        let master = try LocalRedisServer(options: .init(tcpPort: 0))
        let replica = try master.startReplicas(1)[0]
        let sentinel = try SentinelProcess(masterPort: master.port!, downAfterMilliseconds: 1000)
        // The sentinel has seen the replica (it can only promote one it knows).
        #expect(eventually(timeout: 30, every: 0.2) {
            (try? sentinel.send("SENTINEL", "replicas", "mymaster").array?.count) == 1
        })
        master.crash()
        let queue = try TaskQueue(url: try Self.sentinelURL([sentinel.port]))
        _ = try queue.submit(NewTask(id: "during", payload: Data("{}".utf8)), to: "agents")
        let promoted = try TaskQueue(url: replica.tcpURL()!)
        #expect(try promoted.counts(of: "agents").queued == 1)
    }

    /// SENTINEL FAILOVER promotes the replica; the old master becomes its replica and answers writes
    /// with READONLY. The client drops that connection, asks the sentinel again and writes to the new
    /// master.
    @Test func afterAFailoverTheClientFollowsTheNewMaster() throws {
        let master = try LocalRedisServer(options: .init(tcpPort: 0))
        let replica = try master.startReplicas(1)[0]
        let sentinel = try SentinelProcess(masterPort: master.port!)
        let queue = try TaskQueue(url: try Self.sentinelURL([sentinel.port]))
        _ = try queue.submit(NewTask(id: "before", payload: Data("{}".utf8)), to: "agents")
        // Replication is asynchronous (acknowledged writes can be lost in a failover without WAIT):
        // this test is about following the master, so it lets the replica catch up first.
        let replicaQueue = try TaskQueue(url: replica.tcpURL()!)
        #expect(eventually(timeout: 30, every: 0.2) { (try? replicaQueue.counts(of: "agents").queued) == 1 })

        // NOGOODSLAVE until the sentinel has polled the replica itself.
        #expect(eventually(timeout: 30, every: 0.5) {
            (try? sentinel.send("SENTINEL", "failover", "mymaster")) == .status("OK")
        })
        #expect(eventually(timeout: 30, every: 0.2) {
            (try? sentinel.send("SENTINEL", "get-master-addr-by-name", "mymaster").array?.last?.int) == replica.port
        })
        // The old master is demoted: the queue's open connection to it now meets READONLY.
        #expect(eventually(timeout: 30, every: 0.2) {
            (try? RedisConnection(url: master.tcpURL()!).send(RedisCommand("ROLE")).array?.first?.string) == "slave"
        })
        // The first call after the switch fails as an outage (the worker retries those); the retry
        // asks the sentinel again and reaches the new master.
        #expect(eventually(timeout: 30, every: 0.2) {
            (try? queue.submit(NewTask(id: "after", payload: Data("{}".utf8)), to: "agents")) != nil
        })
        let promoted = try TaskQueue(url: replica.tcpURL()!)
        #expect(try promoted.counts(of: "agents").queued == 2)
    }
}
