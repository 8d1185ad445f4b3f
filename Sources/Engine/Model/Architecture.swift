/// The model families the engine runs; anything else is rejected at load time.
public enum Architecture: String, Sendable, CaseIterable {
    case llama
    case gemma3
}
