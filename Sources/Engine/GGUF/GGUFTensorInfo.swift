/// Where one tensor lives in the file and how it is shaped.
public struct GGUFTensorInfo: Sendable {
    public let name: String
    /// Element counts, `ne[0]` (the contiguous row length) first, as in GGUF.
    public let dimensions: [Int]
    public let type: GGMLType
    /// Absolute offset of the tensor's first byte in the file.
    public let offset: Int
    public let byteCount: Int

    public var elementCount: Int { dimensions.reduce(1, *) }
    /// Elements in one row (`ne[0]`).
    public var rowLength: Int { dimensions.first ?? 1 }
    /// Number of rows (product of `ne[1...]`).
    public var rowCount: Int { dimensions.dropFirst().reduce(1, *) }
    public var rowBytes: Int { type.rowBytes(rowLength) }

    public init(name: String, dimensions: [Int], type: GGMLType, offset: Int, byteCount: Int) {
        self.name = name
        self.dimensions = dimensions
        self.type = type
        self.offset = offset
        self.byteCount = byteCount
    }
}
