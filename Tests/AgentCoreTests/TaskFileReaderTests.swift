import Foundation
import TestSupport
import Testing
@testable import AgentCore

/// Task files written to a fresh temporary directory per test; removed when the test ends.
private final class Scratch {
    let directory: URL
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lumos-taskfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

private var sharedDatasets: String { TestData.datasets.path }

@Suite struct TaskFileReaderSharedFileTests {
    @Test func readsAll1319GSM8KTasksWithTheirRationales() throws {
        let file = try TaskFileReader.read(path: "\(sharedDatasets)/gsm8k_test.jsonl")
        #expect(file.dataset == .gsm8k)
        #expect(file.detected)
        #expect(file.tasks.count == 1319)
        #expect(file.badLines.isEmpty)
        #expect(Set(file.tasks.map(\.id)).count == 1319)
        let first = try #require(file.tasks.first)
        #expect(first.question.hasPrefix("Janet’s ducks lay 16 eggs per day."))
        #expect(first.domain == .maths)
        #expect(first.source == "gsm8k_test.jsonl:1")
        #expect(first.answer?.hasSuffix("#### 18") == true)
        #expect(file.tasks.allSatisfy { $0.answer?.contains("####") == true })
    }

    @Test func readsAll7405HotpotQATasks() throws {
        let file = try TaskFileReader.read(path: "\(sharedDatasets)/hotpotqa_test.json", formulation: .onetime)
        #expect(file.dataset == .hotpotqa)
        #expect(file.tasks.count == 7405)
        #expect(file.badLines.isEmpty)
        #expect(file.tasks[0].question == "Were Scott Derrickson and Ed Wood of the same nationality?")
        #expect(file.tasks[0].answer == "yes")
        #expect(file.tasks.allSatisfy { $0.domain == .complexQA && $0.formulation == .onetime })
    }

    @Test func idsAreStableAcrossReadsAndDifferPerFormulation() throws {
        let path = "\(sharedDatasets)/gsm8k_test.jsonl"
        let a = try TaskFileReader.read(path: path, limit: 5)
        let b = try TaskFileReader.read(path: path, limit: 5)
        let c = try TaskFileReader.read(path: path, formulation: .onetime, limit: 5)
        #expect(a.tasks.map(\.id) == b.tasks.map(\.id))
        #expect(Set(a.tasks.map(\.id)).isDisjoint(with: c.tasks.map(\.id)))
        #expect(a.tasks.allSatisfy { $0.id.hasPrefix("gsm8k-") && $0.id.count == "gsm8k-".count + 12 })
    }

    @Test func limitTakesTheFirstTasks() throws {
        let file = try TaskFileReader.read(path: "\(sharedDatasets)/hotpotqa_test.json", limit: 3)
        #expect(file.tasks.map(\.answer) == ["yes", "Chief of Protocol", "Animorphs"])
    }
}

@Suite struct TaskFileReaderFormatTests {
    @Test func readsSVAMPAsBodyPlusQuestionWithIntegerGold() throws {
        let scratch = try Scratch()
        let path = try scratch.write("svamp.json", """
            [
              {"ID": "chal-1", "Body": "Each pack of dvds costs 76 dollars.", "Question": "How much do you have to pay to buy each pack?", "Equation": "( 76.0 - 25.0 )", "Answer": 51.0, "Type": "Subtraction"},
              {"ID": "chal-2", "Body": "Dan had 5 cards.", "Question": "How many now?", "Equation": "( 5.0 + 3.0 )", "Answer": 8.0, "Type": "Addition"}
            ]
            """)
        let file = try TaskFileReader.read(path: path)
        #expect(file.dataset == .svamp)
        #expect(file.tasks.count == 2)
        #expect(file.tasks[0].question == "Each pack of dvds costs 76 dollars. How much do you have to pay to buy each pack?")
        #expect(file.tasks[0].answer == "51")
        #expect(file.tasks[1].source == "svamp.json:3")
        #expect(file.tasks[1].answer == "8")
    }

