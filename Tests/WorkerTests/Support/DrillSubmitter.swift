import Foundation
import Queue
import TestSupport

/// The failover drill's submitter: runs `lumos-submit submit CHUNK --batch B` for each chunk in
/// turn, on its own thread, and logs the chunk's task ids only once the command succeeded (the
/// acknowledged ids the drill checks against). A failed submit is run again until it succeeds:
/// the ids are stable, so a repeat adds nothing twice.
///
/// `@unchecked Sendable`: the thread and the drill share `acked`, `retries` and `done`, always
/// under `lock`.
final class DrillSubmitter: @unchecked Sendable {
    struct Chunk: Sendable {
        var file: URL
        var ids: [String]
    }

    private let chunks: [Chunk]
    private let batch: String
    private let flags: [String]
    private let redis: RedisURL
    private let log: URL
    private let lock = NSLock()
    private var acked: [String] = []
    private var retryCount = 0
    private var done = false
    private var stopping = false
    private var thread: Thread?

    init(chunks: [Chunk], batch: String, flags: [String], redis: RedisURL, log: URL) {
        self.chunks = chunks
        self.batch = batch
        self.flags = flags
        self.redis = redis
        self.log = log
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    }

    /// Splits the first `tasks` GSM8K problems into a quarter submitted up front and chunks of
    /// about 2.5 % for the thread, as generic JSONL with explicit ids (`fo-0001-onetime` …).
    static func chunks(tasks: Int, in directory: URL) throws -> [Chunk] {
        let source = try String(contentsOf: Fleet.gsm8kFile(count: tasks, in: directory), encoding: .utf8)
        let lines = try source.split(separator: "\n").enumerated().map { index, line -> (id: String, line: String) in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            let question = object["question"] as? String ?? ""
            let answer = (object["answer"] as? String ?? "").components(separatedBy: "####").last?
                .trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "") ?? ""
            let id = String(format: "fo-%04d", index + 1)
            let row: [String: Any] = ["id": id, "question": question, "answer": answer, "domain": "maths"]
            let text = String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self)
            return ("\(id)-onetime", text)
        }
        let head = max(1, tasks / 4), size = max(1, tasks / 40)
        var bounds = [0..<min(head, lines.count)]
        var start = bounds[0].upperBound
        while start < lines.count {
            bounds.append(start..<min(start + size, lines.count))
            start += size
        }
        return try bounds.enumerated().map { index, range in
            let file = directory.appendingPathComponent("chunk-\(index).jsonl")
            try (lines[range].map(\.line).joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            return Chunk(file: file, ids: lines[range].map(\.id))
        }
    }

    func start() {
        let thread = Thread { [self] in run() }
        lock.withLock { self.thread = thread }
        thread.start()
    }

    func stopAndWait() {
        lock.withLock { stopping = true }
        _ = eventually(timeout: 30, every: 0.1) { isDone }
    }

    var acknowledged: [String] { lock.withLock { acked } }
    var acknowledgedCount: Int { lock.withLock { acked.count } }
    var retries: Int { lock.withLock { retryCount } }
    var isDone: Bool { lock.withLock { done } }

    func acknowledge(_ ids: [String]) {
        lock.withLock { acked += ids }
        if let handle = try? FileHandle(forWritingTo: log) {
            handle.seekToEndOfFile()
            handle.write(Data(ids.map { $0 + "\n" }.joined().utf8))
            try? handle.close()
        }
    }

    private func run() {
        defer { lock.withLock { done = true } }
        for chunk in chunks {
            while true {
                if lock.withLock({ stopping }) { return }
                let arguments = ["submit", chunk.file.path, "--formulation", "onetime", "--batch", batch] + flags
                // A submit that outlives a failover by far is stuck, not slow: kill it and run it again.
                if let output = try? Fleet.run(Fleet.submit, arguments, redis: redis, timeout: 120), output.status == 0 {
                    acknowledge(chunk.ids)
                    break
                }
                lock.withLock { retryCount += 1 }
                Thread.sleep(forTimeInterval: 0.5)
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }
}
