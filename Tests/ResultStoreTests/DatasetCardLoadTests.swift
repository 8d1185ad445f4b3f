import AgentCore
import Foundation
import TestSupport
import Testing
@testable import ResultStore

/// The mined folder loads with the PyPI `datasets` package as a trainer would: each file through
/// the "json" builder, and each config by name through the dataset card's YAML header.
@Suite struct DatasetCardLoadTests {
    /// The first python3 (PATH order, then the system one) that can import `datasets`;
    /// `ops/setup` installs it with pip.
    static func pythonWithDatasets() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/python3" } + ["/usr/local/bin/python3", "/usr/bin/python3"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, ["-c", "from datasets import load_dataset"]).status) == 0 { return candidate }
        }
        return nil
    }

    /// Runs from / so that python's path does not start with the repository, whose datasets/ folder
    /// would shadow the library.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let output = try ChildProcess.run(executable, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                                          currentDirectory: URL(fileURLWithPath: "/"))
        return (output.status, output.stdout, output.stderr)
    }

    @Test func minedFilesAndTheCardLoadWithHuggingFaceDatasets() throws {
        let python = try #require(Self.pythonWithDatasets(), "no python3 with the 'datasets' package: run ops/setup (pip install datasets)")
        let scratch = try Scratch()
        let store = try TrajectoryStore.open(path: scratch.path("m.db"))
        for item in 0..<12 {
            for formulation in [Formulation.onetime, .iterative] {
                try store.write(RunTrajectories.leah(id: "q\(item)-\(formulation.rawValue)", formulation: formulation,
                                                     question: RunTrajectories.leah + " (\(item))"), workerID: "w")
            }
        }
        let out = scratch.path("dataset")
        let summary = try AnnotationMiner.mine(store: store, into: out, options: .init(validationFraction: 0.4))
        #expect(summary.validationItems > 0)
        let script = """
            import json, sys
            from datasets import load_dataset
            out = sys.argv[1]
            manifest = json.load(open(out + "/manifest.json"))
            result = {}
            for f in manifest["summary"]["files"]:
                ds = load_dataset("json", data_files=out + "/" + f["file"], split="train")
                assert ds.column_names == ["dataset", "id", "messages"], ds.column_names
                assert len(ds) == f["examples"], (f, len(ds))
                assert ds[0]["messages"][0]["role"] == "user"
                result[f["file"]] = len(ds)
            card = load_dataset(out, "maths_plan_iterative")
            result["card_splits"] = sorted(card.keys())
            result["card_rows"] = sum(len(card[s]) for s in card)
            print(json.dumps(result))
            """
        let cache = scratch.path("hf-cache")
        let (status, output, errors) = try Self.run(python, ["-c", script, out], environment: [
            "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": cache, "HF_DATASETS_CACHE": cache,
        ])
        #expect(status == 0, "datasets could not load the mined folder:\n\(output)\n\(errors)")
        let last = output.split(separator: "\n").last.map(String.init) ?? ""
        let loaded = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        #expect(loaded?["card_splits"] as? [String] == ["train", "validation"])
        #expect(loaded?["card_rows"] as? Int == 12)
    }
}
