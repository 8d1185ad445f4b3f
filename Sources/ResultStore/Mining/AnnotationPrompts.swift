import AgentCore

/// The exact Lumos strings the training annotations use (lumos-spec §3, §9.3).
///
/// Kept here so mining does not wait on the agent's prompt builders; once
/// `Sources/AgentCore/Prompts/` lands, these should call it instead (one source of truth).
/// Tests check every constant against the spec's byte counts and SHA-256 values.
enum AnnotationPrompts {
    static let planPrefix = "Please provide a reasonable subgoal-based plan to solve the given task.\n"

    static let mathsGroundPrefix = "Please ground the given subgoal to corresponding executable actions for solving the given task. The grounded actions must be the one in available action list.\n\nThe available action list is 'Calculator', 'SetEquation', 'SolveEquation', 'Count', 'SolveInequality', 'Code', and 'Define'.\nCalculator(formula): Calculate the input formula; SetEquation(equation): Set up an equation to be solved; SolveEquation(equation): Solve the previous set equation; Count(list): Count the number of elements in the given list; SolveInequality(inequality): Solve the previous set inequality; Code(pseudo_code): Generate a Python function that corresponds to the pseudo code; Define(variable/number): Define a variable or a number for latter usage.\n\n"

    static let qaGroundPrefix = "Please ground the given subgoal to corresponding executable actions for solving the given task. The grounded actions must be the one in available action list.\n\nThe available action list is 'KnowledgeQuery', 'ParagraphRetrieve', 'QA', 'Calculator', and 'Code'.\nCalculator(formula): Calculate the input formula; KnowledgeQuery(query): Capture the relevant webpages according to the query; ParagraphRetrieve(context, query): Given a query, retrieve the most relevant paragraphs from the given context; QA(context, query): Given context, answer the given query; Calculator(formula): Calculate the input formula; Code(pseudo_code): Generate a Python function that corresponds to the pseudo code.\n\n"

    static let continuePrefix = "No, I will keep planning. "
    static let stop = "Yes, I will stop planning."

    static func groundPrefix(_ domain: Domain) -> String {
        switch domain {
        case .maths: mathsGroundPrefix
        case .complexQA: qaGroundPrefix
        }
    }

    /// §3.1: the first planning user turn.
    static func planUser(task: String) -> String {
        planPrefix + "Task: \(task); Initial Environment Description: None."
    }

    /// §3.3: execution feedback for maths and complex QA.
    static func feedback(subgoal n: Int, result: String) -> String {
        "The executed result for Subgoal \(n) is \(result). Should we stop planning?"
    }

    /// §9.3: the first iterative grounding user turn (the training files keep the trailing newline).
    static func groundFirstUser(domain: Domain, task: String, subgoal: String) -> String {
        groundPrefix(domain) + "Task: \(task) \nSubgoal to be grounded: \(subgoal)\n"
    }

    /// §9.3: the onetime grounding user turn.
    static func groundOnetimeUser(domain: Domain, task: String, subgoals: [String]) -> String {
        groundPrefix(domain) + "Task: \(task) \n" + "Subgoals to be grounded: " + subgoals.joined(separator: "; ") + "\n"
    }
}
