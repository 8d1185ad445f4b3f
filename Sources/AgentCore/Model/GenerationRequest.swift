/// One completion call. Defaults are the Lumos checkpoint contract (lumos-spec §2): no BOS,
/// greedy, stop at the first newline, at most 512 new tokens.
public struct GenerationRequest: Sendable, Hashable, Codable {
    public var prompt: String
    public var maxNewTokens: Int
    public var stop: [String]
    public var temperature: Double
    public var topK: Int
    public var topP: Double
    public var seed: UInt64
    public var addBOS: Bool

    public init(
        prompt: String,
        maxNewTokens: Int = 512,
        stop: [String] = ["\n"],
        temperature: Double = 0,
        topK: Int = 40,
        topP: Double = 0.95,
        seed: UInt64 = 0,
        addBOS: Bool = false
    ) {
        self.prompt = prompt
        self.maxNewTokens = maxNewTokens
        self.stop = stop
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
        self.addBOS = addBOS
    }
}
