import AgentCore
/// Placeholder until the store lands.
public enum ResultStoreInfo { public static let version = 1 }
