import AgentCore
import Foundation

/// The optional judge of `mine --judge-model`: any configured model (GGUF or HTTP) is asked, for
/// each subgoal, whether its actions carry it out. A trajectory passes when every answer starts
/// with "yes". Verdicts are stored in the results database (`judge_verdicts`), keyed by the judge
/// and the prompt's hash, so mining again reuses them. The prompt is documented in docs/mining.md.
public struct MiningJudge: Sendable {
    static let stageName = "judge"
    public let model: any LanguageModel

    public init(model: any LanguageModel) { self.model = model }

    /// The prompt for one subgoal (onetime: the whole plan and action line).
    public static func prompt(task: String, subgoal: String, actions: String, result: String?) -> String {
        """
        You check one step of an agent that solves a task with tools.
        Task: \(task)
        Subgoal: \(subgoal)
        Actions: \(actions)
        Result: \(result ?? "none")
        Do the actions carry out exactly this subgoal, using the right numbers and operations? Answer Yes or No.
        Answer:
        """
    }

    /// Changes whenever the prompt's wording does, so a reworded prompt is asked again.
    static let promptHash = String(StableHash.uint64(prompt(task: "{task}", subgoal: "{subgoal}", actions: "{actions}", result: "{result}")), radix: 16)

    struct Verdict {
        var passed: Bool
        var reply: String
        var reused: Bool
    }

    func verdict(for trajectory: Trajectory, store: TrajectoryStore) throws -> Verdict {
        let judgeName = model.identity.description + (model.identity.fingerprint.map { "@" + $0 } ?? "")
        if let stored = try store.judgeVerdict(taskID: trajectory.task.id, attempt: trajectory.attempt, judge: judgeName, promptHash: Self.promptHash) {
            return Verdict(passed: stored.passed, reply: stored.reply, reused: true)
        }
        let session = try model.makeSession()
        var replies: [String] = []
        var passed = true
        for step in trajectory.steps where !step.subgoals.isEmpty {
            let prompt = Self.prompt(task: trajectory.task.question, subgoal: step.subgoals.joined(separator: "; "),
                                     actions: step.actionLine ?? "", result: step.executedResult)
            let profile = ModelProfile(identityProfile: model.identity.profile)
            let completion = try session.complete(
                GenerationRequest(prompt: prompt, maxNewTokens: 4, stop: ["\n"], addBOS: profile.addBOS), cancel: CancellationFlag())
            let reply = completion.text.trimmingCharacters(in: .whitespacesAndNewlines)
            replies.append(reply)
            if !reply.lowercased().hasPrefix("yes") { passed = false; break }
        }
        let reply = replies.joined(separator: " | ")
        try store.saveJudgeVerdict(taskID: trajectory.task.id, attempt: trajectory.attempt, judge: judgeName,
                                   promptHash: Self.promptHash, passed: passed, reply: reply)
        return Verdict(passed: passed, reply: reply, reused: false)
    }
}
