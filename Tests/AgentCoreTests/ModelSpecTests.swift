import Testing
@testable import AgentCore

@Suite struct ModelSpecTests {
    @Test func urlsBecomeHTTPSpecsWithTheAPIFromTheirPath() throws {
        #expect(try ModelSpec(parsing: "http://127.0.0.1:8080/v1").source == .http(baseURL: "http://127.0.0.1:8080/v1", api: .completions))
        #expect(try ModelSpec(parsing: "https://api.example.com/v1/chat/completions").source == .http(baseURL: "https://api.example.com/v1", api: .chat))
        #expect(try ModelSpec(parsing: "http://h/v1/completions/").source == .http(baseURL: "http://h/v1", api: .completions))
    }

    @Test func pathsBecomeGGUFSpecsAndTheProfileFollowsTheName() throws {
        let gemma = try ModelSpec(parsing: "/models/gemma-3-270m-q4_k_m.gguf")
        #expect(gemma.source == .gguf(path: "/models/gemma-3-270m-q4_k_m.gguf"))
        #expect(gemma.profile == .fewshot)
        #expect(try ModelSpec(parsing: "/models/lumos_maths_plan_iterative.Q8_0.gguf").profile == .lumos)
        #expect(try ModelSpec(parsing: "http://h/v1", name: "ai2lumos/lumos_maths_ground_onetime").profile == .lumos)
        #expect(try ModelSpec(parsing: "x.gguf", profile: .fewshotGemma).profile == .fewshotGemma)
    }

    @Test func otherSchemesAndEmptyValuesAreRejected() {
        #expect(throws: ModelSpecError.self) { try ModelSpec(parsing: "ftp://h/model.gguf") }
        #expect(throws: ModelSpecError.self) { try ModelSpec(parsing: "  ") }
    }

    @Test func oneEndpointServingBothModulesIsOpenedOnce() throws {
        let spec = try ModelSpec(parsing: "http://127.0.0.1:1/v1", name: "m")
        let models = try ModelFactory().make(plan: spec, ground: spec, qa: spec)
        #expect(models.planner as AnyObject === models.grounder as AnyObject)
        #expect(models.qa.map { $0 as AnyObject } === models.planner as AnyObject)
        let other = try ModelFactory().make(plan: spec, ground: ModelSpec(parsing: "http://127.0.0.1:2/v1"))
        #expect(other.planner as AnyObject !== other.grounder as AnyObject)
    }

    @Test func missingGGUFFileIsAClearError() {
        #expect(throws: ModelSpecError.self) { try ModelFactory().make(ModelSpec(parsing: "/nonexistent/model.gguf")) }
    }
}
