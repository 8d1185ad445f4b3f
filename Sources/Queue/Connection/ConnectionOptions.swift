/// Timeouts and reconnect policy for one Redis connection.
public struct ConnectionOptions: Sendable {
    /// Seconds to wait for the TCP/Unix connect.
    public var connectTimeout: Double
    /// Seconds to wait for a reply (blocking commands add their own block time to this).
    public var commandTimeout: Double
    /// After an I/O error, how many times to try to reconnect before giving up.
    public var reconnectAttempts: Int
    /// The first delay between reconnect attempts; it doubles each time, capped at `reconnectMaxDelay`.
    public var reconnectBaseDelay: Double
    public var reconnectMaxDelay: Double

    public init(
        connectTimeout: Double = 2,
        commandTimeout: Double = 10,
        reconnectAttempts: Int = 6,
        reconnectBaseDelay: Double = 0.05,
        reconnectMaxDelay: Double = 2
    ) {
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectAttempts = reconnectAttempts
        self.reconnectBaseDelay = reconnectBaseDelay
        self.reconnectMaxDelay = reconnectMaxDelay
    }
}
