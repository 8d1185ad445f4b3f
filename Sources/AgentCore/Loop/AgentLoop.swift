import Foundation

/// One attempt's plan → ground → execute loop (lumos-spec §4 iterative, §5 onetime).
final class AgentLoop {
    let task: AgentTask
    /// The dataset whose settings apply (`custom` tasks use their domain's main dataset).
    let dataset: Dataset
    let configuration: AgentConfiguration
    let recorder: AttemptRecorder
    let planner: ModuleCaller
    let grounder: ModuleCaller
    let execution: ExecutionModule
    var finalAnswer: String?

    init(task: AgentTask, configuration: AgentConfiguration, recorder: AttemptRecorder) {
        self.task = task
        self.dataset = LoopSettings.effectiveDataset(for: task)
        self.configuration = configuration
        self.recorder = recorder
        self.planner = ModuleCaller(module: .plan, model: configuration.planner, recorder: recorder, rollout: task.rollout)
        self.grounder = ModuleCaller(module: .ground, model: configuration.grounder, recorder: recorder, rollout: task.rollout)
        let qa = configuration.qaModel.map { ModuleCaller(module: .qa, model: $0, recorder: recorder) }
        self.execution = ExecutionModule(
            task: task, dataset: dataset, deviations: configuration.deviations, knowledge: configuration.knowledge,
            qa: qa, allowCode: configuration.allowCode)
    }

    var deviations: ReferenceDeviations { configuration.deviations }
    var domain: Domain { task.domain }
    /// The reference strips the task text before use (§4.1).
    var taskText: String { task.question.pythonStripped }

    /// Runs the loop; the result is the termination reason and its detail.
    func run() throws(AgentStop) -> (TerminationReason, String?) {
        switch task.formulation {
        case .iterative: try runIterative()
        case .onetime: try runOnetime()
        }
    }

    func conversation(for caller: ModuleCaller, firstUser: String) -> Conversation {
        let preamble = caller.profile.usesExamples
            ? FewShotExamples.preamble(domain: domain, formulation: task.formulation, module: caller.module,
                                       template: caller.template, deviations: deviations)
            : ""
        return Conversation(template: caller.template, preamble: preamble, firstUser: firstUser)
    }

