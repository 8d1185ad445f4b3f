import Foundation

/// Lumos-O (lumos-spec §5): one planning call, one grounding call, then every action in order.
extension AgentLoop {
    func runOnetime() throws(AgentStop) -> (TerminationReason, String?) {
        let plan = conversation(for: planner, firstUser: LumosPrompts.planFirstUser(task: taskText))
        let planLine = try planner.complete(plan.prompt, step: 1)
        let subgoals = planLine.pythonStripped.pythonSplit("; ")
        recorder.steps.append(Step(index: 1, plannerOutput: planLine, subgoals: subgoals))

        let ground = conversation(for: grounder, firstUser: LumosPrompts.groundOnetimeUser(domain: domain, task: taskText, planLine: planLine))
        let actionLine = try grounder.complete(ground.prompt, step: 1)
        recorder.steps[0].actionLine = actionLine

        let base = ExecutionModule.LineContext(step: 1, subgoals: subgoals)
        let dataset = self.dataset
        let question = taskText
        let line = try executeLine(actionLine, context: base) { k, count in
            var context = base
            let isLast = k == count - 1
            // HotpotQA asks the task's own question in the last action; StrategyQA forces yes/no
            // there, but only when the line has more than one action (`idx` is falsy at 0, §5.3).
            if isLast, dataset == .hotpotqa { context.originalQuestion = question }
            if isLast, dataset == .strategyqa, k > 0 { context.mustAnswerYesNo = true }
            return context
        }
        if let failure = line.failure { return failure }

        let preferOutput = domain == .maths || dataset == .strategyqa
        if let value = execution.finalValue(preferOutput: preferOutput)?.description {
            switch domain {
            case .maths: finalAnswer = value.pythonStripped
            case .complexQA: finalAnswer = (value.after(first: "Answer: ") ?? value).pythonStripped
            }
            recorder.steps[0].executedResult = finalAnswer
        }
        return finalAnswer == nil ? (.toolError, "No action produced a value to answer with.") : (.answered, nil)
    }
}
