import AgentCore
import Foundation
import Testing
@testable import ResultStore

/// Decontamination, the train/validation split, incremental mining, the manifest and the dataset card.
@Suite struct MiningDatasetTests {
    static let janet = "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?"
    /// Same template, but no 13 tokens in a row are shared with `janet` (the longest shared run is 12).
    static let nearMiss = "Janet’s hens lay 18 eggs per day. She eats two for breakfast every morning and bakes cakes for her family every day with five. She sells the rest at the local market daily for $3 per fresh hen egg. How much in dollars does she make every day at the local market?"

    func store(_ scratch: Scratch, _ trajectories: [Trajectory], name: String = "m.db") throws -> TrajectoryStore {
        let store = try TrajectoryStore.open(path: scratch.path(name))
        for trajectory in trajectories { try store.write(trajectory, workerID: "w") }
        return store
    }

    @Test func decontaminationRemovesACopiedItemAndKeepsANearMiss() throws {
        let scratch = try Scratch()
        // A GSM8K test file, read as `submit` reads it.
        let evaluation = scratch.path("gsm8k_test.jsonl")
        let line = try JSONSerialization.data(withJSONObject: ["question": Self.janet, "answer": "16 - 3 - 4 = 9\n#### 18"])
        try (String(decoding: line, as: UTF8.self) + "\n").write(toFile: evaluation, atomically: true, encoding: .utf8)
        var decontaminator = Decontaminator()
        try decontaminator.add(file: evaluation)
        #expect(decontaminator.files.map(\.questions) == [1] && decontaminator.files[0].dataset == "gsm8k")
        // Case and punctuation do not hide a copy; a 13-token window inside a longer question is enough.
        #expect(decontaminator.isContaminated(Self.janet.uppercased().replacingOccurrences(of: ".", with: " ;")))
        #expect(decontaminator.isContaminated("Here is a story. " + Self.janet.dropLast(40)))
        #expect(!decontaminator.isContaminated(Self.nearMiss))
        // Questions shorter than 13 tokens match only when equal.
        decontaminator.add(question: "What is 2 + 2?")
        #expect(decontaminator.isContaminated("what is 2+2"))
        #expect(!decontaminator.isContaminated("What is 2 + 3?"))

        let copied = RunTrajectories.leah(id: "copied", question: Self.janet)
        let kept = RunTrajectories.leah(id: "near", question: Self.nearMiss)
        let summary = try AnnotationMiner.mine(store: try store(scratch, [copied, kept]), into: scratch.path("out"),
                                               options: .init(decontaminator: decontaminator))
        let stage = try #require(summary.stages.first { $0.name == "decontamination" })
        #expect(stage.removed == 1 && stage.example == "copied")
        #expect(summary.kept == 1 && summary.excludedFiles.first?.path == evaluation)
    }

