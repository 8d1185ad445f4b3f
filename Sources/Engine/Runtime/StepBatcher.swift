import Foundation

/// Runs the forward passes of many contexts of one model together (continuous batching, as
/// llama-server does across its slots). Decoding is memory-bound: a pass for one token reads every
/// weight, so one pass over the next token of each of N sequences costs little more than one of them.
///
/// There is no scheduler thread: a context that needs a pass queues its request, and whichever waiting
/// thread finds no pass running becomes the leader. It waits until every active sequence (one between
/// `beginSequence` and `endSequence`, as a generation is) has queued its next request, or a moment at
/// most (they are sampling their next token), takes the queued requests up to `tokenBudget` tokens in
/// arrival order, runs one pass over all of them, and wakes their owners, who read their logits rows
/// where the pass left them (the next pass waits until every owner has read). A session busy elsewhere
/// (its agent parsing a reply or running a tool) is not active and is not waited for. A long prompt arrives in
/// chunks of at most one micro-batch, so decoding sequences are never held up by more than one chunk.
/// Sampling, stop strings and cancellation stay with each context's owner.
public final class StepBatcher: @unchecked Sendable {  // every mutable field is guarded by `condition`
    public let model: Model
    /// Tokens one pass may hold: the micro-batch of the model's contexts.
    public let tokenBudget: Int
    /// How long a leader waits at most for the active sequences to queue their next token: a quarter
    /// of the last pass, within these bounds (many sequences take a while to sample on few cores).
    static let gatherWindow: ClosedRange<TimeInterval> = 0.002...0.02

    public struct Statistics: Sendable, Equatable {
        /// Forward passes run.
        public var passes = 0
        /// Requests (one sequence's part of a pass) served.
        public var requests = 0
        /// Tokens computed.
        public var tokens = 0
        /// The most sequences one pass held.
        public var widest = 0
    }

    /// The most logit rows one pass keeps for their owners to read in place; a pass that requests
    /// more (a perplexity chunk, a crowd of sequences) copies them out instead, group by group.
    public static let sharedLogitRows = 64

    private final class Request {
        let segment: ForwardPass.Segment
        /// Rows of the segment whose logits the owner needs, ascending.
        let logitRows: [Int]
        /// The rows in the batcher's scratch, readable until the owner calls `finishedReading`.
        var views: [UnsafeBufferPointer<Float>] = []
        /// The rows copied, when the pass requested more than `sharedLogitRows`.
        var copies: [[Float]] = []
        var error: (any Error)?
        var done = false

        init(segment: ForwardPass.Segment, logitRows: [Int]) {
            self.segment = segment
            self.logitRows = logitRows
        }
    }

    private let scratch: Scratch
    private let condition = NSCondition()
    private var pending: [Request] = []
    private var running = false
    private var activeSequences = 0
    /// Owners of the last pass still reading their rows in `scratch`: no pass starts before they finish.
    private var readers = 0
    private var lastPassSeconds: TimeInterval = 0
    private var stats = Statistics()

    public init(model: Model) {
        self.model = model
        tokenBudget = InferenceContext.microBatch(for: model.hyperParameters)
        scratch = Scratch(hp: model.hyperParameters, batch: tokenBudget, logitRows: 8)
    }

    public var statistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        return stats
    }

    /// A sequence that will ask for passes one after another (a generation) starts: leaders wait for
    /// its requests until `endSequence`.
    public func beginSequence() {
        condition.lock()
        activeSequences += 1
        condition.unlock()
    }

    public func endSequence() {
        condition.lock()
        activeSequences -= 1
        condition.broadcast()  // a leader may be waiting for it
        condition.unlock()
    }

    /// Runs `segment` in some pass (on this thread or another's) and, once that pass is done, calls
    /// `body(row, logits)` for each of its `logitRows` on this thread.
    func run(
        _ segment: ForwardPass.Segment, logitRows: [Int],
        body: (Int, UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        precondition(segment.tokens.count <= tokenBudget, "a request larger than the batch")
        let request = Request(segment: segment, logitRows: logitRows)
        condition.lock()
        pending.append(request)
        condition.broadcast()  // a leader may be gathering
        while !request.done {
            if running {
                condition.wait()
                continue
            }
            running = true
            let window = min(max(lastPassSeconds / 4, Self.gatherWindow.lowerBound), Self.gatherWindow.upperBound)
            let deadline = Date(timeIntervalSinceNow: window)
            while pending.count < activeSequences, condition.wait(until: deadline) {}
            while readers > 0 { condition.wait() }
            let batch = take()
            condition.unlock()
            let started = Date()
            execute(batch)
            condition.lock()
            readers = batch.filter { $0.error == nil && !$0.views.isEmpty }.count
            lastPassSeconds = Date().timeIntervalSince(started)
            stats.passes += 1
            stats.requests += batch.count
            stats.tokens += batch.reduce(0) { $0 + $1.segment.tokens.count }
            stats.widest = max(stats.widest, batch.count)
            for finished in batch { finished.done = true }
            running = false
            condition.broadcast()
        }
        condition.unlock()
        if let error = request.error { throw error }
        if request.views.isEmpty {
            for (row, copy) in zip(logitRows, request.copies) { try copy.withUnsafeBufferPointer { try body(row, $0) } }
            return
        }
        defer { finishedReading() }
        for (row, view) in zip(logitRows, request.views) { try body(row, view) }
    }

    private func finishedReading() {
        condition.lock()
        readers -= 1
        if readers == 0 { condition.broadcast() }  // a leader may be waiting to reuse the scratch
        condition.unlock()
    }

    /// The queued requests that fit the budget, oldest first; the rest stay queued.
    private func take() -> [Request] {
        var batch: [Request] = []
        var rest: [Request] = []
        var used = 0
        for request in pending {
            if used + request.segment.tokens.count <= tokenBudget {
                batch.append(request)
                used += request.segment.tokens.count
            } else {
                rest.append(request)
            }
        }
        pending = rest
        return batch
    }

    private func execute(_ batch: [Request]) {
        var rows: [Int] = []
        var owners: [Int] = []
        var offset = 0
        for (index, request) in batch.enumerated() {
            for row in request.logitRows {
                rows.append(offset + row)
                owners.append(index)
            }
            offset += request.segment.tokens.count
        }
        let segments = batch.map(\.segment)
        // In place, every row of the pass must be in one group: a later group would overwrite it.
        let inPlace = rows.count <= Self.sharedLogitRows
        if inPlace { scratch.reserveLogitRows(rows.count) }
        do {
            try model.pool.withExclusiveAccess {
                var next = 0
                try ForwardPass(model: model, scratch: scratch).run(segments, logitRows: rows) { _, logits in
                    if inPlace {
                        batch[owners[next]].views.append(logits)
                    } else {
                        batch[owners[next]].copies.append(Array(logits))
                    }
                    next += 1
                }
            }
        } catch {
            for request in batch {
                request.error = error
                request.views = []
            }
        }
    }
}
