import AgentCore
import ArgumentParser
import LumosCLI
import Queue
import Testing

@Suite struct ArgumentTests {
    @Test func enumFlagsParseCaseInsensitively() {
        #expect(Formulation(argument: "OneTime") == .onetime)
        #expect(Priority(argument: "HIGH") == .high)
        #expect(ModelProfile(argument: "FewShot-Gemma") == .fewshotGemma)
        #expect(Dataset(argument: "GSM8K") == .gsm8k)
        #expect(Domain(argument: "QA") == .complexQA)
        #expect(Formulation(argument: "sometimes") == nil)
    }

    @Test func datasetAcceptsJsonlForGenericFiles() {
        #expect(Dataset(argument: "jsonl") == .custom)
        #expect(Dataset.allValueStrings.contains("jsonl"))
    }

    struct RunTaskLike: ParsableArguments {
        @Option var dataset: Dataset?
        @Option var formulation: Formulation = .iterative
        @OptionGroup var models: AgentModelOptions
    }

    @Test func anUnknownEnumValueIsRefusedWithTheFlagNameAndTheChoices() {
        do {
            _ = try RunTaskLike.parse(["--formulation", "sometimes"])
            Issue.record("an unknown formulation was accepted")
        } catch {
            let message = RunTaskLike.fullMessage(for: error)
            #expect(message.contains("--formulation") && message.contains("onetime"), "\(message)")
        }
    }

    @Test func sharedOptionGroupsParseTogether() throws {
        let parsed = try RunTaskLike.parse(["--dataset", "jsonl", "--wiki-url", "http://w/api.php", "--threads", "2", "--profile", "fewshot"])
        #expect(parsed.dataset == .custom)
        #expect(parsed.models.knowledge.knowledgeURL == "http://w/api.php")
        #expect(parsed.models.threads == 2 && parsed.models.profile == .fewshot)
        #expect(throws: (any Error).self) { try RunTaskLike.parse(["--threads", "0"]) }
    }

    @Test func flagChecksNameTheFlagAndRefuseNonFiniteNumbers() {
        #expect(throws: Never.self) { try FlagCheck.atLeast(nil as Int?, 1, flag: "--limit") }
        let low = #expect(throws: ValidationError.self) { try FlagCheck.atLeast(0, 1, flag: "--limit") }
        #expect(low?.message == "--limit must be at least 1.")
        let nan = #expect(throws: ValidationError.self) { try FlagCheck.above(Double.nan, 0, flag: "--task-timeout") }
        #expect(nan?.message == "--task-timeout must be a finite number.")
        let range = #expect(throws: ValidationError.self) { try FlagCheck.within(1.5, 0...1, flag: "--min-score") }
        #expect(range?.message == "--min-score must be between 0.0 and 1.0.")
    }
}
