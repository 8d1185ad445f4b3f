/// What a whole-file submit into one batch did, counted only from what Redis confirmed. When it
/// stopped part-way (an error, or the caller asked it to stop between groups), ``stop`` says why
/// and the id lists say exactly where every task stands, so the same tasks can be submitted
/// again into the same batch to finish the job.
public struct BatchSubmitOutcome: Sendable {
    public enum Stop: Sendable {
        /// Redis refused or failed; the error says why.
        case failed(QueueError)
        /// The caller's `shouldStop` said so (e.g. SIGINT), between groups.
        case interrupted
    }

    public let batchId: String
    public let queue: String
    /// Every task handed in, in order (generated ids included).
    public let allIds: [String]
    /// Confirmed added to the batch by this call.
    public internal(set) var addedIds: [String] = []
    /// Confirmed already in this batch before this call (an earlier, interrupted run).
    public internal(set) var alreadyInBatchIds: [String] = []
    /// Confirmed already in the queue, but in another batch: left there, not in this batch.
    public internal(set) var inOtherBatchIds: [String] = []
    /// Answered with an error by Redis: not in.
    public internal(set) var refusedIds: [String] = []
    /// Sent without an answer: they may or may not be in.
    public internal(set) var unconfirmedIds: [String] = []
    /// Never sent because the submit stopped first.
    public internal(set) var notSentIds: [String] = []
    public internal(set) var stop: Stop?
    /// After a stop: the batch's task count as Redis reports it (nil if it could not be read).
    public internal(set) var batchTotalInRedis: Int?

    init(batchId: String, queue: String, allIds: [String]) {
        self.batchId = batchId
        self.queue = queue
        self.allIds = allIds
    }

    /// Tasks of this submission confirmed to be in the batch now.
    public var confirmedInBatch: Int { addedIds.count + alreadyInBatchIds.count }
    /// Tasks handed in whose state Redis confirmed (in the batch, or elsewhere).
    public var confirmed: Int { confirmedInBatch + inOtherBatchIds.count }
    public var isComplete: Bool { stop == nil }
}
