#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A GGUF v2/v3 file mapped read-only into memory.
///
/// The mapping is `MAP_SHARED` and read-only, so every process that opens the same file shares the weight pages
/// through the page cache and no tensor byte is ever copied. `@unchecked Sendable` because the only mutable state
/// is the mapping itself, which is never written, and it is unmapped in `deinit` only: pointers returned by
/// `data(for:)` stay valid for as long as the `GGUFFile` is alive — keep a reference to the file wherever they are used.
public final class GGUFFile: @unchecked Sendable {
    public let path: String
    public let version: UInt32
    public let metadata: [String: GGUFValue]
    /// Tensor records in file order.
    public let tensorInfos: [GGUFTensorInfo]
    /// Alignment of the data section and of every tensor (`general.alignment`, default 32).
    public let alignment: Int
    /// Absolute offset of the tensor data section.
    public let dataOffset: Int

    private let base: UnsafeRawPointer
    /// Bytes of the file, all mapped (the weights are read in place).
    public let mappedSize: Int
    private let tensorIndex: [String: Int]

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw GGUFError(.cannotOpen, path: path, "cannot open the file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw GGUFError(.cannotOpen, path: path, "cannot stat the file: \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw GGUFError(.cannotOpen, path: path, "not a regular file")
        }
        let size = Int(info.st_size)
        guard size >= 8 else {
            throw GGUFError(.truncated, path: path, "the file has only \(size) bytes, less than a GGUF header")
        }
        guard let mapping = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), mapping != MAP_FAILED else {
            throw GGUFError(.cannotOpen, path: path, "cannot map the file: \(String(cString: strerror(errno)))")
        }
        let base = UnsafeRawPointer(mapping)
        do {
            let header = try GGUFHeaderParser.parse(base: base, size: size, path: path)
            self.version = header.version
            self.metadata = header.metadata
            self.tensorInfos = header.tensors
            self.alignment = header.alignment
            self.dataOffset = header.dataOffset
        } catch {
            munmap(mapping, size)
            throw error
        }
        self.base = base
        self.mappedSize = size
        var index: [String: Int] = [:]
        index.reserveCapacity(tensorInfos.count)
        for (i, t) in tensorInfos.enumerated() { index[t.name] = i }
        self.tensorIndex = index
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), mappedSize)
    }

    public var fileSize: Int { mappedSize }

    /// The start of the whole mapping (for callers that madvise or checksum the file).
    public var baseAddress: UnsafeRawPointer { base }

    public func tensor(named name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensorInfos[$0] }
    }

    /// The first byte of the tensor's data inside the mapping (valid while `self` is alive).
    public func data(for tensor: GGUFTensorInfo) -> UnsafeRawPointer {
        base + tensor.offset
    }

    // MARK: typed metadata

    public var architecture: String? { string("general.architecture") }

    public func int(_ key: String) -> Int? { metadata[key]?.intValue }
    public func float(_ key: String) -> Float? { metadata[key]?.floatValue }
    public func string(_ key: String) -> String? { metadata[key]?.stringValue }
    public func bool(_ key: String) -> Bool? { metadata[key]?.boolValue }

    public func strings(_ key: String) -> [String]? {
        switch metadata[key] {
        case .typedArray(.strings(let a)): return a
        case .array(let values): return Self.unboxed(values, \.stringValue)
        default: return nil
        }
    }

    /// Float or integer array elements as `Float` (llama.cpp accepts INT32 token scores too).
    public func floats(_ key: String) -> [Float]? {
        switch metadata[key] {
        case .typedArray(.float32s(let a)): return a
        case .typedArray(.float64s(let a)): return a.map { Float($0) }
        case .typedArray(.integers(let a, _)): return a.map { Float($0) }
        case .array(let values): return Self.unboxed(values, \.floatValue)
        default: return nil
        }
    }

    /// Integer array elements of any integer type, widened to `Int`.
    public func ints(_ key: String) -> [Int]? {
        switch metadata[key] {
        case .typedArray(.integers(let a, _)): return a
        case .array(let values): return Self.unboxed(values, \.intValue)
        default: return nil
        }
    }

    /// All elements converted, or nil when one of them has the wrong type.
    private static func unboxed<T>(_ values: [GGUFValue], _ convert: (GGUFValue) -> T?) -> [T]? {
        var out: [T] = []
        out.reserveCapacity(values.count)
        for value in values {
            guard let converted = convert(value) else { return nil }
            out.append(converted)
        }
        return out
    }

    /// `key` prefixed with the architecture (`llama.context_length` for `"context_length"`).
    public func architectureKey(_ key: String) -> String {
        "\(architecture ?? "general").\(key)"
    }
}
