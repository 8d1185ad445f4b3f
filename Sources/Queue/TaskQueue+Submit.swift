import Foundation

extension TaskQueue {
    /// Submits one task as its own batch (or into `batchId`).
    @discardableResult
    public func submit(_ task: NewTask, to queue: String, batchId: String? = nil) throws -> SubmitResult {
        try submit([task], to: queue, batchId: batchId)
    }

    /// Submits tasks as one batch, idempotently: a task whose id already exists in the queue is
    /// left untouched and reported in ``SubmitResult/duplicateIds``.
    ///
    /// Tasks go in chunks of `submitChunkSize` per script call, `submitPipelineDepth` calls per
    /// round trip, so 100,000 tasks take about a dozen round trips. Every payload is checked
    /// against `maxPayloadBytes` before anything is sent. If Redis fails part-way, the thrown
    /// error's ``QueueError/partial`` says which ids are known to be in, and which are unconfirmed.
    @discardableResult
    public func submit(_ tasks: [NewTask], to queue: String, batchId: String? = nil) throws -> SubmitResult {
        try Self.validate(queueName: queue)
        let batch = batchId ?? Self.randomID()
        try Self.validate(batchId: batch)
        let ids = try validatedIds(tasks)
        guard !tasks.isEmpty else { return SubmitResult(batchId: batch, acceptedIds: [], duplicateIds: []) }

        let chunkSize = max(1, configuration.submitChunkSize)
        let chunks = stride(from: 0, to: tasks.count, by: chunkSize).map { $0..<min($0 + chunkSize, tasks.count) }
        let created = String(Self.milliseconds(Date()))
        let header = scriptHeader()
        let base = keys.queueBase(queue)
        var accepted: [String] = []
        var duplicates: [String] = []
        var otherBatch: [String] = []
        accepted.reserveCapacity(tasks.count)
        var confirmedIndexes = Set<Int>()
        var refusedIndexes = Set<Int>()

        func partialError(_ error: QueueError) -> QueueError {
            let confirmedChunks = confirmedIndexes.count
            // A chunk answered with an error wrote nothing: the script checks key types before its
            // first write, and Redis refuses a script for memory (OOM) only before its first write.
            let refused = refusedIndexes.sorted().flatMap { ids[chunks[$0]] }
            let unconfirmed = chunks.indices.filter { !confirmedIndexes.contains($0) && !refusedIndexes.contains($0) }.flatMap { ids[chunks[$0]] }
            let partial = PartialSubmit(acceptedIds: accepted, duplicateIds: duplicates, unconfirmedIds: unconfirmed,
                                        confirmedChunks: confirmedChunks, totalChunks: chunks.count, allIds: ids,
                                        refusedIds: refused, otherBatchIds: otherBatch, causeCode: error.code, causeMessage: error.message)
            return QueueError(.partialSubmit,
                "Submit to queue '\(queue)' stopped after \(confirmedChunks) of \(chunks.count) chunks: \(accepted.count) tasks went in, \(duplicates.count) were already there, \(refused.count) were refused, \(unconfirmed.count) are unconfirmed. Cause: \(error.message) Re-submitting the same tasks with the same ids is safe (ids already in are skipped).",
                partial: partial)
        }

        // Per-task numbers are mostly the same for every task: format each distinct value once.
        var formatted: [Double: String] = [:]
        func text(_ value: Double) -> String {
            if let cached = formatted[value] { return cached }
            let made = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
            formatted[value] = made
            return made
        }
        let depth = max(1, configuration.submitPipelineDepth)
        var nextChunk = 0
        var failure: QueueError?
        func nextGroup() -> [RedisCommand]? {
            // After an error reply, send nothing more: the caller learns exactly what went in.
            guard nextChunk < chunks.count, failure == nil else { return nil }
            let group = chunks[nextChunk..<min(nextChunk + depth, chunks.count)]
            nextChunk += group.count
            return group.map { range in
                var arguments = header
                arguments.append(batch)
                arguments.append(range.count)
                arguments.append(created)
                for index in range {
                    let task = tasks[index]
                    arguments.append(ids[index])
                    arguments.append(task.payload)
                    arguments.append(task.priority.rawValue)
                    arguments.append(text(Double(task.maxAttempts)))
                    arguments.append(text(task.timeoutSeconds))
                    arguments.append(task.runAt.map { text(Double(Self.milliseconds($0))) } ?? "0")
                }
                return arguments
            }
        }

        try withConnection { connection in
            _ = try? connection.send(RedisCommand("SADD", keys.queueNames, queue))
            do {
                try connection.evaluateStreaming(TaskScripts.submit, keys: [base], next: nextGroup) { chunkIndex, reply in
                    guard case .array(let lists) = reply, lists.count == 2 else {
                        refusedIndexes.insert(chunkIndex)
                        do { _ = try connection.checked(reply, command: "script submit") } catch let error as QueueError { failure = failure ?? error }
                        return
                    }
                    let duplicateOffsets = Set((lists[0].array ?? []).compactMap(\.int))
                    let otherOffsets = Set((lists[1].array ?? []).compactMap(\.int))
                    for (position, index) in chunks[chunkIndex].enumerated() {
                        if duplicateOffsets.contains(position) {
                            duplicates.append(ids[index])
                            if otherOffsets.contains(position) { otherBatch.append(ids[index]) }
                        } else {
                            accepted.append(ids[index])
                        }
                    }
                    confirmedIndexes.insert(chunkIndex)
                }
            } catch let error as QueueError {
                failure = failure ?? error
            }
            if let failure { throw partialError(failure) }
        }
        return SubmitResult(batchId: batch, acceptedIds: accepted, duplicateIds: duplicates, otherBatchIds: otherBatch)
    }