    /// Lumos-I (§4.0): plan on even turns, ground and execute on odd turns.
    func runIterative() throws(AgentStop) -> (TerminationReason, String?) {
        let maxTurns = max(0, configuration.maxTurns ?? LoopSettings.iterativeTurns(for: dataset))
        var plan = conversation(for: planner, firstUser: LumosPrompts.planFirstUser(task: taskText))
        var ground: Conversation?
        var subgoal = ""
        var actionLine = ""
        var lastLogEntry = ""
        var lastValue: String?
        var subgoalResults: [String: String] = [:]
        var failure: (TerminationReason, String)?
        var stopped = false

        for turn in 0..<maxTurns {
            let step = turn / 2 + 1
            if turn % 2 == 0 {
                if turn > 0 {
                    let result = LumosTurns.feedbackResult(domain: domain, logEntry: lastLogEntry, lastValue: lastValue, deviations: deviations)
                    recorder.steps[recorder.steps.count - 1].executedResult = result
                    plan.append(assistant: subgoal, user: LumosPrompts.feedback(subgoal: turn / 2, result: result))
                }
                subgoal = try planner.complete(plan.prompt, step: step)
                if subgoal.contains(LumosPrompts.stopMarker) {
                    recorder.steps.append(Step(index: step, plannerOutput: subgoal, subgoals: []))
                    stopped = true
                    break
                }
                recorder.steps.append(Step(index: step, plannerOutput: subgoal, subgoals: [LumosTurns.subgoalWithoutContinuePrefix(subgoal)]))
            } else {
                if var conversation = ground {
                    conversation.append(assistant: actionLine, user: LumosTurns.groundFollowUp(
                        domain: domain, plannerOutput: subgoal, results: subgoalResults, deviations: deviations))
                    ground = conversation
                } else {
                    let first = domain == .maths && deviations.contains(.stripContinuePrefixInMathsGrounding)
                        ? LumosTurns.subgoalWithoutContinuePrefix(subgoal) : subgoal
                    ground = conversation(for: grounder, firstUser: LumosPrompts.groundFirstUser(domain: domain, task: taskText, subgoal: first))
                }
                actionLine = try grounder.complete(ground!.prompt, step: step)
                recorder.steps[recorder.steps.count - 1].actionLine = actionLine
                // The reference keeps generating for a failed example but executes nothing; its log
                // still gets the bare actions, and the feedback reads the last one (§4.1).
                guard failure == nil else {
                    lastLogEntry = ActionParser.split(actionLine).last ?? actionLine
                    continue
                }
                let subgoals = subgoal.pythonStripped.pythonSplit("; ")
                let line = try executeLine(actionLine, context: ExecutionModule.LineContext(step: step, subgoals: subgoals))
                failure = line.failure
                if let entry = line.logEntry { lastLogEntry = entry }
                lastValue = line.lastValue
                if domain == .complexQA, let value = line.lastValue {
                    subgoalResults[LumosTurns.subgoalKey(subgoal)] = value
                }
                if let failure, deviations.contains(.endAttemptAfterFailedExecution) { return failure }
            }
        }
        if let failure { return failure }
        switch domain {
        case .maths:
            let preferOutput = deviations.contains(.outputVariableIsFinalInIterative)
            finalAnswer = execution.finalValue(preferOutput: preferOutput)?.description.pythonStripped
        case .complexQA:
            if stopped, !execution.isEmpty {
                var question = taskText
                if dataset == .strategyqa { question += LumosPrompts.mustAnswerYesNo }
                let result: String
                do {
                    result = try execution.askQA(question: question, context: execution.qaContext, step: recorder.steps.count)
                } catch let stop as AgentStop {
                    throw stop
                } catch {
                    return (.toolError, "The final QA call failed: \(error)")
                }
                finalAnswer = (result.after(first: "Answer: ") ?? result).pythonStripped
            }
        }
        if !stopped {
            return (.turnLimit, "The planner did not stop within \(maxTurns) turns.")
        }
        return finalAnswer == nil ? (.plannerStopped, "The planner stopped before any result was computed.") : (.answered, nil)
    }

    struct LineResult {
        var failure: (TerminationReason, String)?
        /// The action-log entry the planner's feedback is read from (§4.1, §4.3).
        var logEntry: String?
        var lastValue: String?
    }

    /// Executes a grounding line action by action and records every action.
    func executeLine(
        _ actionLine: String, context: ExecutionModule.LineContext,
        contextFor: ((Int, Int) -> ExecutionModule.LineContext)? = nil
    ) throws(AgentStop) -> LineResult {
        let actions = ActionParser.split(actionLine)
        guard !actions.isEmpty else {
            let message = "The grounder produced no actions."
            recorder.actions.append(ActionRecord(step: context.step, raw: actionLine, error: message))
            return LineResult(failure: (.parseError, message), logEntry: actionLine)
        }
        var result = LineResult()
        for (k, text) in actions.enumerated() {
            try recorder.checkCancelled()
            let outcome = try execution.execute(text, context: contextFor?(k, actions.count) ?? context)
            recorder.actions.append(outcome.record)
            result.lastValue = outcome.failure == nil ? outcome.values.last?.description : nil
            result.logEntry = outcome.logEntry
            if let failure = outcome.failure, outcome.endsExecution {
                let reason: TerminationReason = if case .parse = failure { .parseError } else { .toolError }
                result.failure = (reason, failure.message)
                // The reference runs the rest of the line on a lost table: each fails and is logged bare.
                if k < actions.count - 1 { result.logEntry = actions[actions.count - 1] }
                break
            }
        }
        return result
    }
}
