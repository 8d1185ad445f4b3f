import CHiredis

extension RedisConnection {
    // MARK: Scripts

    /// Runs a Lua script by SHA (EVALSHA), loading it first if this connection has not, and again
    /// if the server forgot it (NOSCRIPT after a restart or SCRIPT FLUSH).
    public func evaluate(_ script: LuaScript, keys: [String], arguments: RedisCommand) throws -> RedisValue {
        try evaluatePipelined(script, keys: keys, argumentLists: [arguments])[0]
    }

    /// Runs the same script once per argument list, all in one pipeline. Replies may be `.error`.
    public func evaluatePipelined(_ script: LuaScript, keys: [String], argumentLists: [RedisCommand]) throws -> [RedisValue] {
        try evaluate(argumentLists.map { ScriptCall(script: script, keys: keys, arguments: $0) })
    }

    /// Runs several script calls (possibly of different scripts) in one pipeline, in order.
    /// Replies may be `.error`.
    public func evaluate(_ calls: [ScriptCall]) throws -> [RedisValue] {
        var commands: [RedisCommand] = []
        for call in calls { commands.append(evalCommand(sha: try loadIfNeeded(call.script), keys: call.keys, arguments: call.arguments)) }
        if let acks = replicaAcks { commands.append(RedisCommand("WAIT", String(acks.replicas), String(acks.timeoutMilliseconds))) }
        var replies = try pipeline(commands, block: replicaAcks.map { Double($0.timeoutMilliseconds) / 1000 } ?? 0)
        var acknowledged = replicaAcks == nil ? nil : replies.removeLast().int
        var resent = false
        for index in replies.indices where Self.isNoScript(replies[index]) {
            let call = calls[index]
            loadedScripts[call.script.name] = nil
            replies[index] = try send(evalCommand(sha: try loadIfNeeded(call.script), keys: call.keys, arguments: call.arguments))
            resent = true
        }
        // Calls re-sent after NOSCRIPT wrote after the pipeline's WAIT: one more covers them all.
        if resent, replicaAcks != nil { acknowledged = try waitForReplicas() }
        try checkAcknowledged(acknowledged, during: calls.first?.script.name ?? "a script")
        return replies
    }

    /// `WAIT` for the configured replicas on its own (after writes sent outside `evaluate`).
    func waitForReplicas() throws -> Int? {
        guard let acks = replicaAcks else { return nil }
        return try send(RedisCommand("WAIT", String(acks.replicas), String(acks.timeoutMilliseconds)),
                        block: Double(acks.timeoutMilliseconds) / 1000).int
    }

    /// A write fewer replicas hold than asked for is not acknowledged: it is reported like a lost reply
    /// (the operation may or may not survive a failover), so callers retry it; the scripts accept a
    /// repeated call.
    func checkAcknowledged(_ acknowledged: Int?, during name: String) throws {
        guard let acks = replicaAcks, let acknowledged, acknowledged < acks.replicas else { return }
        throw QueueError(.connectionLost,
            "Only \(acknowledged) of the \(acks.replicas) replica(s) asked for acknowledged \(name) within \(acks.timeoutMilliseconds) ms; it is treated as not done and will be retried. Check the replicas' links (INFO replication) or lower the number of acknowledgements.")
    }

    /// Runs `script` once per argument list that `next` produces, in groups, keeping one group
    /// in flight while the next is built: the client encodes group k+1 while the server executes
    /// group k. `handle` gets each reply with its argument list's index (0, 1, 2… overall), in
    /// order, except that lists the server answered NOSCRIPT (it lost its script cache mid-way)
    /// are re-sent and handled after the rest. Replies may be `.error`.
    public func evaluateStreaming(
        _ script: LuaScript, keys: [String],
        next: () throws -> [RedisCommand]?,
        handle: (Int, RedisValue) throws -> Void
    ) throws {
        var sha = try loadIfNeeded(script)
        var inFlight: [[RedisCommand]] = []
        var handled = 0
        var missed: [(Int, RedisCommand)] = []
        var pending = try next()
        while pending != nil || !inFlight.isEmpty {
            if let group = pending {
                let context = try ensureConnected()
                roundTrips += 1
                for arguments in group { try append(evalCommand(sha: sha, keys: keys, arguments: arguments), to: context) }
                try flushOutput(context, for: "EVALSHA")
                inFlight.append(group)
                pending = try next()
            }
            if inFlight.count >= 2 || (pending == nil && !inFlight.isEmpty) {
                let group = inFlight.removeFirst()
                let context = try ensureConnected()
                for arguments in group {
                    let reply = try readReply(from: context, for: "EVALSHA")
                    if Self.isNoScript(reply) { missed.append((handled, arguments)) } else { try handle(handled, reply) }
                    handled += 1
                }
            }
        }
        if !missed.isEmpty {
            loadedScripts[script.name] = nil
            sha = try loadIfNeeded(script)
            for (index, arguments) in missed {
                try handle(index, try send(evalCommand(sha: sha, keys: keys, arguments: arguments)))
            }
        }
        try checkAcknowledged(try waitForReplicas(), during: script.name)
    }

    private func evalCommand(sha: String, keys: [String], arguments: RedisCommand) -> RedisCommand {
        var command = RedisCommand("EVALSHA", sha, String(keys.count))
        for key in keys { command.append(key) }
        command.appendAll(of: arguments)
        return command
    }

    private func loadIfNeeded(_ script: LuaScript) throws -> String {
        if let sha = loadedScripts[script.name] { return sha }
        let reply = try checkedSend(RedisCommand("SCRIPT", "LOAD", script.source))
        guard let sha = reply.string else { throw QueueError(.protocolError, "SCRIPT LOAD returned no SHA for script '\(script.name)'.") }
        loadedScripts[script.name] = sha
        return sha
    }

    private static func isNoScript(_ value: RedisValue) -> Bool {
        if case let .error(text) = value { return text.hasPrefix("NOSCRIPT") }
        return false
    }
}

/// One EVALSHA of a pipeline.
public struct ScriptCall: Sendable {
    public let script: LuaScript
    public let keys: [String]
    public let arguments: RedisCommand

    public init(script: LuaScript, keys: [String], arguments: RedisCommand) {
        self.script = script
        self.keys = keys
        self.arguments = arguments
    }
}
