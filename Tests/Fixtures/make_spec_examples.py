"""Writes Tests/ResultStoreTests/SpecExamples.swift: the lumos-spec §9.4 worked examples as the
JSONL lines Lumos's process_for_train.py writes (Python json.dumps defaults), with the spec's
elided parts filled in from the same few-shot examples. The miner's output is compared with
these byte for byte."""
import json, hashlib, pathlib

PLAN_PREFIX = "Please provide a reasonable subgoal-based plan to solve the given task.\n"
MATHS = "Please ground the given subgoal to corresponding executable actions for solving the given task. The grounded actions must be the one in available action list.\n\nThe available action list is 'Calculator', 'SetEquation', 'SolveEquation', 'Count', 'SolveInequality', 'Code', and 'Define'.\nCalculator(formula): Calculate the input formula; SetEquation(equation): Set up an equation to be solved; SolveEquation(equation): Solve the previous set equation; Count(list): Count the number of elements in the given list; SolveInequality(inequality): Solve the previous set inequality; Code(pseudo_code): Generate a Python function that corresponds to the pseudo code; Define(variable/number): Define a variable or a number for latter usage.\n\n"
QA = "Please ground the given subgoal to corresponding executable actions for solving the given task. The grounded actions must be the one in available action list.\n\nThe available action list is 'KnowledgeQuery', 'ParagraphRetrieve', 'QA', 'Calculator', and 'Code'.\nCalculator(formula): Calculate the input formula; KnowledgeQuery(query): Capture the relevant webpages according to the query; ParagraphRetrieve(context, query): Given a query, retrieve the most relevant paragraphs from the given context; QA(context, query): Given context, answer the given query; Calculator(formula): Calculate the input formula; Code(pseudo_code): Generate a Python function that corresponds to the pseudo code.\n\n"
# The spec's byte counts and digests (lumos-spec §3).
assert len(PLAN_PREFIX.encode()) == 72 and hashlib.sha256(PLAN_PREFIX.encode()).hexdigest() == "047c60ae6c4476eb3981c84a8cf0962bd3d932a50b843d541b5b87ea1bd73330"
assert len(MATHS.encode()) == 731 and hashlib.sha256(MATHS.encode()).hexdigest() == "bab8b7205d1f8d5939273fb958a73bde0a2cfd6501eda7b7f5ba429bef32bcef"
assert len(QA.encode()) == 692 and hashlib.sha256(QA.encode()).hexdigest() == "9e689adb13d8ecd81a0b76b9221e66454cad52b2402a203df5c2cf7bc52ac0cf"

def line(domain, k, messages):
    return json.dumps({"dataset": domain, "id": f"{domain}_{k}", "messages": [{"role": r, "content": c} for r, c in messages]})

leah = "Leah earned $28 working odd jobs around the neighborhood. She spent a seventh of it on a milkshake and put half of the rest in her savings account. She left the remaining money in her wallet. Her dog got ahold of her wallet and shredded all the money inside but $1. How many dollars did Leah lose?"
leah_subgoals = [
    "Subgoal 1: Calculate the amount Leah spent on milkshake.",
    "Subgoal 2: Calculate Leah's rest money after buying milkshake.",
    "Subgoal 3: Calculate the amount Leah spent in her savings account.",
    "Subgoal 4: Calculate the amount Leah remained in her wallet.",
    "Subgoal 5: Calculate the amount Leah lost after her dog shredded all the money in her wallet.",
]
leah_actions = ["R1 = Calculator(28 * 1/7)", "R2 = Calculator(28 - R1)", "R3 = Calculator(R2 / 2)", "R4 = Calculator(R2 - R3)", "R5 = Calculator(R4 - 1)"]
leah_results = ["4", "24", "12", "12", "11"]

def iterative_plan(task, subgoals, results):
    m = [("user", PLAN_PREFIX + f"Task: {task}; Initial Environment Description: None.")]
    for j, (s, r) in enumerate(zip(subgoals, results)):
        m.append(("assistant", s if j == 0 else "No, I will keep planning. " + s))
        m.append(("user", f"The executed result for Subgoal {j+1} is {r}. Should we stop planning?"))
    m.append(("assistant", "Yes, I will stop planning."))
    return m

