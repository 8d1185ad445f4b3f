/// A Lua script run with EVALSHA. Each state change of a task is exactly one script call, so a
/// crash or a lost connection can never leave a task half-moved between states.
public struct LuaScript: Sendable {
    public let name: String
    public let source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }

    /// A queue script: the shared prelude (configuration, server clock, count bookkeeping, the
    /// retry/dead path) followed by `body`.
    ///
    /// Calling convention: `KEYS[1]` is the queue's key base (`prefix{queue}:`; the hash tag puts
    /// every derived key in the same Cluster slot). `ARGV[1…5]` are retention ms, stream cap,
    /// dead-letter cap, backoff base ms and backoff max ms; a script's own arguments start at `ARGV[6]`.
    static func queue(_ name: String, _ body: String) -> LuaScript {
        LuaScript(name: name, source: ScriptPrelude.source + "\n" + body)
    }
}
