import Foundation

/// Runs one attempt at a task and returns its trajectory. Synchronous and blocking: the worker
/// calls it on a thread it owns. It never throws — every failure becomes a termination reason.
public struct AgentRunner: Sendable {
    public let configuration: AgentConfiguration

    public init(configuration: AgentConfiguration) {
        self.configuration = configuration
    }

    public func run(_ task: AgentTask, attempt: Int, cancel: CancellationFlag) -> Trajectory {
        let startedAt = Date()
        let started = DispatchTime.now().uptimeNanoseconds
        let recorder = AttemptRecorder(cancel: cancel)
        let loop = AgentLoop(task: task, configuration: configuration, recorder: recorder)
        var termination: TerminationReason
        var detail: String?
        do {
            (termination, detail) = try loop.run()
        } catch {
            termination = error.reason
            detail = error.detail
        }
        let gold = GoldAnswer.extract(task.answer, dataset: loop.dataset)
        let (scores, correct) = Scorer.score(prediction: loop.finalAnswer, gold: gold, dataset: loop.dataset, domain: task.domain)
        return Trajectory(
            task: task, attempt: attempt,
            planModel: configuration.planner.identity, groundModel: configuration.grounder.identity,
            steps: recorder.steps, modelCalls: recorder.modelCalls, actions: recorder.actions,
            finalAnswer: loop.finalAnswer, goldAnswer: gold, scores: scores, correct: correct,
            termination: termination, terminationDetail: detail, startedAt: startedAt,
            milliseconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
    }
}
