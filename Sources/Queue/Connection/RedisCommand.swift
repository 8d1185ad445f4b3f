import Foundation

/// One binary-safe command: all arguments in one contiguous buffer, so a pipeline of thousands of
/// commands costs few allocations before hiredis formats them.
public struct RedisCommand: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    public init(_ arguments: String...) {
        for argument in arguments { append(argument) }
    }

    public init(_ arguments: [String]) {
        for argument in arguments { append(argument) }
    }

    /// The command name, for error messages (arguments are never shown: they may hold payloads).
    public var name: String {
        guard let first = ends.first else { return "" }
        return String(decoding: bytes[0..<first], as: UTF8.self).uppercased()
    }

    public var argumentCount: Int { ends.count }

    public mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        ends.append(bytes.count)
    }

    public mutating func append(_ value: Int) { append(String(value)) }

    public mutating func append(_ data: Data) {
        bytes.append(contentsOf: data)
        ends.append(bytes.count)
    }

    public mutating func append(bytes other: [UInt8]) {
        bytes.append(contentsOf: other)
        ends.append(bytes.count)
    }

    /// Appends every argument of `other` (for EVALSHA: the script's arguments after its keys).
    public mutating func appendAll(of other: RedisCommand) {
        let offset = bytes.count
        bytes.append(contentsOf: other.bytes)
        for end in other.ends { ends.append(offset + end) }
    }

    /// Calls `body` with hiredis's argv/argvlen arrays, valid only inside `body`.
    func withArgv<R>(_ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { buffer in
            // An empty buffer has no base address; hiredis reads zero bytes from it anyway.
            let base = buffer.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(bitPattern: 1)!
            var pointers: [UnsafePointer<CChar>?] = []
            var lengths: [Int] = []
            pointers.reserveCapacity(ends.count)
            lengths.reserveCapacity(ends.count)
            var start = 0
            for end in ends {
                pointers.append((base + start).assumingMemoryBound(to: CChar.self))
                lengths.append(end - start)
                start = end
            }
            return try pointers.withUnsafeMutableBufferPointer { argv in
                try lengths.withUnsafeBufferPointer { argvlen in
                    try body(Int32(ends.count), argv.baseAddress!, argvlen.baseAddress!)
                }
            }
        }
    }
}
