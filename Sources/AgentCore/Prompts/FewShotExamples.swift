import Foundation

/// Worked examples in the exact Lumos formats, put ahead of the task for base models that were
/// never fine-tuned on Lumos data (the `fewshot` profiles). The examples are rendered through the
/// same builders as the live turns, so a model that copies them produces well-formed output.
public struct WorkedExample: Sendable, Hashable {
    public var task: String
    public var subgoals: [String]
    /// The action line of each subgoal.
    public var actions: [String]
    /// The value of each subgoal's last action, as the execution module would store it.
    public var results: [String]

    public init(task: String, subgoals: [String], actions: [String], results: [String]) {
        self.task = task
        self.subgoals = subgoals
        self.actions = actions
        self.results = results
    }
}

/// The maths examples are short on purpose: with the bundled 270M model, a long example (the
/// five-subgoal Leah plan of spec §9.4.1) was copied into unrelated tasks, and every example
/// token is prefilled again for each task.
public enum FewShotExamples {
    public static let maths: [WorkedExample] = [
        WorkedExample(
            task: "A baker made 30 cookies. He sold 3 bags with 4 cookies in each bag. How many cookies does he have left?",
            subgoals: [
                "Subgoal 1: Calculate the number of cookies the baker sold.",
                "Subgoal 2: Calculate the number of cookies the baker has left.",
            ],
            actions: ["R1 = Calculator(3 * 4)", "R2 = Calculator(30 - R1)"],
            results: ["12", "18"]),
        WorkedExample(
            task: "Tom buys 2 shirts for $15 each and a hat for $8. He pays with a $50 bill. How much change does he get?",
            subgoals: [
                "Subgoal 1: Calculate the cost of the shirts.",
                "Subgoal 2: Calculate the total cost of the shirts and the hat.",
                "Subgoal 3: Calculate the change Tom gets.",
            ],
            actions: ["R1 = Calculator(2 * 15)", "R2 = Calculator(R1 + 8)", "R3 = Calculator(50 - R2)"],
            results: ["30", "38", "12"]),
        WorkedExample(
            task: "Sara has 24 apples. She gives half of them to her brother and then buys 5 more. How many apples does she have now?",
            subgoals: [
                "Subgoal 1: Calculate the number of apples Sara gives to her brother.",
                "Subgoal 2: Calculate the number of apples Sara has now.",
            ],
            actions: ["R1 = Calculator(24 / 2)", "R2 = Calculator(24 - R1 + 5)"],
            results: ["12", "17"]),
    ]

    public static let complexQA: [WorkedExample] = [
        // The StrategyQA training example of lumos-spec §9.4.3.
        WorkedExample(
            task: "Are more people today related to Genghis Khan than Julius Caesar?",
            subgoals: [
                "Subgoal 1: Obtain the number of the kids that Julius Caesar had.",
                "Subgoal 2: Obtain the number of the kids that Genghis Khan had.",
                "Subgoal 3: Determine if Genghis Khan had more kids.",
            ],
            actions: [
                "R1 = KnowledgeQuery(Julius Caesar); R2 = ParagraphRetrieve(R1, Query: How many kids did Julius Caesar have?); R3 = QA([R2], Question: How many kids did Julius Caesar have?)",
                "R4 = KnowledgeQuery(Genghis Khan); R5 = ParagraphRetrieve(R4, Query: How many kids did Genghis Khan have?); R6 = QA([R5], Question: How many kids did Genghis Khan have?)",
                "R7 = Calculator(R6 > R3)",
            ],
            results: [
                "Question: How many kids did Julius Caesar have?; Answer: 3",
                "Question: How many kids did Genghis Khan have?; Answer: 16",
                "Question: Determine if Genghis Khan had more kids.; Answer: Yes",
            ]),
        WorkedExample(
            task: "What is the capital of the country where the Eiffel Tower stands?",
            subgoals: [
                "Subgoal 1: Obtain the country where the Eiffel Tower stands.",
                "Subgoal 2: Obtain the capital of that country.",
            ],
            actions: [
                "R1 = KnowledgeQuery(Eiffel Tower); R2 = ParagraphRetrieve(R1, Query: In which country is the Eiffel Tower?); R3 = QA([R2], Question: In which country is the Eiffel Tower?)",
                "R4 = KnowledgeQuery(France); R5 = ParagraphRetrieve(R4, Query: What is the capital of France?); R6 = QA([R5], Question: What is the capital of France?)",
            ],
            results: [
                "Question: In which country is the Eiffel Tower?; Answer: France",
                "Question: What is the capital of France?; Answer: Paris",
            ]),
    ]

    public static func examples(for domain: Domain) -> [WorkedExample] {
        domain == .maths ? maths : complexQA
    }

    /// The rendered examples for one module, ready to go ahead of the task's first user turn.
    public static func preamble(
        domain: Domain, formulation: Formulation, module: ModelCall.Module,
        template: ChatTemplate, deviations: ReferenceDeviations
    ) -> String {
        var text = ""
        for example in examples(for: domain) {
            for (user, assistant) in turns(example, domain: domain, formulation: formulation, module: module, deviations: deviations) {
                text += template.userTurn(user) + template.closeAssistant(assistant)
            }
        }
        return text
    }

    static func turns(
        _ example: WorkedExample, domain: Domain, formulation: Formulation, module: ModelCall.Module,
        deviations: ReferenceDeviations
    ) -> [(String, String)] {
        let planLine = example.subgoals.joined(separator: "; ")
        switch (formulation, module) {
        case (.onetime, .plan):
            return [(LumosPrompts.planFirstUser(task: example.task), planLine)]
        case (.onetime, _):
            return [(LumosPrompts.groundOnetimeUser(domain: domain, task: example.task, planLine: planLine),
                     example.actions.joined(separator: "; "))]
        case (.iterative, .plan):
            var turns: [(String, String)] = []
            var user = LumosPrompts.planFirstUser(task: example.task)
            for (i, subgoal) in example.subgoals.enumerated() {
                turns.append((user, i == 0 ? subgoal : LumosPrompts.continuePrefix + subgoal))
                let lastAction = example.actions[i].components(separatedBy: "; ").last ?? example.actions[i]
                let result = LumosTurns.feedbackResult(
                    domain: domain, logEntry: lastAction + " = " + example.results[i],
                    lastValue: example.results[i], deviations: deviations)
                user = LumosPrompts.feedback(subgoal: i + 1, result: result)
            }
            turns.append((user, LumosPrompts.stopAnswer))
            return turns
        case (.iterative, _):
            var turns: [(String, String)] = []
            var stored: [String: String] = [:]
            for (i, subgoal) in example.subgoals.enumerated() {
                let planner = i == 0 ? subgoal : LumosPrompts.continuePrefix + subgoal
                let user = i == 0
                    ? LumosPrompts.groundFirstUser(domain: domain, task: example.task, subgoal: subgoal)
                    : LumosTurns.groundFollowUp(domain: domain, plannerOutput: planner, results: stored, deviations: deviations)
                turns.append((user, example.actions[i]))
                stored[LumosTurns.subgoalKey(subgoal)] = example.results[i]
            }
            return turns
        }
    }
}
