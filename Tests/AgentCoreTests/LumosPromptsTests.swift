import Testing
@testable import AgentCore

@Suite struct LumosPromptsTests {
    @Test func planPrefixMatchesSpecBytesAndHash() {
        #expect(LumosPrompts.planPrefix.utf8.count == 72)
        #expect(SHA256.hex(LumosPrompts.planPrefix) == "047c60ae6c4476eb3981c84a8cf0962bd3d932a50b843d541b5b87ea1bd73330")
    }

    @Test func mathsGroundPrefixMatchesSpecBytesAndHash() {
        #expect(LumosPrompts.mathsGroundPrefix.utf8.count == 731)
        #expect(SHA256.hex(LumosPrompts.mathsGroundPrefix) == "bab8b7205d1f8d5939273fb958a73bde0a2cfd6501eda7b7f5ba429bef32bcef")
    }

    @Test func qaGroundPrefixMatchesSpecBytesAndHash() {
        #expect(LumosPrompts.qaGroundPrefix.utf8.count == 692)
        #expect(SHA256.hex(LumosPrompts.qaGroundPrefix) == "9e689adb13d8ecd81a0b76b9221e66454cad52b2402a203df5c2cf7bc52ac0cf")
    }

    @Test func gsm8kItem0PlanPromptMatchesCheckValue() throws {
        let question = try Fixtures.gsm8k()[0].question.pythonStripped
        let prompt = ChatTemplate.lumos.userTurn(LumosPrompts.planFirstUser(task: question))
        #expect(prompt.utf8.count == 424)
        #expect(SHA256.hex(prompt) == "fd7be63560ab6e2cbc9e401bc2784bc0ef053682a05983b56209898b4534af46")
    }

    @Test func gsm8kItem0GroundPromptMatchesCheckValue() throws {
        let question = try Fixtures.gsm8k()[0].question.pythonStripped
        let user = LumosPrompts.groundFirstUser(domain: .maths, task: question, subgoal: "Subgoal 1: Calculate the number of eggs Janet sells.")
        #expect(SHA256.hex(ChatTemplate.lumos.userTurn(user)) == "44d6d2d5887ceeb92f30f916c8b8f7934f9f95d3f56498d7085f78c8b2b5e6fa")
    }

    @Test func hotpotqaItem0PlanPromptMatchesCheckValue() throws {
        let question = try Fixtures.hotpotqa()[0].question.pythonStripped
        let prompt = ChatTemplate.lumos.userTurn(LumosPrompts.planFirstUser(task: question))
        #expect(SHA256.hex(prompt) == "bf7b486922649a2419c4b4bc1f84023a66d7e56bdb2e99d4c0991ef3831f1c0b")
    }

    @Test func groundTurnsHaveTheSpaceBeforeNewlineAndPluralForOnetime() {
        #expect(LumosPrompts.groundFirstUser(domain: .maths, task: "T", subgoal: "S").hasSuffix("Task: T \nSubgoal to be grounded: S"))
        #expect(LumosPrompts.groundOnetimeUser(domain: .complexQA, task: "T", planLine: "P").hasSuffix("Task: T \nSubgoals to be grounded: P"))
    }

    @Test func followUpTurnsAreAppendedToTheSameGrowingPrompt() {
        var conversation = Conversation(template: .lumos, firstUser: "first")
        conversation.append(assistant: "out", user: "next")
        #expect(conversation.prompt == "<|user|>\nfirst\n<|assistant|>\nout\n\n<|user|>\nnext\n<|assistant|>\n")
    }

    @Test func qaToolPromptsMatchSpecStrings() {
        #expect(LumosPrompts.qaWithContext(question: "Q?", context: "C") == "Please answer the following question according to the context. Please answer with one brief entity, beginning with 'Answer: '. If the answer can't be found in the context, answer 'No answer'. No more details and explanations.\n\nQuestion: Q?\nContext: C\n")
        #expect(LumosPrompts.qaResult(question: "Q?", reply: "Answer: X") == "Question: Q?; Answer: X")
    }

    @Test func qaGroundFollowUpListsEarlierResultsInKeyOrder() {
        let text = LumosTurns.groundFollowUp(
            domain: .complexQA, plannerOutput: "No, I will keep planning. Subgoal 3: Compare.",
            results: ["Subgoal 2": "Question: b; Answer: 16", "Subgoal 1": "Question: a; Answer: 3", "Subgoal 0": "no answer text"],
            deviations: .reference)
        #expect(text == "Subgoal to be grounded: Subgoal 3: Compare. The grounding could be based on the following results: The execution result for Subgoal 1 is 3 The execution result for Subgoal 2 is 16")
        let aligned = LumosTurns.groundFollowUp(
            domain: .complexQA, plannerOutput: "No, I will keep planning. Subgoal 2: X.",
            results: ["Subgoal 1": "Question: a; Answer: 3"], deviations: .trainingAligned)
        #expect(aligned == "Subgoal to be grounded: Subgoal 2: X. The grounding could be based on the following results: The execution result for Subgoal 1 is 3.")
    }
}
