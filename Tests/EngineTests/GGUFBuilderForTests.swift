import Foundation
import TestSupport

/// Writes small GGUF files byte by byte, remembering where fields are so tests can corrupt them.
struct GGUFBuilder {
    enum Value {
        case u32(UInt32), i32(Int32), f32(Float), bool(Bool), string(String)
        case strings([String]), f32s([Float]), i32s([Int32])
    }

    struct Tensor {
        var name: String
        var dims: [UInt64]
        var type: UInt32
        var data: [UInt8]
    }

    var version: UInt32 = 3
    var metadata: [(String, Value)] = []
    var tensors: [Tensor] = []
    var alignment = 32

    /// Byte positions recorded while writing.
    private(set) var firstKeyLengthAt = 0
    private(set) var tensorTypeAt: [Int] = []
    private(set) var tensorOffsetAt: [Int] = []
    private(set) var dataStart = 0

    mutating func bytes() -> [UInt8] {
        var out: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func str(_ s: String) {
            u64(UInt64(s.utf8.count))
            out += Array(s.utf8)
        }
        out += Array("GGUF".utf8)
        u32(version)
        u64(UInt64(tensors.count))
        u64(UInt64(metadata.count))
        firstKeyLengthAt = out.count
        for (key, value) in metadata {
            str(key)
            switch value {
            case .u32(let v): u32(4); u32(v)
            case .i32(let v): u32(5); u32(UInt32(bitPattern: v))
            case .f32(let v): u32(6); u32(v.bitPattern)
            case .bool(let v): u32(7); out.append(v ? 1 : 0)
            case .string(let s): u32(8); str(s)
            case .strings(let a): u32(9); u32(8); u64(UInt64(a.count)); a.forEach { str($0) }
            case .f32s(let a): u32(9); u32(6); u64(UInt64(a.count)); a.forEach { u32($0.bitPattern) }
            case .i32s(let a): u32(9); u32(5); u64(UInt64(a.count)); a.forEach { u32(UInt32(bitPattern: $0)) }
            }
        }
        var offset = 0
        tensorTypeAt = []
        tensorOffsetAt = []
        for t in tensors {
            str(t.name)
            u32(UInt32(t.dims.count))
            t.dims.forEach { u64($0) }
            tensorTypeAt.append(out.count)
            u32(t.type)
            tensorOffsetAt.append(out.count)
            u64(UInt64(offset))
            offset += (t.data.count + alignment - 1) / alignment * alignment
        }
        while out.count % alignment != 0 { out.append(0) }
        dataStart = out.count
        for t in tensors {
            out += t.data
            while out.count % alignment != 0 { out.append(0) }
        }
        return out
    }

    static func sampleBytes() -> [UInt8] {
        var builder = sample()
        return builder.bytes()
    }

    /// A valid little file: scalar keys, a long (typed) and a short (boxed) array, an F32 and a Q8_0 tensor.
    static func sample() -> GGUFBuilder {
        var b = GGUFBuilder()
        b.metadata = [
            ("general.architecture", .string("llama")),
            ("llama.block_count", .u32(2)),
            ("llama.rope.freq_base", .f32(10000)),
            ("tokenizer.ggml.add_bos_token", .bool(true)),
            ("tokenizer.ggml.tokens", .strings((0..<2000).map { "tok\($0)" })),
            ("tokenizer.ggml.scores", .f32s((0..<2000).map { -Float($0) })),
            ("tokenizer.ggml.token_type", .i32s((0..<2000).map { Int32($0 % 6 + 1) })),
            ("short.ints", .i32s([3, -1, 7])),
        ]
        let f32s: [Float] = [1, 2, 3, 4, 5, 6, 7, 8]
        b.tensors = [
            Tensor(name: "a.weight", dims: [4, 2], type: 0, data: f32s.flatMap { f in withUnsafeBytes(of: f) { Array($0) } }),
            Tensor(name: "b.weight", dims: [32, 2], type: 8, data: [UInt8](repeating: 7, count: 68)),
        ]
        return b
    }
}

/// Test files: the real model, the golden folder, temporary files.
enum TestFiles {
    static var gemmaPath: String? { TestData.gemmaModelPath }
    static var golden: URL { TestData.golden }
    static let tinyQuants = TestData.tinyQuants

    static func tinyModelPath(_ quant: String) -> String { TestData.tinyModelPath(quant) }

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func temporary(_ bytes: [UInt8], name: String = "test.gguf") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
    }
}
