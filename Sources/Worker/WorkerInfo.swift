import AgentCore
/// Placeholder until the worker lands.
public enum WorkerInfo { public static let version = 1 }
