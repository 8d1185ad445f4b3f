/// How the planning and grounding models decode in a sampled rollout. A temperature of 0 is
/// greedy; a module's own setting, when given, wins over the shared one.
public struct SamplingSettings: Sendable, Hashable, Codable {
    public var temperature: Double
    public var topP: Double?
    public var plan: ModuleSampling?
    public var ground: ModuleSampling?

    public init(temperature: Double, topP: Double? = nil, plan: ModuleSampling? = nil, ground: ModuleSampling? = nil) {
        self.temperature = temperature
        self.topP = topP
        self.plan = plan
        self.ground = ground
    }

    /// The temperature and top-p one module decodes with.
    public func resolved(for module: ModelCall.Module) -> (temperature: Double, topP: Double?) {
        let own: ModuleSampling? = switch module {
        case .plan: plan
        case .ground: ground
        case .qa: nil
        }
        return (own?.temperature ?? temperature, own?.topP ?? topP)
    }

    /// True when every module decodes greedily.
    public var isGreedy: Bool {
        [ModelCall.Module.plan, .ground].allSatisfy { resolved(for: $0).temperature <= 0 }
    }
}

/// One module's override of the shared sampling settings.
public struct ModuleSampling: Sendable, Hashable, Codable {
    public var temperature: Double?
    public var topP: Double?

    public init(temperature: Double? = nil, topP: Double? = nil) {
        self.temperature = temperature
        self.topP = topP
    }
}
