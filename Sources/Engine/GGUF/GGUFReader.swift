/// A bounds-checked little-endian cursor over the mapped header. Every read checks the remaining length first,
/// so a corrupt count or length becomes a `GGUFError` instead of a read past the mapping.
struct GGUFReader {
    let base: UnsafeRawPointer
    let size: Int
    let path: String
    private(set) var position: Int = 0

    init(base: UnsafeRawPointer, size: Int, path: String) {
        self.base = base
        self.size = size
        self.path = path
    }

    var remaining: Int { size - position }

    mutating func require(_ bytes: Int, _ what: @autoclosure () -> String) throws {
        if bytes < 0 || bytes > remaining {
            throw GGUFError(
                .truncated, path: path,
                "the file ends at byte \(size) while reading \(what()) at byte \(position) (needs \(bytes) bytes); "
                    + "it is probably an incomplete download or not a GGUF file: fetch it again")
        }
    }

    mutating func load<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws -> T {
        try require(MemoryLayout<T>.size, what())
        let value = T(littleEndian: base.loadUnaligned(fromByteOffset: position, as: T.self))
        position += MemoryLayout<T>.size
        return value
    }

    /// A u64 count or size that must fit in `Int` and must not claim more than `unit`-byte items than remain.
    mutating func count(_ what: @autoclosure () -> String, minimumItemSize unit: Int) throws -> Int {
        let start = position
        let raw = try load(UInt64.self, what())
        guard raw <= UInt64(Int.max), Int(raw) <= remaining / max(unit, 1) else {
            throw GGUFError(
                .truncated, path: path,
                "\(what()) at byte \(start) is \(raw), but only \(remaining) bytes follow; the file is corrupt or truncated")
        }
        return Int(raw)
    }

    mutating func string(_ what: @autoclosure () -> String) throws -> String {
        let length = try count("the length of \(what())", minimumItemSize: 1)
        let text = String(decoding: UnsafeRawBufferPointer(start: base + position, count: length), as: UTF8.self)
        position += length
        return text
    }

    mutating func valueType(_ what: @autoclosure () -> String) throws -> GGUFValueType {
        let start = position
        let raw = try load(UInt32.self, what())
        guard let type = GGUFValueType(rawValue: raw) else {
            throw GGUFError(
                .invalidValueType, path: path,
                "\(what()) at byte \(start) has value type \(raw), which GGUF does not define (0…12); the file is corrupt")
        }
        return type
    }

    mutating func value(of type: GGUFValueType, _ what: @autoclosure () -> String) throws -> GGUFValue {
        switch type {
        case .uint8: .uint8(try load(UInt8.self, what()))
        case .int8: .int8(try load(Int8.self, what()))
        case .uint16: .uint16(try load(UInt16.self, what()))
        case .int16: .int16(try load(Int16.self, what()))
        case .uint32: .uint32(try load(UInt32.self, what()))
        case .int32: .int32(try load(Int32.self, what()))
        case .uint64: .uint64(try load(UInt64.self, what()))
        case .int64: .int64(try load(Int64.self, what()))
        case .float32: .float32(Float(bitPattern: try load(UInt32.self, what())))
        case .float64: .float64(Double(bitPattern: try load(UInt64.self, what())))
        case .bool: .bool(try load(UInt8.self, what()) != 0)
        case .string: .string(try string(what()))
        case .array: try array(what())
        }
    }

    private mutating func array(_ what: @autoclosure () -> String) throws -> GGUFValue {
        let elementType = try valueType("the element type of \(what())")
        // Strings take at least their 8-byte length; nested arrays at least a type and a count.
        let minimum = elementType.fixedSize ?? (elementType == .string ? 8 : 12)
        let n = try count("the element count of \(what())", minimumItemSize: minimum)
        if n <= GGUFArray.boxingLimit || elementType == .array {
            var values: [GGUFValue] = []
            values.reserveCapacity(n)
            for i in 0..<n { values.append(try value(of: elementType, "element \(i) of \(what())")) }
            return .array(values)
        }
        return .typedArray(try typedArray(of: elementType, count: n, what()))
    }

    private mutating func typedArray(of type: GGUFValueType, count n: Int, _ what: @autoclosure () -> String) throws
        -> GGUFArray
    {
        switch type {
        case .string:
            var strings: [String] = []
            strings.reserveCapacity(n)
            for _ in 0..<n { strings.append(try string("a string in \(what())")) }
            return .strings(strings)
        case .float32: return .float32s(readFixed(n, UInt32.self).map { Float(bitPattern: $0) })
        case .float64: return .float64s(readFixed(n, UInt64.self).map { Double(bitPattern: $0) })
        case .bool: return .bools(readFixed(n, UInt8.self).map { $0 != 0 })
        case .uint8: return .integers(readFixed(n, UInt8.self).map { Int($0) }, elementType: type)
        case .int8: return .integers(readFixed(n, Int8.self).map { Int($0) }, elementType: type)
        case .uint16: return .integers(readFixed(n, UInt16.self).map { Int($0) }, elementType: type)
        case .int16: return .integers(readFixed(n, Int16.self).map { Int($0) }, elementType: type)
        case .uint32: return .integers(readFixed(n, UInt32.self).map { Int($0) }, elementType: type)
        case .int32: return .integers(readFixed(n, Int32.self).map { Int($0) }, elementType: type)
        case .uint64: return .integers(readFixed(n, UInt64.self).map { Int(truncatingIfNeeded: $0) }, elementType: type)
        case .int64: return .integers(readFixed(n, Int64.self).map { Int($0) }, elementType: type)
        case .array: preconditionFailure("nested arrays are always boxed")
        }
    }

    /// Reads `n` little-endian integers; `count(_:minimumItemSize:)` has already checked that they fit.
    private mutating func readFixed<T: FixedWidthInteger>(_ n: Int, _: T.Type) -> [T] {
        let size = MemoryLayout<T>.size
        let start = position
        position += n * size
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            for i in 0..<n {
                buffer[i] = T(littleEndian: base.loadUnaligned(fromByteOffset: start + i * size, as: T.self))
            }
            initialized = n
        }
    }
}
