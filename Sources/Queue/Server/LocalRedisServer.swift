import Foundation

/// A private `redis-server` in a temporary directory: for tests, the benchmark and the demo,
/// which need a Redis with nothing configured. Listens on a Unix socket in its directory, and
/// optionally on a loopback TCP port with a password and ACL users.
///
/// `stop()` (or deinit) ends the server and removes the directory; `restart()` keeps the
/// directory, so an append-only file survives.
public final class LocalRedisServer: @unchecked Sendable {
    // @unchecked Sendable: the mutable `child` pid is only touched under `lock`.
    public struct Options: Sendable {
        public var appendOnly: Bool
        /// `always` makes even a SIGKILLed server lose nothing; `everysec` is Redis's default.
        public var appendFsync: String
        /// Also listen on 127.0.0.1 at this port (0 picks a free one); nil means Unix socket only.
        public var tcpPort: Int?
        /// `requirepass` for the default user.
        public var password: String?
        /// Extra ACL users, each with full rights on every key.
        public var users: [(name: String, password: String)]
        public var maxmemoryPolicy: String
        public var extraArguments: [String]

        public init(appendOnly: Bool = false, appendFsync: String = "everysec", tcpPort: Int? = nil, password: String? = nil,
                    users: [(name: String, password: String)] = [], maxmemoryPolicy: String = "noeviction", extraArguments: [String] = []) {
            self.appendOnly = appendOnly
            self.appendFsync = appendFsync
            self.tcpPort = tcpPort
            self.password = password
            self.users = users
            self.maxmemoryPolicy = maxmemoryPolicy
            self.extraArguments = extraArguments
        }
    }

    public let options: Options
    public let directory: URL
    public let socketPath: String
    /// The TCP port, when listening on one.
    public let port: Int?
    private let lock = NSLock()
    private var child: pid_t?
    /// Kills the server if this process dies without stopping it.
    private var orphanGuard: OrphanGuard?