maths_plan_iterative = iterative_plan(leah, leah_subgoals, leah_results)
maths_ground_iterative = []
for j, (s, a) in enumerate(zip(leah_subgoals, leah_actions)):
    maths_ground_iterative.append(("user", (MATHS + f"Task: {leah} \nSubgoal to be grounded: {s}\n") if j == 0 else f"Subgoal to be grounded: {s}\n"))
    maths_ground_iterative.append(("assistant", a))
maths_plan_onetime = [("user", PLAN_PREFIX + f"Task: {leah}; Initial Environment Description: None."), ("assistant", "; ".join(leah_subgoals))]
maths_ground_onetime = [("user", MATHS + f"Task: {leah} \n" + "Subgoals to be grounded: " + "; ".join(leah_subgoals) + "\n"), ("assistant", "; ".join(leah_actions))]

# The spec's fully quoted messages must match what is built here.
assert maths_plan_iterative[1] == ("assistant", "Subgoal 1: Calculate the amount Leah spent on milkshake.")
assert maths_plan_iterative[4] == ("user", "The executed result for Subgoal 2 is 24. Should we stop planning?")
assert maths_plan_iterative[-2] == ("user", "The executed result for Subgoal 5 is 11. Should we stop planning?")
assert maths_ground_iterative[-1] == ("assistant", "R5 = Calculator(R4 - 1)")
assert maths_ground_onetime[1][1] == "R1 = Calculator(28 * 1/7); R2 = Calculator(28 - R1); R3 = Calculator(R2 / 2); R4 = Calculator(R2 - R3); R5 = Calculator(R4 - 1)"

genghis = "Are more people today related to Genghis Khan than Julius Caesar?"
g_subgoals = ["Subgoal 1: Obtain the number of the kids that Julius Caesar had.", "Subgoal 2: Obtain the number of the kids that Genghis Khan had.", "Subgoal 3: Determine if Genghis Khan had more kids."]
g_actions = [
    "R1 = KnowledgeQuery(Julius Caesar); R2 = ParagraphRetrieve(R1, Query: How many kids did Julius Caesar have?); R3 = QA([R2], Question: How many kids did Julius Caesar have?)",
    "R4 = KnowledgeQuery(Genghis Khan); R5 = ParagraphRetrieve(R4, Query: How many kids did Genghis Khan have?); R6 = QA([R5], Question: How many kids did Genghis Khan have?)",
    "R7 = Calculator(R6 > R3)",
]
qa_plan_iterative = iterative_plan(genghis, g_subgoals, ["3", "16", "True"])
qa_ground_iterative = [
    ("user", QA + f"Task: {genghis} \nSubgoal to be grounded: {g_subgoals[0]}\n"), ("assistant", g_actions[0]),
    ("user", f"Subgoal to be grounded: {g_subgoals[1]} The grounding could be based on the following results: The execution result for Subgoal 1 is 3.\n"), ("assistant", g_actions[1]),
    ("user", f"Subgoal to be grounded: {g_subgoals[2]} The grounding could be based on the following results: The execution result for Subgoal 1 is 3. The execution result for Subgoal 2 is 16.\n"), ("assistant", g_actions[2]),
]
qa_ground_onetime = [("user", QA + f"Task: {genghis} \n" + "Subgoals to be grounded: " + "; ".join(g_subgoals) + "\n"), ("assistant", "; ".join(g_actions))]

examples = {
    "mathsPlanIterative": line("maths", 0, maths_plan_iterative),
    "mathsGroundIterative": line("maths", 0, maths_ground_iterative),
    "mathsPlanOnetime": line("maths", 0, maths_plan_onetime),
    "mathsGroundOnetime": line("maths", 0, maths_ground_onetime),
    "qaPlanIterative": line("complex_qa", 0, qa_plan_iterative),
    "qaGroundIterative": line("complex_qa", 0, qa_ground_iterative),
    "qaGroundOnetime": line("complex_qa", 0, qa_ground_onetime),
}
out = ["// Generated by Tests/Fixtures/make_spec_examples.py from lumos-spec §9.4; do not edit.", "", "enum SpecExamples {"]
for name, text in examples.items():
    assert "\"#" not in text
    out.append(f"    static let {name} = #\"{text}\"#")
out.append("}")
target = pathlib.Path(__file__).resolve().parent.parent / "ResultStoreTests" / "SpecExamples.swift"
target.write_text("\n".join(out) + "\n")
print("wrote", target)
