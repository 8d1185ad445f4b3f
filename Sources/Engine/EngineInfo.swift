/// The CPU inference engine. Placeholder until the engine issue lands.
public enum EngineInfo { public static let version = 1 }
