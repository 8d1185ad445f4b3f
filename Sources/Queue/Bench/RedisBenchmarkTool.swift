import Foundation

/// Runs `redis-benchmark` against the same server for the primitive commands the queue's
/// scripts use, pipelined, and returns requests per second by command.
public enum RedisBenchmarkTool {
    public static let commands = ["lpush", "rpop", "hset", "zadd"]

    public static func run(url: RedisURL, requests: Int = 200_000, pipeline: Int = 16) throws -> [String: Double] {
        var arguments = ["-n", String(requests), "-P", String(pipeline), "-t", commands.joined(separator: ","), "--csv", "-r", "100000"]
        switch url.endpoint {
        case let .unix(path): arguments += ["-s", path]
        case let .tcp(host, port): arguments += ["-h", host, "-p", String(port)]
        case .sentinel:
            throw QueueError(.invalidArgument, "redis-benchmark talks to one server, not to sentinels; measure against the master's own redis:// address.")
        }
        if let user = url.user { arguments += ["--user", user] }
        if let password = url.password { arguments += ["-a", password] }
        if url.database != 0 { arguments += ["--dbnum", String(url.database)] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["redis-benchmark"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw QueueError(.serverStart, "Could not run redis-benchmark (\(error)); install redis-tools, or measure without the redis-benchmark comparison.")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var rates: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            guard fields.count >= 2, let rate = Double(fields[1]) else { continue }
            let name = fields[0].lowercased().split(separator: " ").first.map(String.init) ?? fields[0].lowercased()
            rates[name] = rate
        }
        guard !rates.isEmpty else {
            throw QueueError(.serverError, "redis-benchmark printed no results (exit status \(process.terminationStatus)).")
        }
        return rates
    }
}
