import Foundation

/// Every place where this agent knowingly differs from the reference evaluation code of
/// allenai/lumos (lumos-spec §12), and why. This is the one list: the loop and the tools ask
/// `configuration.deviations.contains(…)` at the point where each choice applies.
///
/// The default, `.trainingAligned`, picks the behaviour the checkpoints saw in their training
/// data (spec §9) wherever the reference eval disagrees with it, and fixes defects that only
/// lose answers. `.reference` (empty) reproduces the eval scripts' strings byte for byte
/// (spec Appendix B), which the prompt tests use.
///
/// Kept as in the reference on purpose (not options):
/// - no BOS and `"\n\n"` turn separators at inference (§12.1–2): the checkpoint contract (§2.5);
/// - the SVAMP iterative budget of 4 turns, i.e. 2 subgoals (§12.13): a documented turn limit
///   (`AgentConfiguration.maxTurns` overrides it);
/// - lexicographic order of "Subgoal k" keys in the QA grounding follow-up (§4.3).
///
/// External services replaced by local or configurable parts (not options either):
/// - Wolfram Alpha → the exact maths engine (`MathsToolbox`), formatted like WA's plaintext (§7.1);
/// - Wikipedia page scraping → a MediaWiki search API or the offline FTS5 base, split into
///   `title *** sentence` entries, at most 40 sentences per page (§7.2);
/// - the DPR reader → BM25 over those entries, top five (§7.2);
/// - GPT-3.5 → the configured QA model with the §7.2 prompts (`max_tokens` 100);
/// - the Google "… Wikipedia" fallback after "no answer" → one more knowledge-source search,
///   BM25 and QA call, else `No answer.` (§7.2);
/// - the few-shot profiles put worked examples ahead of the task for base models; the `lumos`
///   profile sends the prompts exactly as the checkpoints expect.
public struct ReferenceDeviations: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// §12.3 — maths iterative: the grounder's follow-up turn drops the planner's
    /// "No, I will keep planning. " prefix, as the training data and the QA eval do.
    public static let stripContinuePrefixInMathsGrounding = ReferenceDeviations(rawValue: 1 << 0)

    /// §12.4 — complex QA iterative: the planner's feedback carries the bare answer (the text after
    /// "Answer: ", outer periods removed) as in training (`… is 3. Should we stop planning?`),
    /// not the whole `Question: …; Answer: …` string.
    public static let bareAnswerInQAFeedback = ReferenceDeviations(rawValue: 1 << 1)

    /// §12.5 — complex QA iterative: each earlier result quoted to the grounder ends with a period,
    /// as the annotated results in training did (`The execution result for Subgoal 1 is 3.`).
    public static let periodAfterQAGroundingResults = ReferenceDeviations(rawValue: 1 << 2)

    /// §12.15 — maths iterative: `SolveEquation` values are stored stripped (`"6"`, not `" 6"`),
    /// as the onetime path and the training results do.
    public static let stripSolveEquationValues = ReferenceDeviations(rawValue: 1 << 3)

    /// §12.14 — `Count` and `SolveInequality` are offered by the prompt and now run on the local
    /// maths engine instead of failing the example. (`Code` stays "not enabled".)
    public static let runCountAndSolveInequality = ReferenceDeviations(rawValue: 1 << 4)

    /// §12.16 — a bare `Output = R5` takes R5's value instead of failing on empty arguments.
    public static let resolveBareOutputAssignment = ReferenceDeviations(rawValue: 1 << 5)

    /// §12.17 — substitution replaces whole variable names in one pass, so `R1` never corrupts
    /// `R12` (the reference's `str.replace` prefix collision).
    public static let wholeVariableSubstitution = ReferenceDeviations(rawValue: 1 << 6)

    /// §12.9 — the final answer prefers an `Output` variable in both formulations (onetime
    /// training data keeps `Output`); the iterative reference would crash on that key.
    public static let outputVariableIsFinalInIterative = ReferenceDeviations(rawValue: 1 << 7)

    /// §7.5 — maths iterative: after a failed action the reference keeps asking the planner
    /// although the example can no longer be scored. We end the attempt at the failure
    /// (termination `tool_error`/`parse_error`), which saves the remaining model calls.
    public static let endAttemptAfterFailedExecution = ReferenceDeviations(rawValue: 1 << 8)

    /// §6.4 — an action with unbalanced parentheses is a parse error instead of being executed with
    /// its last character cut off (`Calculator(R1 / 0.25` → `R1 / 0.2` in the reference).
    public static let rejectUnbalancedParentheses = ReferenceDeviations(rawValue: 1 << 9)

    /// The reference eval, string for string.
    public static let reference: ReferenceDeviations = []

    /// The default: behave as the training data did, and do not lose answers to defects.
    public static let trainingAligned: ReferenceDeviations = [
        .stripContinuePrefixInMathsGrounding, .bareAnswerInQAFeedback, .periodAfterQAGroundingResults,
        .stripSolveEquationValues, .runCountAndSolveInequality, .resolveBareOutputAssignment,
        .wholeVariableSubstitution, .outputVariableIsFinalInIterative, .endAttemptAfterFailedExecution,
        .rejectUnbalancedParentheses,
    ]
}
