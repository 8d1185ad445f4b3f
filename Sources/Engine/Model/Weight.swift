import CKernels

/// A weight matrix (or vector) in place in the memory-mapped file: `rows` rows of `columns` values,
/// and for some matrices a copy laid out for this CPU's kernels.
struct Weight: @unchecked Sendable {  // points into the read-only mapping owned by the model's GGUFFile, and an immutable copy
    let name: String
    let type: GGMLType
    let data: UnsafeRawPointer
    let columns: Int
    let rows: Int
    let rowBytes: Int
    /// The same matrix laid out for this CPU's fastest kernel, when it has one (`withInterleavedCopy()`).
    var interleaved: InterleavedMatrix? = nil

    /// The type id and data the matmul kernels take: the interleaved copy's when there is one.
    var kernelType: Int32 { interleaved?.type ?? Int32(type.rawValue) }
    var kernelData: UnsafeRawPointer { interleaved.map { UnsafeRawPointer($0.data) } ?? data }

    /// This weight with an interleaved copy for the matmul kernels, when this CPU has them.
    func withInterleavedCopy() -> Weight {
        var copy = self
        copy.interleaved = InterleavedMatrix(self)
        return copy
    }

    /// For a vector (norm, frequency factors): a copy in memory, so the file's pages stay released.
    var resident: ResidentVector? = nil

    var floats: UnsafePointer<Float> { resident.map { UnsafePointer($0.floats) } ?? data.assumingMemoryBound(to: Float.self) }

    func row(_ index: Int) -> UnsafeRawPointer { data + index * rowBytes }

    /// Dequantises one row (an embedding lookup) into `out`.
    func dequantizeRow(_ index: Int, into out: UnsafeMutablePointer<Float>) {
        if let interleaved {
            // From the copy: the file's pages of a repacked matrix were released, and faulting them
            // back in for lookups would bring whole neighbourhoods of rows with them.
            lumos_x8_dequantize_row(interleaved.type, interleaved.data, Int32(index), Int32(columns), out)
        } else {
            lumos_dequantize_row(Int32(type.rawValue), row(index), out, Int32(columns))
        }
    }

    static func load(_ gguf: GGUFFile, _ name: String, shape: [Int], optional: Bool = false, matrix: Bool = true) throws -> Weight? {
        guard let info = gguf.tensor(named: name) else {
            if optional { return nil }
            throw ModelError(.missingTensor, "\(gguf.path) has no tensor '\(name)'; the file is incomplete or not a \(gguf.architecture ?? "supported") model.")
        }
        var dims = info.dimensions
        while dims.count > shape.count, dims.last == 1 { dims.removeLast() }
        guard dims == shape else {
            throw ModelError(.shapeMismatch, "tensor '\(name)' has shape \(info.dimensions), expected \(shape) from the model's hyper-parameters.")
        }
        let typeID = Int32(info.type.rawValue)
        guard lumos_type_supported(typeID) != 0 else {
            throw ModelError(.unsupportedTensorType, "tensor '\(name)' is \(info.type), which this engine cannot compute with; supported: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K–Q6_K. Re-quantize the model to one of these.")
        }
        if !matrix, info.type != .f32 {
            throw ModelError(.unsupportedTensorType, "norm tensor '\(name)' is \(info.type); the engine expects F32 norm weights.")
        }
        let columns = info.rowLength
        guard columns % info.type.blockSize == 0 else {
            throw ModelError(.shapeMismatch, "tensor '\(name)' rows of \(columns) values are not whole \(info.type) blocks.")
        }
        var weight = Weight(
            name: name, type: info.type, data: gguf.data(for: info), columns: columns,
            rows: info.rowCount, rowBytes: info.type.rowBytes(columns))
        if !matrix { weight.resident = ResidentVector(copying: weight.floats, count: columns * info.rowCount) }
        return weight
    }
}
