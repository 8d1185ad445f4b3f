/// The sentinels that watch a replicated Redis and the name of the master they watch, from a
/// `redis+sentinel://[user:password@]host1:26379,host2:26379/MASTER_NAME[?sentinel_password=…&db=N]` URL.
/// The user and password of the URL log in to the master; `password` here logs in to the sentinels.
public struct SentinelSet: Sendable, Equatable {
    public struct Host: Sendable, Equatable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    public var hosts: [Host]
    public var masterName: String
    /// The sentinels' own password (`requirepass` in sentinel.conf), if they ask for one.
    public var password: String?

    public init(hosts: [Host], masterName: String, password: String? = nil) {
        self.hosts = hosts
        self.masterName = masterName
        self.password = password
    }

    /// Sentinel's default port.
    public static let defaultPort = 26379
}
