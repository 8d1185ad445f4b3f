import Foundation

/// Notices a model file that changed after the worker mapped it. The weights are mmapped, so a
/// file truncated or overwritten in place makes reads fault (SIGBUS); a file renamed into place
/// leaves the old mapping valid but stale. Either way the worker must stop taking tasks and be
/// restarted to load the new file. Replace models by writing a new file and renaming it over
/// the old one (as package managers do), never by copying over it.
public struct ModelFileWatch: Sendable {
    struct Identity: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
    }

    let files: [(path: String, identity: Identity)]

    /// Records the identity (device, inode, size) of each file now; paths that cannot be read
    /// are skipped (the model loader has already reported them).
    public init(paths: [String]) {
        var seen = Set<String>()
        files = paths.compactMap { path in
            guard seen.insert(path).inserted, let identity = Self.identity(path) else { return nil }
            return (path, identity)
        }
    }

    public var isEmpty: Bool { files.isEmpty }

    /// A sentence describing the first file that changed, or nil when none did.
    public func change() -> String? {
        for (path, before) in files {
            guard let now = Self.identity(path) else {
                return "The model file '\(path)' was removed or became unreadable while this worker uses it."
            }
            if now.device != before.device || now.inode != before.inode {
                return "The model file '\(path)' was replaced (new inode) while this worker uses it; restart the worker to load the new model."
            }
            if now.size != before.size {
                return "The model file '\(path)' changed size (\(before.size) → \(now.size) bytes) while this worker maps it: it was overwritten in place. Replace model files by renaming a complete new file into place, then restart the worker."
            }
        }
        return nil
    }

    static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size))
    }
}