    @Test func theSplitIsByItemStableAndNeverSplitsAnItemsSamples() throws {
        let scratch = try Scratch()
        var trajectories: [Trajectory] = []
        for item in 0..<30 {
            for sample in 1...2 {
                trajectories.append(RunTrajectories.leah(
                    id: "q\(item)~s\(sample)", question: RunTrajectories.leah + " (\(item))",
                    rollout: RunTrajectories.sample("q\(item)", sample, of: 2)))
            }
        }
        let db = try store(scratch, trajectories)
        let options = AnnotationMiner.Options(maxPerItem: 2, validationFraction: 0.3)
        let summary = try AnnotationMiner.mine(store: db, into: scratch.path("a"), options: options)
        #expect(summary.validationItems > 0 && summary.trainItems > 0 && summary.validationItems + summary.trainItems == 30)
        // Both samples of an item say the same, so the per-item limit keeps one: the split is per item.
        let train = try String(contentsOfFile: scratch.path("a") + "/lumos_maths_plan_onetime.jsonl", encoding: .utf8)
        let validation = try String(contentsOfFile: scratch.path("a") + "/validation/lumos_maths_plan_onetime.jsonl", encoding: .utf8)
        for item in 0..<30 {
            let marker = "(\(item))"
            #expect(train.contains(marker) != validation.contains(marker), "item \(item) is on both sides or neither")
        }
        _ = try AnnotationMiner.mine(store: db, into: scratch.path("b"), options: options)
        for file in ["lumos_maths_plan_onetime.jsonl", "validation/lumos_maths_ground_onetime.jsonl"] {
            #expect(try String(contentsOfFile: scratch.path("a") + "/" + file, encoding: .utf8)
                    == String(contentsOfFile: scratch.path("b") + "/" + file, encoding: .utf8))
        }
    }

    @Test func miningAGrownDatabaseKeepsEarlierExamplesAndAppendsNewOnes() throws {
        let scratch = try Scratch()
        let first = (0..<4).map { RunTrajectories.leah(id: "item-\($0 * 2)", question: RunTrajectories.leah + " #\($0 * 2)") }
        let db = try store(scratch, first)
        let out = scratch.path("out")
        _ = try AnnotationMiner.mine(store: db, into: out)
        let before = try String(contentsOfFile: out + "/lumos_maths_plan_onetime.jsonl", encoding: .utf8)
        // New items whose ids sort between the old ones.
        for n in [1, 3, 5] { try db.write(RunTrajectories.leah(id: "item-\(n)", question: RunTrajectories.leah + " #\(n)"), workerID: "w") }
        let summary = try AnnotationMiner.mine(store: db, into: out)
        let after = try String(contentsOfFile: out + "/lumos_maths_plan_onetime.jsonl", encoding: .utf8)
        #expect(after.hasPrefix(before))
        let lines = after.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[4].contains("\"id\": \"maths_4\"") && lines[6].contains("\"id\": \"maths_6\""))
        #expect(summary.files.first { $0.file == "lumos_maths_plan_onetime.jsonl" }?.carriedOver == 4)
        // Mining again without changes changes nothing.
        _ = try AnnotationMiner.mine(store: db, into: out)
        #expect(try String(contentsOfFile: out + "/lumos_maths_plan_onetime.jsonl", encoding: .utf8) == after)
    }

    @Test func manifestRecordsModelsSamplingStagesAndFiles() throws {
        let scratch = try Scratch()
        var sampled = RunTrajectories.leah(id: "leah~s1", rollout: RunTrajectories.sample("leah", 1, of: 4))
        sampled.batchId = "batch-1"
        let summary = try AnnotationMiner.mine(store: try store(scratch, [sampled]), into: scratch.path("out"),
                                               options: .init(sources: ["m.db"]))
        #expect(summary.kept == 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: scratch.path("out") + "/manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(manifest["project_version"] as? String == ProjectVersion.current)
        #expect(manifest["stores"] as? [String] == ["m.db"])
        #expect(manifest["batches"] as? [String] == ["batch-1"])
        #expect((manifest["models"] as? [[String: Any]])?.count == 2)
        let sampling = try #require((manifest["sampling"] as? [[String: Any]])?.first)
        #expect(sampling["samples_per_item"] as? Int == 4)
        #expect((sampling["settings"] as? [String: Any])?["temperature"] as? Double == 0.7)
        let card = try String(contentsOfFile: scratch.path("out") + "/README.md", encoding: .utf8)
        #expect(card.hasPrefix("---\nconfigs:\n- config_name: maths_ground_onetime\n"))
        #expect(card.contains("license: other") && card.contains("task_categories:") && card.contains("size_categories:\n- n<1K"))
    }

    @Test func olderDatabasesStillReadForReportsAndMining() throws {
        let scratch = try Scratch()
        let path = scratch.path("v2.db")
        let written = try store(scratch, [RunTrajectories.leah()], name: "v2.db")
        written.close()
        // Back to schema 2, as the previous build wrote it.
        let db = try Database(path: path)
        try db.execute("""
            DROP TABLE reviews; DROP INDEX attempts_by_correct; DROP INDEX attempts_by_termination;
            DROP INDEX attempts_by_worker; DROP INDEX attempts_by_plan_model;
            DROP TABLE judge_verdicts; DROP INDEX tasks_by_item;
            ALTER TABLE tasks DROP COLUMN item_id; ALTER TABLE tasks DROP COLUMN sample;
            ALTER TABLE tasks DROP COLUMN seed; ALTER TABLE tasks DROP COLUMN sampling
            """)
        try db.setUserVersion(2)
        db.close()
        let reader = try TrajectoryStore.open(path: path, readOnly: true)
        #expect(try Report.build(from: reader).groups.first?.correct == 1)
        #expect(try AnnotationMiner.mine(store: reader, into: scratch.path("out")).kept == 1)
        reader.close()
        let migrated = try TrajectoryStore.open(path: path)
        #expect(try migrated.withDatabase { try $0.userVersion } == TrajectoryStore.schemaVersion)
    }

    @Test func reportGivesPassAt1PassAtKAndTheCorrectPerItemDistribution() throws {
        let scratch = try Scratch()
        var trajectories: [Trajectory] = []
        // a: samples 1-2 of 4 ran, the second correct (the rest were cancelled); b: 4 ran, none correct; c: sample 1 correct.
        for (item, results, of) in [("a", [false, true], 4), ("b", [false, false, false, false], 4), ("c", [true], 4)] {
            for (index, correct) in results.enumerated() {
                trajectories.append(RunTrajectories.run(
                    id: "\(item)~s\(index + 1)", question: "What is 6 times 2?", answer: correct ? "12" : "13",
                    subgoals: ["Subgoal 1: Multiply."], actions: ["R1 = Calculator(6 * 2)"],
                    rollout: RunTrajectories.sample(item, index + 1, of: of)))
            }
        }
        let report = try Report.build(from: try store(scratch, trajectories))
        let rollouts = try #require(report.groups.first?.rollouts)
        #expect(rollouts.items == 3 && rollouts.samplesPerItem == 4)
        #expect(rollouts.samplesRun == 7 && rollouts.samplesNotRun == 5)
        #expect(abs(rollouts.passAt1 - 1.0 / 3) < 1e-9)
        #expect(abs(rollouts.passAtK - 2.0 / 3) < 1e-9)
        #expect(rollouts.correctPerItem == [0: 1, 1: 2])
        #expect(report.renderText().contains("pass@4"))
    }
}
