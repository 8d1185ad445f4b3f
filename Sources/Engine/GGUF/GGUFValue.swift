/// One metadata value. Arrays longer than `GGUFArray.boxingLimit` elements (vocabularies, scores, merges) are
/// kept as `.typedArray` so a 262,144-entry vocabulary is three flat Swift arrays rather than 786,432 boxed
/// enum values; `arrayValues` and the typed helpers on `GGUFFile` read both forms alike.
public indirect enum GGUFValue: Sendable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32), float32(Float)
    case bool(Bool), string(String), array([GGUFValue]), uint64(UInt64), int64(Int64), float64(Double)
    case typedArray(GGUFArray)

    /// Any integer value widened to `Int` (nil for non-integers and for a UInt64 above `Int.max`).
    public var intValue: Int? {
        switch self {
        case .uint8(let v): Int(v)
        case .int8(let v): Int(v)
        case .uint16(let v): Int(v)
        case .int16(let v): Int(v)
        case .uint32(let v): Int(v)
        case .int32(let v): Int(v)
        case .uint64(let v): Int(exactly: v)
        case .int64(let v): Int(v)
        default: nil
        }
    }

    /// Any float or integer value as `Float`.
    public var floatValue: Float? {
        switch self {
        case .float32(let v): v
        case .float64(let v): Float(v)
        default: intValue.map { Float($0) }
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements of either array form, boxed (slow for big arrays: prefer `GGUFFile.strings/floats/ints`).
    public var arrayValues: [GGUFValue]? {
        switch self {
        case .array(let values): values
        case .typedArray(let array): array.values
        default: nil
        }
    }
}

/// The element type ids of GGUF key/value records.
public enum GGUFValueType: UInt32, Sendable {
    case uint8 = 0, int8 = 1, uint16 = 2, int16 = 3, uint32 = 4, int32 = 5, float32 = 6, bool = 7, string = 8
    case array = 9, uint64 = 10, int64 = 11, float64 = 12

    /// Encoded size of one value, nil for variable-length types.
    var fixedSize: Int? {
        switch self {
        case .uint8, .int8, .bool: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .uint64, .int64, .float64: 8
        case .string, .array: nil
        }
    }
}

/// A long homogeneous array stored unboxed.
public enum GGUFArray: Sendable {
    /// Arrays with more elements than this are stored typed; shorter ones stay `GGUFValue.array`.
    public static let boxingLimit = 1024

    case strings([String])
    case float32s([Float])
    case float64s([Double])
    case bools([Bool])
    /// Any integer element type, widened; `elementType` keeps the stored type.
    case integers([Int], elementType: GGUFValueType)

    public var count: Int {
        switch self {
        case .strings(let a): a.count
        case .float32s(let a): a.count
        case .float64s(let a): a.count
        case .bools(let a): a.count
        case .integers(let a, _): a.count
        }
    }

    public var values: [GGUFValue] {
        switch self {
        case .strings(let a): a.map { .string($0) }
        case .float32s(let a): a.map { .float32($0) }
        case .float64s(let a): a.map { .float64($0) }
        case .bools(let a): a.map { .bool($0) }
        case .integers(let a, let type): a.map { GGUFArray.box($0, as: type) }
        }
    }

    static func box(_ v: Int, as type: GGUFValueType) -> GGUFValue {
        switch type {
        case .uint8: .uint8(UInt8(truncatingIfNeeded: v))
        case .int8: .int8(Int8(truncatingIfNeeded: v))
        case .uint16: .uint16(UInt16(truncatingIfNeeded: v))
        case .int16: .int16(Int16(truncatingIfNeeded: v))
        case .uint32: .uint32(UInt32(truncatingIfNeeded: v))
        case .int32: .int32(Int32(truncatingIfNeeded: v))
        case .uint64: .uint64(UInt64(bitPattern: Int64(v)))
        default: .int64(Int64(v))
        }
    }
}
