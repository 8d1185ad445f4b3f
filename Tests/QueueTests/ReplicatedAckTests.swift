import Foundation
import Queue
import Testing
import TestSupport

/// Replicated acknowledgements (`minReplicaAcks`): a queue write is reported done only once that
/// many replicas hold it.
@Suite(.serialized) struct ReplicatedAckTests {
    static func masterWithReplica() throws -> (LocalRedisServer, LocalRedisServer) {
        let master = try LocalRedisServer(options: .init(tcpPort: 0))
        let replica = try master.startReplicas(1)[0]
        return (master, replica)
    }

    @Test func aSubmitReturnsOnlyOnceTheReplicaHoldsItsTasks() throws {
        let (master, replica) = try Self.masterWithReplica()
        let queue = try TaskQueue(url: master.tcpURL()!, configuration: QueueConfiguration(minReplicaAcks: 1))
        _ = try queue.submit((0..<20).map { NewTask(id: "t\($0)", payload: Data("{}".utf8)) }, to: "agents")
        // No waiting here: WAIT already made the replica acknowledge the writes.
        #expect(try TaskQueue(url: replica.tcpURL()!).counts(of: "agents").queued == 20)
        let lease = try #require(try queue.reserve(from: "agents", leaseSeconds: 30).first)
        try queue.complete(lease, event: Data("{}".utf8))
        #expect(try TaskQueue(url: replica.tcpURL()!).counts(of: "agents").done == 1)
    }

    @Test func aWriteFewerReplicasAcknowledgedIsAnOutageToRetryNotADoneCall() throws {
        let (master, _) = try Self.masterWithReplica()
        let plain = try TaskQueue(url: master.tcpURL()!)
        let strict = try TaskQueue(url: master.tcpURL()!, configuration: QueueConfiguration(minReplicaAcks: 2, ackTimeoutMilliseconds: 200))
        // A bulk submit stops and says so, with the cause and how to finish.
        let submit = #expect(throws: QueueError.self) { try strict.submit(NewTask(id: "t1", payload: Data("{}".utf8)), to: "agents") }
        #expect(submit?.code == .partialSubmit)
        #expect(submit?.message.contains("replica(s) asked for acknowledged") == true)
        // A completion is an outage to retry, not a done call; retrying it is safe.
        let lease = try #require(try plain.reserve(from: "agents", leaseSeconds: 30).first)
        let complete = #expect(throws: QueueError.self) { try strict.complete(lease, event: Data("{}".utf8)) }
        #expect(complete?.code == .connectionLost && complete?.isTransient == true)
        #expect(complete?.message.contains("of the 2 replica(s)") == true)
        try plain.complete(lease, event: Data("{}".utf8))
        #expect(try plain.counts(of: "agents").done == 1)
    }
}
