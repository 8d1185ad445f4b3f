import ArgumentParser
import Foundation
import LumosCLI
import Queue

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure bulk submit and no-op processing rates against redis-benchmark.",
        discussion: """
            Without --redis (or \(Setting.redisURL.name)) it starts a private redis-server in a temporary \
            directory. Against a given server it uses its own key prefix and deletes its keys \
            afterwards, but redis-benchmark leaves its own test keys there (pass \
            --no-redis-benchmark on a shared server). Run it from a release build: \
            swift build -c release.
            """
    )

    @Option(help: "Tasks to submit and drain.") var tasks = 100_000
    @Option(help: "Concurrent consumers (threads, one connection each).") var consumers = 4
    @Option(help: "Tasks per reserve (and per complete) call.") var reserveBatch = 16
    @Option(help: "Payload size per task in bytes.") var payloadBytes = 200
    @Option(help: "Redis URL (default: \(Setting.redisURL.name), else a private redis-server).") var redis: String?
    @Option(help: "Replicas to start beside the private redis-server (needs no --redis).") var replicas = 0
    @Option(help: "WAIT for this many replicas after every queue write, as --min-replicas-acks does for the real commands.")
    var minReplicasAcks = 0
    @Option(help: "Milliseconds each WAIT may take.") var ackTimeout = 1000
    @Flag(help: "Skip running redis-benchmark.") var noRedisBenchmark = false
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        try FlagCheck.atLeast(tasks, 1, flag: "--tasks")
        try FlagCheck.atLeast(consumers, 1, flag: "--consumers")
        try FlagCheck.atLeast(reserveBatch, 1, flag: "--reserve-batch")
        try FlagCheck.atLeast(payloadBytes, 0, flag: "--payload-bytes")
        try FlagCheck.within(replicas, 0...8, flag: "--replicas")
        try FlagCheck.within(minReplicasAcks, 0...64, flag: "--min-replicas-acks")
        try FlagCheck.within(ackTimeout, 1...600_000, flag: "--ack-timeout")
    }

    func run() throws {
        var server: LocalRedisServer?
        var replicaServers: [LocalRedisServer] = []
        let url: RedisURL
        if let configured = try QueueOptions.configuredURL(flag: redis) {
            guard replicas == 0 else { throw CommandFailure("--replicas starts replicas of the private redis-server; against --redis, give the server replicas of its own.") }
            url = configured
        } else {
            let path = Environment.current.searchPath
            // No diskless-sync delay: the replicas are in sync in milliseconds instead of 5 s.
            let sync = replicas > 0 ? ["--repl-diskless-sync-delay", "0"] : []
            server = try LocalRedisServer(options: .init(tcpPort: replicas > 0 ? 0 : nil, extraArguments: sync), searchPath: path)
            url = server!.url
            replicaServers = try server!.startReplicas(replicas, searchPath: path)
        }
        defer { replicaServers.forEach { $0.stop() }; server?.stop() }
        // A prefix of its own, so a shared server's real queues are never touched.
        let prefix = server == nil ? "lumos-bench-\(TaskQueue.randomID(bytes: 4)):" : "lumos:"
        let configuration = QueueConfiguration(keyPrefix: prefix, minReplicaAcks: minReplicasAcks, ackTimeoutMilliseconds: ackTimeout)
        defer { if server == nil { Self.deleteKeys(prefix: prefix, url: url) } }

        if !json {
            let load = Self.loadAverage().map { String(format: ", load average %.1f", $0) } ?? ""
            let acks = minReplicasAcks > 0 ? ", WAIT \(minReplicasAcks) after every write" : ""
            print("bench: \(tasks) tasks, \(consumers) consumers, reserve batch \(reserveBatch), Redis \(url), \(replicas) replica(s)\(acks)\(load)")
        }
        let result = try QueueBenchmark.run(url: url, configuration: configuration, options: .init(
            tasks: tasks, consumers: consumers, reserveBatch: reserveBatch, payloadBytes: payloadBytes))
        let rates: [String: Double]
        do {
            rates = noRedisBenchmark ? [:] : try RedisBenchmarkTool.run(url: url)
        } catch {
            throw CommandFailure("\(error) Pass --no-redis-benchmark to measure without it.")
        }

        if json {
            var object: [String: Any] = [
                "tasks": tasks, "consumers": consumers, "reserve_batch": reserveBatch, "payload_bytes": payloadBytes,
                "replicas": replicas, "min_replicas_acks": minReplicasAcks,
                "submit_per_s": result.submitPerSecond.rounded(), "process_per_s": result.processPerSecond.rounded(),
                "submit_seconds": result.submitSeconds, "process_seconds": result.processSeconds,
                "submit_round_trips": result.submitRoundTrips,
            ]
            if let load = Self.loadAverage() { object["load_average_1m"] = load }
            if let cpu = result.submitServerCPU { object["submit_server_cpu_us_per_task"] = cpu * 1e6 / Double(tasks) }
            if let cpu = result.processServerCPU { object["process_server_cpu_us_per_task"] = cpu * 1e6 / Double(result.processed) }
            object["submit_client_cpu_us_per_task"] = result.submitClientCPU * 1e6 / Double(tasks)
            if !rates.isEmpty {
                object["redis_benchmark_pipelined_per_s"] = rates.mapValues { $0.rounded() }
                if let hset = rates["hset"] {
                    object["submit_fraction_of_hset"] = result.submitPerSecond / hset
                    object["process_fraction_of_hset"] = result.processPerSecond / hset
                }
            }
            print(try CommandJSON.render(object: object))
            return
        }
        print(String(format: "submit : %10.0f tasks/s  (%d tasks in %.2f s, %d round trips)", result.submitPerSecond, tasks, result.submitSeconds, result.submitRoundTrips))
        print(String(format: "process: %10.0f tasks/s  (reserve + complete, no work, %.2f s)", result.processPerSecond, result.processSeconds))
        if let submitCPU = result.submitServerCPU, let processCPU = result.processServerCPU {
            print(String(format: "redis-server CPU per task: submit %.1f µs, process %.1f µs; submitting thread %.1f µs", submitCPU * 1e6 / Double(tasks), processCPU * 1e6 / Double(max(1, result.processed)), result.submitClientCPU * 1e6 / Double(tasks)))
        }
        guard !rates.isEmpty else { return }
        print("redis-benchmark, pipelined (-P 16), same server:")
        for name in RedisBenchmarkTool.commands { if let rate = rates[name] { print(String(format: "  %-6@ %10.0f req/s", name as NSString, rate)) } }
        if let hset = rates["hset"] {
            // Each task is at least one HSET on submit and a handful of hash/list/stream writes to
            // process, so a single HSET is the natural yardstick.
            print(String(format: "submit  = %.3f × pipelined HSET; process = %.3f × pipelined HSET", result.submitPerSecond / hset, result.processPerSecond / hset))
        }
    }

    /// The 1-minute load average: rates on a shared machine mean little without it.
    private static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }

    /// Removes the benchmark's keys from a shared server.
    private static func deleteKeys(prefix: String, url: RedisURL) {
        guard let connection = try? RedisConnection(url: url) else { return }
        var cursor = "0"
        repeat {
            guard let reply = try? connection.checkedSend(RedisCommand("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000")),
                  let parts = reply.array, parts.count == 2, let next = parts[0].string else { return }
            cursor = next
            let keys = (parts[1].array ?? []).compactMap(\.string)
            if !keys.isEmpty { _ = try? connection.send(RedisCommand(["UNLINK"] + keys)) }
        } while cursor != "0"
    }
}
