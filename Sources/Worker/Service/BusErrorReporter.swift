import Foundation

/// The last resort when a mapped model file is truncated or overwritten under a running task:
/// reads of the mapping fault with SIGBUS, which would kill the process with no word of why.
/// The handler writes a prepared sentence and exits with status 75 (EX_TEMPFAIL: restart me).
/// Only async-signal-safe calls (`write`, `_exit`) run inside it.
public enum BusErrorReporter {
    // nonisolated(unsafe): written once by `install` before the handler can run, then only read
    // by the handler; a signal handler cannot take locks.
    nonisolated(unsafe) private static var message: UnsafeMutableBufferPointer<UInt8>?

    public static let exitStatus: Int32 = 75

    /// Installs the SIGBUS handler naming `modelFiles`.
    public static func install(modelFiles: [String]) {
        guard !modelFiles.isEmpty, message == nil else { return }
        let text = "lumos-worker: bus error reading a mapped model file (\(modelFiles.joined(separator: ", "))): it was truncated or overwritten in place while this worker used it. Replace model files by renaming a complete new file into place, then restart the worker.\n"
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        message = buffer
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if let message = BusErrorReporter.message {
                _ = write(STDERR_FILENO, message.baseAddress, message.count)
            }
            _exit(BusErrorReporter.exitStatus)
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, nil)
    }
}
