import Foundation

/// Kills a child process when this process dies, however it dies (SIGKILL included), so that a
/// private redis-server, a sentinel or a worker started by a test or a demo never outlives it.
///
/// A small watcher (`/bin/sh`) reads a pipe whose only writer is this process (close-on-exec, so
/// no other child holds it). When this process exits, the kernel closes the writer, the watcher's
/// read ends, and it SIGKILLs the child. `release()` ends the watcher first, for a child that is
/// stopped on purpose.
///
/// `@unchecked Sendable`: the descriptor and the watcher's pid change only under `lock`.
public final class OrphanGuard: @unchecked Sendable {
    private let lock = NSLock()
    private var writer: Int32
    private var watcher: pid_t

    /// Starts the watcher for `pid`; nil when it cannot be started (the child then only lacks
    /// this safety net).
    public init?(pid: Int32) {
        var fds: [Int32] = [0, 0]
        // Close-on-exec from the start: set afterwards, a child spawned by another thread in
        // between could inherit the writing end and keep the watcher from ever firing.
        // (A socket pair because Swift's Glibc module does not export pipe2.)
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 onto 0 clears close-on-exec for the watcher's copy of the reading end only.
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        for fd in Int32(1)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0) }
        Self.closeInheritedDescriptors(&actions)
        let arguments: [String] = ["/bin/sh", "-c", "read _; kill -9 \(pid) 2>/dev/null"]
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, "/bin/sh", &actions, nil, argv, environ)
        close(fds[0])
        guard status == 0 else {
            close(fds[1])
            return nil
        }
        writer = fds[1]
        watcher = child
    }

    deinit { release() }

    /// Adds "close every descriptor from 3 up" to a spawn's file actions. Another thread may be
    /// spawning a Foundation `Process` at the same moment, whose pipes are not close-on-exec: a
    /// long-lived child that inherited the writing end of such a pipe would keep its reader from
    /// ever seeing the end of the output. glibc 2.34+ does this in one action; elsewhere the
    /// descriptors open now are listed from /proc/self/fd.
    static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
    }

    /// Guards a started `Process` until it ends: the guard is released when Foundation reaps it,
    /// before its pid can go to another process.
    public static func attach(to process: Process) {
        guard let orphanGuard = OrphanGuard(pid: process.processIdentifier) else { return }
        process.terminationHandler = { _ in orphanGuard.release() }
        if !process.isRunning { orphanGuard.release() }
    }

    /// Ends the watcher without touching the child (call before stopping the child yourself).
    public func release() {
        let (fd, pid) = lock.withLock { () -> (Int32, pid_t) in
            defer { writer = -1; watcher = 0 }
            return (writer, watcher)
        }
        guard pid > 0 else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        if fd >= 0 { close(fd) }
    }
}