    @Test func readsStrategyQABooleanAnswers() throws {
        let scratch = try Scratch()
        let path = try scratch.write("strategy.json", #"[{"question": "Is water wet?", "answer": true}, {"question": "Can pigs fly?", "answer": false}]"#)
        let file = try TaskFileReader.read(path: path)
        #expect(file.dataset == .strategyqa)
        #expect(file.tasks.map(\.answer) == ["true", "false"])
        #expect(file.tasks.allSatisfy { $0.domain == .complexQA })
    }

    @Test func readsGenericJSONLWithExplicitIDsAndDomains() throws {
        let scratch = try Scratch()
        let path = try scratch.write("mine.jsonl", """
            {"id": "q1", "question": "What is 2+2?", "answer": "4", "domain": "maths"}
            {"id": 7, "question": "Who wrote Hamlet?", "answer": "Shakespeare", "domain": "qa"}
            {"question": "No id here", "answer": 3, "domain": "maths"}
            """)
        let file = try TaskFileReader.read(path: path, formulation: .onetime)
        #expect(file.dataset == .custom)
        #expect(file.tasks.map(\.id).prefix(2) == ["q1-onetime", "7-onetime"])
        #expect(file.tasks[1].domain == .complexQA)
        #expect(file.tasks[2].id.hasPrefix("custom-"))
        #expect(file.tasks[2].answer == "3")
    }

    @Test func badJSONLineIsReportedWithItsLineNumber() throws {
        let scratch = try Scratch()
        let path = try scratch.write("gsm.jsonl", """
            {"question": "A?", "answer": "so #### 1"}

            {"question": "B?", "answer": "so #### 2"
            {"question": "C?"}
            {"question": "D?", "answer": "no marker"}
            {"question": "E?", "answer": "so #### 1,000"}
            """)
        let file = try TaskFileReader.read(path: path, dataset: .gsm8k)
        #expect(file.tasks.count == 2)
        #expect(file.badLines.map(\.line) == [3, 4, 5])
        #expect(file.badLines[0].reason == "not valid JSON")
        #expect(file.badLines[1].reason == "missing field 'answer'")
        #expect(file.badLines[2].description == "line 5: field 'answer' has no '#### <number>' gold marker")
        #expect(file.tasks[1].answer == "so #### 1,000")
        let error = #expect(throws: TaskFileError.self) { try file.requireNoBadLines() }
        #expect(error?.code == .badLines)
        #expect(error?.message.contains("line 3: not valid JSON") == true)
    }

    @Test func badArrayItemIsReportedWithLineAndItem() throws {
        let scratch = try Scratch()
        let path = try scratch.write("hotpot.json", """
            [
              {"question": "A?", "answer": "a", "type": "bridge"},
              {"question": 5, "answer": "b", "type": "bridge"},
              "just text"
            ]
            """)
        let file = try TaskFileReader.read(path: path, dataset: .hotpotqa)
        #expect(file.tasks.count == 1)
        #expect(file.badLines.map(\.description) == [
            "line 3 (item 2): field 'question' must be a string, found a number",
            "line 4 (item 3): expected an object, found a string",
        ])
    }

    @Test func emptyFileIsAClearError() throws {
        let scratch = try Scratch()
        let path = try scratch.write("empty.jsonl", "\n  \n")
        let error = #expect(throws: TaskFileError.self) { try TaskFileReader.read(path: path) }
        #expect(error?.code == .empty)
    }

    @Test func missingFileIsAClearError() throws {
        let error = #expect(throws: TaskFileError.self) { try TaskFileReader.read(path: "/nonexistent/tasks.jsonl") }
        #expect(error?.code == .unreadable)
    }

    @Test func wrongDatasetFormatIsRefusedWithAHint() throws {
        let error = #expect(throws: TaskFileError.self) {
            try TaskFileReader.read(path: "\(sharedDatasets)/hotpotqa_test.json", dataset: .gsm8k)
        }
        #expect(error?.code == .wrongFormat)
        #expect(error?.message.contains("looks like hotpotqa") == true)

        let scratch = try Scratch()
        let svampAsHotpot = try scratch.write("s.json", #"[{"ID": "x", "Body": "b", "Question": "q", "Answer": 1.0}]"#)
        let fieldError = #expect(throws: TaskFileError.self) { try TaskFileReader.read(path: svampAsHotpot, dataset: .hotpotqa) }
        #expect(fieldError?.code == .wrongFormat)
        #expect(fieldError?.message.contains("looks like svamp") == true)
    }

    @Test func unrecognisableContentAsksForDataset() throws {
        let scratch = try Scratch()
        let path = try scratch.write("x.jsonl", #"{"prompt": "hi"}"#)
        let error = #expect(throws: TaskFileError.self) { try TaskFileReader.read(path: path) }
        #expect(error?.code == .unknownFormat)
    }

    @Test func truncatedJSONArrayIsNotJSON() throws {
        let scratch = try Scratch()
        let path = try scratch.write("broken.json", "[\n {\"question\": \"A?\", \"answer\": true},\n {\"question\": \"B?\"\n")
        let error = #expect(throws: TaskFileError.self) { try TaskFileReader.read(path: path) }
        #expect(error?.code == .notJSON)
    }
}

@Suite struct TaskIDTests {
    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func stableIDHashesBasenamePositionFormulationAndQuestion() {
        let id = TaskBuilder.stableID(dataset: .gsm8k, basename: "test.jsonl", position: 3, formulation: .iterative, question: "Q?")
        #expect(id == "gsm8k-" + SHA256.hex("test.jsonl\n3\niterative\nQ?").prefix(12))
    }
}
