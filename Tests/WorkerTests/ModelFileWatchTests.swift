import AgentCore
import Foundation
import Queue
import TestSupport
import Testing
import Worker

/// A model file changed under a running worker: it stops taking tasks and says why.
@Suite struct ModelFileWatchTests {
    func file(_ directory: URL, _ name: String, bytes: Int) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(repeating: 7, count: bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aFileOverwrittenInPlaceOrRenamedOverIsNoticed() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try file(directory, "model.gguf", bytes: 4096)
        let watch = ModelFileWatch(paths: [model])
        #expect(watch.change() == nil)
        // Truncated in place (what `cp new.gguf model.gguf` does first).
        truncate(model, 100)
        #expect(watch.change()?.contains("changed size") == true)
        #expect(watch.change()?.contains("renaming") == true)

        let renamedWatch = ModelFileWatch(paths: [model])
        let fresh = try file(directory, "model.gguf.new", bytes: 100)
        #expect(rename(fresh, model) == 0)
        #expect(renamedWatch.change()?.contains("replaced") == true)

        try FileManager.default.removeItem(atPath: model)
        #expect(renamedWatch.change()?.contains("removed") == true)
    }

    @Test func aWorkerWhoseModelFileIsReplacedStopsTakingTasksAndSaysWhy() throws {
        let directory = try Fleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try file(directory, "model.gguf", bytes: 4096)
        try withRedis { server, _ in
            let agent = AgentConfiguration(planner: ScriptedModel(["Subgoal 1: x."]), grounder: ScriptedModel(["Output = (1)"]))
            let worker = InProcessWorker(url: server.url, directory: directory, agent: agent, queueConfiguration: testQueueConfiguration()) {
                $0.exitWhenIdle = false
                $0.modelFiles = [model]
            }
            worker.start()
            letTimePass(0.5)  // the worker records the file it started with
            let fresh = try file(directory, "model.gguf.new", bytes: 8192)
            #expect(rename(fresh, model) == 0)
            #expect(try worker.wait(seconds: 15) == .modelChanged)
            #expect(worker.service.modelChange?.contains("model.gguf") == true)
        }
    }
}
