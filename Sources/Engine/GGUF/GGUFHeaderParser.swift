/// Parses and validates everything before the tensor data: header, key/value records, tensor-info records.
enum GGUFHeaderParser {
    struct Header {
        var version: UInt32
        var metadata: [String: GGUFValue]
        var tensors: [GGUFTensorInfo]
        var alignment: Int
        var dataOffset: Int
    }

    static let magic: UInt32 = 0x4655_4747  // "GGUF" read as a little-endian u32
    static let defaultAlignment = 32

    static func parse(base: UnsafeRawPointer, size: Int, path: String) throws -> Header {
        var r = GGUFReader(base: base, size: size, path: path)
        let magic = try r.load(UInt32.self, "the magic")
        guard magic == Self.magic else {
            throw GGUFError(.badMagic, path: path, "the file does not start with \"GGUF\"; it is not a GGUF model file")
        }
        let version = try r.load(UInt32.self, "the version")
        if version & 0xFFFF == 0 {
            throw GGUFError(
                .bigEndian, path: path, "the file is a big-endian GGUF; convert it to little-endian (gguf-py) first")
        }
        guard version == 2 || version == 3 else {
            throw GGUFError(
                .unsupportedVersion, path: path,
                "GGUF version \(version) is not supported (only 2 and 3); reconvert the model with a current llama.cpp")
        }
        // A tensor-info record takes at least 8 + 4 + 8 + 4 + 8 bytes, a key/value record at least 8 + 4 + 1.
        let tensorCount = try r.count("the tensor count", minimumItemSize: 32)
        let kvCount = try r.count("the key/value count", minimumItemSize: 13)

        var metadata: [String: GGUFValue] = [:]
        metadata.reserveCapacity(kvCount)
        for i in 0..<kvCount {
            let key = try r.string("key \(i)")
            let type = try r.valueType("the type of '\(key)'")
            let value = try r.value(of: type, "the value of '\(key)'")
            guard metadata.updateValue(value, forKey: key) == nil else {
                throw GGUFError(.duplicateKey, path: path, "the metadata key '\(key)' appears twice; the file is corrupt")
            }
        }

        let alignment = try readAlignment(metadata, path: path)
        var records: [(name: String, dims: [Int], type: GGMLType, offset: Int)] = []
        records.reserveCapacity(tensorCount)
        var names = Set<String>()
        for i in 0..<tensorCount {
            let name = try r.string("the name of tensor \(i)")
            guard names.insert(name).inserted else {
                throw GGUFError(.duplicateTensor, path: path, "the tensor name '\(name)' appears twice; the file is corrupt")
            }
            let nDims = try r.load(UInt32.self, "the dimension count of '\(name)'")
            guard (1...4).contains(nDims) else {
                throw GGUFError(
                    .invalidTensorInfo, path: path, "tensor '\(name)' has \(nDims) dimensions; GGUF allows 1 to 4")
            }
            var dims: [Int] = []
            for d in 0..<Int(nDims) {
                let ne = try r.load(UInt64.self, "dimension \(d) of '\(name)'")
                guard ne <= UInt64(Int32.max) * 64 else {
                    throw GGUFError(.invalidTensorInfo, path: path, "tensor '\(name)' has an impossible dimension \(ne)")
                }
                dims.append(Int(ne))
            }
            let typeID = try r.load(UInt32.self, "the type of '\(name)'")
            guard let type = GGMLType(rawValue: typeID) else {
                throw GGUFError(
                    .unknownTensorType, path: path,
                    "tensor '\(name)' has ggml type id \(typeID), which this engine does not know; "
                        + "requantize the model to a supported type (F32, F16, BF16, Q4_0 … Q8_0, Q2_K … Q6_K)")
            }
            let offset = try r.load(UInt64.self, "the data offset of '\(name)'")
            guard offset <= UInt64(Int.max / 2) else {
                throw GGUFError(
                    .offsetPastEnd, path: path, "tensor '\(name)' has data offset \(offset), past the end of the file")
            }
            records.append((name, dims, type, Int(offset)))
        }

        let dataOffset = (r.position + alignment - 1) / alignment * alignment
        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(records.count)
        for rec in records {
            tensors.append(try tensorInfo(rec, dataOffset: dataOffset, alignment: alignment, fileSize: size, path: path))
        }
        return Header(version: version, metadata: metadata, tensors: tensors, alignment: alignment, dataOffset: dataOffset)
    }

    private static func readAlignment(_ metadata: [String: GGUFValue], path: String) throws -> Int {
        guard let value = metadata["general.alignment"] else { return defaultAlignment }
        guard let a = value.intValue, a > 0, a & (a - 1) == 0, a <= 1 << 20 else {
            throw GGUFError(
                .badAlignment, path: path, "general.alignment is \(value), not a power of two; the file is corrupt")
        }
        return a
    }

    private static func tensorInfo(
        _ rec: (name: String, dims: [Int], type: GGMLType, offset: Int),
        dataOffset: Int, alignment: Int, fileSize: Int, path: String
    ) throws -> GGUFTensorInfo {
        let (name, dims, type) = (rec.name, rec.dims, rec.type)
        guard dims[0] % type.blockSize == 0 else {
            throw GGUFError(
                .invalidTensorInfo, path: path,
                "tensor '\(name)' has rows of \(dims[0]) elements, not a multiple of the \(type) block size \(type.blockSize)")
        }
        guard rec.offset % alignment == 0 else {
            throw GGUFError(
                .badAlignment, path: path,
                "tensor '\(name)' starts at data offset \(rec.offset), not a multiple of the alignment \(alignment)")
        }
        var bytes = type.rowBytes(dims[0])
        for ne in dims.dropFirst() {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: ne)
            guard !overflow, product <= fileSize else {
                throw GGUFError(
                    .offsetPastEnd, path: path,
                    "tensor '\(name)' of shape \(dims) needs more bytes than the file's \(fileSize); it is truncated or corrupt")
            }
            bytes = product
        }
        let start = dataOffset + rec.offset
        guard start <= fileSize, bytes <= fileSize - start else {
            throw GGUFError(
                .offsetPastEnd, path: path,
                "tensor '\(name)' occupies bytes \(start)..<\(start + bytes) but the file has only \(fileSize) bytes; "
                    + "it is probably an incomplete download: fetch it again")
        }
        return GGUFTensorInfo(name: name, dimensions: dims, type: type, offset: start, byteCount: bytes)
    }
}
