import Foundation
import Testing
@testable import AgentCore
import TestSupport

@Suite struct QAToolsTests {
    static let knowledge = FakeKnowledgeSource(documents: [
        KnowledgeDocument(title: "Eiffel Tower", text: "The Eiffel Tower is a wrought-iron lattice tower in Paris, France. It was designed by Gustave Eiffel's company.\n\nIt is 330 metres tall."),
        KnowledgeDocument(title: "France", text: "France is a country in Western Europe. Its capital is Paris. The country has 18 regions."),
    ])

    func executor(_ qa: ScriptedModel?, knowledge: FakeKnowledgeSource = Self.knowledge) -> ActionLineExecutor {
        ActionLineExecutor(domain: .complexQA, qaModel: qa, knowledge: knowledge)
    }

    @Test func knowledgeQueryStoresTitledSentenceEntries() {
        let result = executor(nil).run("R1 = KnowledgeQuery(Eiffel Tower)")
        let value = result.variables.first?.value ?? ""
        #expect(value.hasPrefix("['Eiffel Tower *** The Eiffel Tower is a wrought-iron lattice tower in Paris, France.'"))
        #expect(value.contains("Eiffel Tower *** It is 330 metres tall."))
        #expect(result.errors.isEmpty)
    }

    @Test func paragraphRetrieveRanksEntriesWithBM25() {
        let result = executor(nil).run("R1 = KnowledgeQuery(France); R2 = ParagraphRetrieve(R1, Query: What is the capital of France?)")
        let evidence = result.variables.first { $0.name == "R2" }?.value ?? ""
        #expect(evidence.hasPrefix("Evidence 1: Its capital is Paris.\n"))
        #expect(evidence.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 3)
    }

    @Test func qaAsksTheModelWithTheSpecPromptAndReturnsQuestionAndAnswer() throws {
        let qa = ScriptedModel(["Answer: Paris"])
        let result = executor(qa).run("R1 = KnowledgeQuery(France); R2 = ParagraphRetrieve(R1, Query: What is the capital of France?); R3 = QA([R2], Question: What is the capital of France?)")
        #expect(result.variables.last?.value == "Question: What is the capital of France?; Answer: Paris")
        let prompt = try #require(qa.prompts.first)
        #expect(prompt.hasPrefix("<|user|>\nPlease answer the following question according to the context."))
        #expect(prompt.contains("Question: What is the capital of France?\nContext: Evidence 1: Its capital is Paris."))
    }

    @Test func noAnswerRetriesWithoutContext() {
        let qa = ScriptedModel(["No answer", "Answer: Paris"])
        let knowledge = FakeKnowledgeSource(documents: [])
        let table = executor(qa, knowledge: knowledge).run("R3 = QA([], Question: What is the capital of France?)")
        #expect(table.variables.last?.value == "Question: What is the capital of France?; Answer: Paris")
        #expect(qa.prompts[1].contains("If the answer can't be answered, output 'No answer'."))
    }

    @Test func qaCalculatorAsksAboutTheLastSubgoalWithSubstitutedContext() throws {
        let planner = ScriptedModel(["Subgoal 1: Obtain the numbers.; Subgoal 2: Determine if Genghis Khan had more kids."])
        let grounder = ScriptedModel(["R1 = Calculator(16 > 3)"])
        let qa = ScriptedModel(["Answer: Yes", "Answer: yes"])
        let task = AgentTask(id: "s", dataset: .strategyqa, domain: .complexQA, formulation: .onetime,
                             question: "Are more people related to Genghis Khan?", answer: "true")
        let trajectory = AgentRunner(configuration: AgentConfiguration(planner: planner, grounder: grounder, qaModel: qa))
            .run(task, attempt: 1, cancel: CancellationFlag())
        #expect(qa.prompts[0].contains("Question: Determine if Genghis Khan had more kids.\nContext: 16  3\n"))
        #expect(trajectory.finalAnswer == "Yes")
        #expect(trajectory.correct)
        #expect(trajectory.modelCalls.map(\.module) == [.plan, .ground, .qa])
    }

    @Test func knowledgeFailureIsAToolErrorAndTheLineGoesOn() {
        let knowledge = FakeKnowledgeSource(documents: [], failure: "connection refused")
        let result = executor(ScriptedModel(["Answer: Paris"]), knowledge: knowledge)
            .run("R1 = KnowledgeQuery(France); R2 = QA([], Question: What is the capital of France?)")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.error?.contains("connection refused") == true)
        #expect(result.variables.map(\.name) == ["R2"])
    }

    @Test func codeIsRecordedAsNotEnabled() {
        let result = executor(nil).run("R1 = Code(print(1))")
        #expect(result.errors.first?.error?.contains("not enabled") == true)
    }

    @Test func hotpotqaOnetimeLastActionAsksTheOriginalQuestionFirst() {
        let planner = ScriptedModel(["Subgoal 1: Obtain the capital of France."])
        let grounder = ScriptedModel(["R1 = KnowledgeQuery(France); R2 = ParagraphRetrieve(R1, Query: capital?); R3 = QA([R2], Question: What is the capital of France?)"])
        let qa = ScriptedModel(["Answer: Paris"])
        let task = AgentTask(id: "h", dataset: .hotpotqa, domain: .complexQA, formulation: .onetime,
                             question: "Which city is the capital of France?", answer: "Paris")
        let trajectory = AgentRunner(configuration: AgentConfiguration(planner: planner, grounder: grounder, qaModel: qa, knowledge: Self.knowledge))
            .run(task, attempt: 1, cancel: CancellationFlag())
        #expect(qa.prompts.first?.contains("Question: Which city is the capital of France?\n") == true)
        #expect(trajectory.finalAnswer == "Paris")
        #expect(trajectory.scores.exactMatch == true && trajectory.scores.f1 == 1)
        #expect(trajectory.termination == .answered)
    }

    @Test func mediaWikiSourceReadsTheSearchReplyInRankOrder() throws {
        let reply = #"{"batchcomplete":true,"query":{"pages":[{"pageid":2,"ns":0,"title":"Paris","index":2,"extract":"Paris is the capital of France."},{"pageid":1,"ns":0,"title":"France","index":1,"extract":"France is a country."}]}}"#
        let server = try LoopbackHTTPServer { _, _ in .init(status: 200, body: reply) }
        let source = MediaWikiKnowledgeSource(apiURL: server.baseURL + "/w/api.php", configuration: .init(allowPrivateNetworks: true))
        let documents = try source.search("capital of France", limit: 2)
        #expect(documents.map(\.title) == ["France", "Paris"])
        let path = try #require(server.requests.first?.path)
        #expect(path.hasPrefix("/w/api.php?action=query"))
        #expect(path.contains("gsrsearch=capital%20of%20France"))
        #expect(path.contains("gsrlimit=2"))
    }

    @Test func mediaWikiSourceRefusesLoopbackByDefault() {
        let source = MediaWikiKnowledgeSource(apiURL: "http://127.0.0.1:9/w/api.php")
        #expect(throws: HTTPError.self) { try source.search("x", limit: 1) }
    }
}
