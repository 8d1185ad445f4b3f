import Foundation

/// The exact strings of lumos-spec §3 and §7.2. The released checkpoints only work when these
/// match byte for byte; `LumosPromptsTests` checks them against the spec's SHA-256 values.
public enum LumosPrompts {
    /// §3.1 `PLAN_PREFIX` (72 bytes).
    public static let planPrefix = "Please provide a reasonable subgoal-based plan to solve the given task.\n"

    /// §3.2 `MATHS_GROUND_PREFIX` (731 bytes).
    public static let mathsGroundPrefix = "Please ground the given subgoal to corresponding executable actions for solving the given task. The grounded actions must be the one in available action list.\n\nThe available action list is 'Calculator', 'SetEquation', 'SolveEquation', 'Count', 'SolveInequality', 'Code', and 'Define'.\nCalculator(formula): Calculate the input formula; SetEquation(equation): Set up an equation to be solved; SolveEquation(equation): Solve the previous set equation; Count(list): Count the number of elements in the given list; SolveInequality(inequality): Solve the previous set inequality; Code(pseudo_code): Generate a Python function that corresponds to the pseudo code; Define(variable/number): Define a variable or a number for latter usage.\n\n"

    /// §3.2 `QA_GROUND_PREFIX` (692 bytes; `Calculator(formula)` really is described twice).
    public static let qaGroundPrefix = "Please ground the given subgoal to corresponding executable actions for solving the given task. The grounded actions must be the one in available action list.\n\nThe available action list is 'KnowledgeQuery', 'ParagraphRetrieve', 'QA', 'Calculator', and 'Code'.\nCalculator(formula): Calculate the input formula; KnowledgeQuery(query): Capture the relevant webpages according to the query; ParagraphRetrieve(context, query): Given a query, retrieve the most relevant paragraphs from the given context; QA(context, query): Given context, answer the given query; Calculator(formula): Calculate the input formula; Code(pseudo_code): Generate a Python function that corresponds to the pseudo code.\n\n"

    /// §3.3 the planner's continue prefix.
    public static let continuePrefix = "No, I will keep planning. "
    /// §3.3 the planner's stop answer; the loop tests `contains(stopMarker)`.
    public static let stopAnswer = "Yes, I will stop planning."
    public static let stopMarker = "Yes, I will stop planning"
    /// The reference splits on the continue phrase without its trailing space (§4.3).
    public static let continueMarker = "No, I will keep planning."

    public static func groundPrefix(for domain: Domain) -> String {
        switch domain {
        case .maths: mathsGroundPrefix
        case .complexQA: qaGroundPrefix
        }
    }

    /// §3.1 the first planning user turn.
    public static func planFirstUser(task: String) -> String {
        planPrefix + "Task: \(task); Initial Environment Description: None."
    }

    /// §3.2 the first grounding user turn, iterative.
    public static func groundFirstUser(domain: Domain, task: String, subgoal: String) -> String {
        groundPrefix(for: domain) + "Task: \(task) \nSubgoal to be grounded: \(subgoal)"
    }

    /// §3.2 the grounding user turn, onetime ("Subgoals" is plural).
    public static func groundOnetimeUser(domain: Domain, task: String, planLine: String) -> String {
        groundPrefix(for: domain) + "Task: \(task) \nSubgoals to be grounded: \(planLine)"
    }

    /// §3.3 execution feedback for maths and complex QA.
    public static func feedback(subgoal number: Int, result: String) -> String {
        "The executed result for Subgoal \(number) is \(result). Should we stop planning?"
    }

    /// §3.3 grounding follow-up for maths.
    public static func groundFollowUp(subgoal: String) -> String {
        "Subgoal to be grounded: \(subgoal)"
    }

    /// §4.3 grounding follow-up for complex QA; `results` are (key, text) in the order to append.
    public static func qaGroundFollowUp(subgoal: String, results: [(key: String, text: String)]) -> String {
        var text = "Subgoal to be grounded: \(subgoal) The grounding could be based on the following results:"
        for (key, value) in results {
            text += " The execution result for \(key) is \(value)"
        }
        return text
    }

    // MARK: §7.2 QA tool prompts

    public static func qaWithContext(question: String, context: String) -> String {
        "Please answer the following question according to the context. Please answer with one brief entity, beginning with 'Answer: '. If the answer can't be found in the context, answer 'No answer'. No more details and explanations.\n\nQuestion: \(question)\nContext: \(context)\n"
    }

    public static func qaWithoutContext(question: String) -> String {
        "Please answer the following question. Please answer with one brief entity, beginning with 'Answer: '. If the answer can't be answered, output 'No answer'. No more details and explanations.\n\nQuestion: \(question)\n"
    }

    public static func qaForced(question: String) -> String {
        "Please answer the following question. Please answer with one brief entity, beginning with 'Answer: '.\n\nQuestion: \(question)\n"
    }

    /// §7.2 the QA tool's return value.
    public static func qaResult(question: String, reply: String) -> String {
        "Question: \(question); \(reply)"
    }

    public static let mustAnswerYesNo = " Must answer yes/no."
}