    /// Every task's id (generated where missing), after checking each task; throws before
    /// anything is sent.
    func validatedIds(_ tasks: [NewTask]) throws -> [String] {
        var ids: [String] = []
        ids.reserveCapacity(tasks.count)
        for task in tasks {
            let id = task.id ?? Self.randomID()
            guard !id.isEmpty, id.utf8.count <= 512 else {
                throw QueueError(.invalidArgument, "A task id is empty or longer than 512 bytes; give every task a short non-empty id.", taskId: id.isEmpty ? nil : String(id.prefix(40)))
            }
            guard task.payload.count <= configuration.maxPayloadBytes else {
                throw QueueError(.payloadTooLarge,
                    "The payload of task '\(id)' is \(task.payload.count) bytes, over the limit of \(configuration.maxPayloadBytes) bytes. Keep payloads small (store large inputs elsewhere and pass a reference), or raise the limit. Nothing was submitted.",
                    taskId: id)
            }
            guard task.timeoutSeconds.isFinite, task.timeoutSeconds > 0, task.timeoutSeconds <= 366 * 86_400 else {
                throw QueueError(.invalidArgument, "Task '\(id)' has timeoutSeconds \(task.timeoutSeconds); give a finite number of seconds > 0 and at most a year. Nothing was submitted.", taskId: id)
            }
            guard task.maxAttempts >= 1, task.maxAttempts <= 1000 else {
                throw QueueError(.invalidArgument, "Task '\(id)' has maxAttempts \(task.maxAttempts); it must be 1–1000. Nothing was submitted.", taskId: id)
            }
            ids.append(id)
        }
        if Set(ids).count != ids.count {
            throw QueueError(.invalidArgument, "The same task id appears twice in one submission; ids must be unique. Nothing was submitted.")
        }
        return ids
    }

    static func validate(batchId: String) throws {
        guard !batchId.isEmpty, batchId.utf8.count <= 200, !batchId.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw QueueError(.invalidArgument, "The batch id '\(batchId.prefix(60))' is empty, longer than 200 bytes or contains spaces; use the id submit printed.")
        }
    }

    static func validate(queueName: String) throws {
        guard !queueName.isEmpty, queueName.utf8.count <= 200,
              !queueName.contains(where: { $0 == "{" || $0 == "}" || $0.isWhitespace }) else {
            throw QueueError(.invalidArgument, "The queue name '\(queueName.prefix(60))' is empty, too long, or contains braces or spaces; use a short name such as 'agents'.")
        }
    }
}
