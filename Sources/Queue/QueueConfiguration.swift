/// Queue-wide settings. Every process using the same queues should use the same values.
public struct QueueConfiguration: Sendable {
    /// The queue the command-line tools use when no `--queue` is given.
    public static let defaultQueue = "agents"

    /// Prefix of every key (see ``Keys``).
    public var keyPrefix: String
    /// Largest payload accepted by submit, in bytes.
    public var maxPayloadBytes: Int
    /// How long a finished (done or cancelled) task's small record stays, so re-submitting its id
    /// is still recognised as a duplicate. Its payload is dropped at once. 0 deletes it at once.
    public var finishedRetentionSeconds: Double
    /// At most this many dead tasks are kept per queue; the oldest are deleted beyond it.
    public var deadLetterCap: Int
    /// Approximate length cap of each queue's result stream (XADD MAXLEN ~). A follower that lags
    /// further behind than this misses events (batch counts stay exact).
    public var eventStreamCap: Int
    /// Retry backoff: attempt n waits a random time in [d/2, d] with d = min(max, base · 2^(n-1)).
    public var retryBaseDelaySeconds: Double
    public var retryMaxDelaySeconds: Double
    /// Tasks per submit script call, and script calls per pipeline (round trip).
    public var submitChunkSize: Int
    public var submitPipelineDepth: Int
    /// Refuse servers whose maxmemory-policy evicts keys.
    public var requireNoEviction: Bool
    /// Replicated acknowledgements: after every state-changing script, `WAIT` until this many replicas
    /// hold the write (0: off, Redis's asynchronous replication).
    public var minReplicaAcks: Int
    /// How long `WAIT` may take before the call counts as unacknowledged.
    public var ackTimeoutMilliseconds: Int

    public init(
        keyPrefix: String = "lumos:",
        maxPayloadBytes: Int = 1 << 20,
        finishedRetentionSeconds: Double = 86_400,
        deadLetterCap: Int = 100_000,
        eventStreamCap: Int = 200_000,
        retryBaseDelaySeconds: Double = 5,
        retryMaxDelaySeconds: Double = 600,
        submitChunkSize: Int = 500,
        submitPipelineDepth: Int = 16,
        requireNoEviction: Bool = true,
        minReplicaAcks: Int = 0,
        ackTimeoutMilliseconds: Int = 1000
    ) {
        self.keyPrefix = keyPrefix
        self.maxPayloadBytes = maxPayloadBytes
        self.finishedRetentionSeconds = finishedRetentionSeconds
        self.deadLetterCap = deadLetterCap
        self.eventStreamCap = eventStreamCap
        self.retryBaseDelaySeconds = retryBaseDelaySeconds
        self.retryMaxDelaySeconds = retryMaxDelaySeconds
        self.submitChunkSize = submitChunkSize
        self.submitPipelineDepth = submitPipelineDepth
        self.requireNoEviction = requireNoEviction
        self.minReplicaAcks = minReplicaAcks
        self.ackTimeoutMilliseconds = ackTimeoutMilliseconds
    }
}