    /// Creates the directory and starts the server; returns once it answers PING.
    /// - Parameter searchPath: the folders (`PATH` syntax) to find `executable` in; the caller
    ///   passes its `PATH` (the library reads no environment). Without it, the system folders.
    public init(options: Options = Options(), executable: String = "redis-server", searchPath: String? = nil) throws {
        self.options = options
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/lumos-redis-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw QueueError(.serverStart, "Could not create a temporary directory for redis-server in \(base).")
        }
        directory = URL(fileURLWithPath: String(cString: made))
        socketPath = directory.appendingPathComponent("redis.sock").path
        if let wanted = options.tcpPort { port = wanted == 0 ? try Self.freePort() : wanted } else { port = nil }
        self.executable = executable
        self.searchPath = searchPath ?? Self.systemPath
        try start()
    }

    let executable: String
    private let searchPath: String
    static let systemPath = "/usr/local/bin:/usr/bin:/bin:/usr/sbin"

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A URL for the Unix socket (with the password, if any).
    public var url: RedisURL {
        RedisURL(endpoint: .unix(path: socketPath), password: options.password)
    }

    /// A URL for the TCP port, as the default user or as one of the ACL users.
    public func tcpURL(user: String? = nil, password: String? = nil) -> RedisURL? {
        guard let port else { return nil }
        return RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port), user: user, password: password ?? (user == nil ? options.password : nil))
    }

    public var pid: Int32? { lock.withLock { child } }

    public func start() throws {
        try lock.withLock {
            guard child == nil else { return }
            let path = try Self.locate(executable, in: searchPath)
            let pid = try Self.spawn(path, arguments: arguments())
            child = pid
            orphanGuard = OrphanGuard(pid: pid)
        }
        try waitUntilReady()
        // ACL users are created over the socket: redis-server does not split a `--user` argument.
        if !options.users.isEmpty {
            let admin = try RedisConnection(url: url)
            for user in options.users {
                try admin.checkedSend(RedisCommand("ACL", "SETUSER", user.name, "reset", "on", ">" + user.password, "~*", "&*", "+@all"))
            }
        }
    }

    /// Graceful shutdown (SIGTERM: an append-only file is flushed); SIGKILL after 10 s.
    public func stop() {
        guard let pid = takeChild() else { return }
        Glibc.kill(pid, SIGCONT)
        Glibc.kill(pid, SIGTERM)
        if !Self.reap(pid, within: 10) {
            Glibc.kill(pid, SIGKILL)
            _ = Self.reap(pid, within: 10)
        }
        try? FileManager.default.removeItem(atPath: socketPath)
    }

    /// Ends the server abruptly (SIGKILL), as a crash would.
    public func crash() {
        guard let pid = takeChild() else { return }
        Glibc.kill(pid, SIGKILL)
        _ = Self.reap(pid, within: 10)
        try? FileManager.default.removeItem(atPath: socketPath)
    }

    /// Forgets the running server (and ends its orphan guard) for stop() or crash().
    private func takeChild() -> pid_t? {
        let (pid, guarding) = lock.withLock { () -> (pid_t?, OrphanGuard?) in
            defer { child = nil; orphanGuard = nil }
            return (child, orphanGuard)
        }
        guarding?.release()
        return pid
    }

    /// Stops and starts again in the same directory (same append-only file).
    public func restart() throws {
        stop()
        try start()
    }

    /// Pauses the server (SIGSTOP): it accepts connections but answers nothing until `thaw()`.
    public func freeze() { if let pid { Glibc.kill(pid, SIGSTOP) } }
    public func thaw() { if let pid { Glibc.kill(pid, SIGCONT) } }

    /// The tail of the server's log, for error messages.
    public func logTail(lines: Int = 20) -> String {
        let text = (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    private func arguments() -> [String] {
        var args = [
            "--port", String(port ?? 0),
            "--bind", "127.0.0.1",
            "--unixsocket", socketPath,
            "--unixsocketperm", "700",
            "--dir", directory.path,
            "--logfile", directory.appendingPathComponent("redis.log").path,
            "--daemonize", "no",
            "--save", "",
            "--appendonly", options.appendOnly ? "yes" : "no",
            "--appendfsync", options.appendFsync,
            "--maxmemory-policy", options.maxmemoryPolicy,
        ]
        if let password = options.password { args += ["--requirepass", password] }
        return args + options.extraArguments
    }

    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(15)
        var lastError: (any Error)?
        let options = ConnectionOptions(connectTimeout: 0.5, commandTimeout: 2, reconnectAttempts: 0)
        while Date() < deadline {
            if lock.withLock({ child.map { !Self.isAlive($0) } ?? true }) { break }
            do {
                let connection = try RedisConnection(url: url, options: options)
                // A server loading its append-only file answers LOADING until done.
                if case .status = try connection.send(RedisCommand("PING")) { return }
            } catch {
                lastError = error
            }
            usleep(20_000)
        }
        let log = logTail()
        stop()
        throw QueueError(.serverStart, "redis-server in \(directory.path) did not become ready (\(lastError.map { "\($0)" } ?? "it exited")). Log:\n\(log)")
    }

    /// posix_spawn rather than Foundation's Process: stop() must know promptly when the server
    /// has exited, and waitpid on our own child tells us that directly.
    private static func spawn(_ path: String, arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        OrphanGuard.closeInheritedDescriptors(&actions)
        // The parent (a test runner, a CLI) may block or ignore signals; the server must get a clean
        // signal state or it would not hear the SIGTERM that stops it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw QueueError(.serverStart, "Could not start \(path) (error \(status)). Install redis-server (apt-get install redis-server) or use a running server's URL instead.")
        }
        return pid
    }

    /// Waits for our child to exit and reaps it; false if it is still running after `seconds`.
    private static func reap(_ pid: pid_t, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) { return true }
            if Date() >= deadline { return false }
            usleep(5_000)
        }
    }

    private static func isAlive(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    private static func locate(_ executable: String, in path: String) throws -> String {
        if executable.contains("/") { return executable }
        for dir in path.split(separator: ":") + ["/usr/sbin", "/usr/bin"] {
            let candidate = "\(dir)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw QueueError(.serverStart, "\(executable) was not found on PATH. Install it (apt-get install redis-server) or use a running server's URL instead.")
    }

    /// A free loopback TCP port, found by binding port 0 (another process could take it before
    /// redis-server does; unlikely enough for tests).
    /// A loopback TCP port nothing listens on right now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw QueueError(.serverStart, "Could not open a socket to find a free port.") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw QueueError(.serverStart, "Could not bind a loopback socket to find a free port.") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
