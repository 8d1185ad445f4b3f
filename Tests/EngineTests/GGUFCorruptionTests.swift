import Engine
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite struct GGUFCorruptionTests {
    /// Opens `bytes` as a GGUF file and returns the error code it fails with (nil when it opens).
    private func failure(_ bytes: [UInt8]) throws -> GGUFError.Code? {
        let path = try TestFiles.temporary(bytes)
        defer { TestFiles.remove(path) }
        do {
            _ = try GGUFFile(path: path)
            return nil
        } catch let error as GGUFError {
            #expect(!error.message.isEmpty)
            return error.code
        }
    }

    private func patch(_ bytes: inout [UInt8], at position: Int, u32 value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(position..<position + 4, with: $0) }
    }

    private func patch(_ bytes: inout [UInt8], at position: Int, u64 value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(position..<position + 8, with: $0) }
    }

    @Test func sampleFileRoundTripsMetadataAndTensors() throws {
        var builder = GGUFBuilder.sample()
        let path = try TestFiles.temporary(builder.bytes())
        defer { TestFiles.remove(path) }
        let file = try GGUFFile(path: path)
        #expect(file.version == 3)
        #expect(file.architecture == "llama")
        #expect(file.int("llama.block_count") == 2)
        #expect(file.float("llama.rope.freq_base") == 10000)
        #expect(file.bool("tokenizer.ggml.add_bos_token") == true)
        #expect(file.strings("tokenizer.ggml.tokens")?.count == 2000)
        #expect(file.strings("tokenizer.ggml.tokens")?[1234] == "tok1234")
        #expect(file.floats("tokenizer.ggml.scores")?[5] == -5)
        #expect(file.ints("tokenizer.ggml.token_type")?[7] == 2)
        #expect(file.ints("short.ints") == [3, -1, 7])
        #expect(file.metadata["short.ints"]?.arrayValues?.count == 3)
        #expect(file.metadata["tokenizer.ggml.tokens"]?.arrayValues?.count == 2000)
        #expect(file.string("missing") == nil)
        #expect(file.tensorInfos.map(\.name) == ["a.weight", "b.weight"])
        let a = try #require(file.tensor(named: "a.weight"))
        #expect(a.type == .f32 && a.dimensions == [4, 2] && a.byteCount == 32 && a.elementCount == 8)
        #expect(a.offset == builder.dataStart)
        let floats = file.data(for: a).assumingMemoryBound(to: Float.self)
        #expect((0..<8).map { floats[$0] } == [1, 2, 3, 4, 5, 6, 7, 8])
        let b = try #require(file.tensor(named: "b.weight"))
        #expect(b.type == .q8_0 && b.byteCount == 68 && b.offset == builder.dataStart + 32)
        #expect(file.data(for: b).load(fromByteOffset: 67, as: UInt8.self) == 7)
    }

    @Test func badMagicIsReportedAsBadMagic() throws {
        var bytes = GGUFBuilder.sampleBytes()
        bytes[0] = UInt8(ascii: "X")
        #expect(try failure(bytes) == .badMagic)
    }

    @Test func unsupportedAndBigEndianVersionsAreRejected() throws {
        for version: UInt32 in [1, 4, 99] {
            var builder = GGUFBuilder.sample()
            builder.version = version
            #expect(try failure(builder.bytes()) == .unsupportedVersion)
        }
        var bytes = GGUFBuilder.sampleBytes()
        patch(&bytes, at: 4, u32: UInt32(3).byteSwapped)
        #expect(try failure(bytes) == .bigEndian)
        var v2 = GGUFBuilder.sample()
        v2.version = 2
        #expect(try failure(v2.bytes()) == nil)
    }

    @Test func emptyAndMissingFilesGiveErrorsNotCrashes() throws {
        #expect(try failure([]) == .truncated)
        #expect(throws: GGUFError.self) { try GGUFFile(path: "/nonexistent/dir/model.gguf") }
    }

    @Test func everyTruncationOfTheHeaderIsATruncationError() throws {
        var builder = GGUFBuilder.sample()
        let path = try TestFiles.temporary(builder.bytes())
        defer { TestFiles.remove(path) }
        // Shorten one file step by step (writing a file per length is slow on a busy disk).
        let lengths = Set(stride(from: 0, to: builder.dataStart, by: 37)).union([8, 20, 24, builder.dataStart - 1])
        for length in lengths.sorted(by: >) {
            #expect(truncate(path, off_t(length)) == 0)
            do {
                _ = try GGUFFile(path: path)
                Issue.record("a file cut at \(length) bytes opened")
            } catch let error as GGUFError {
                #expect(error.code == .truncated || error.code == .offsetPastEnd, "cut at \(length): \(error)")
            }
        }
    }

    @Test func truncatedTensorDataIsOffsetPastEnd() throws {
        var builder = GGUFBuilder.sample()
        let bytes = builder.bytes()
        #expect(try failure(Array(bytes[0..<(builder.dataStart + 40)])) == .offsetPastEnd)
    }

    @Test func tensorOffsetPastTheEndIsRejected() throws {
        var builder = GGUFBuilder.sample()
        var bytes = builder.bytes()
        patch(&bytes, at: builder.tensorOffsetAt[1], u64: 1 << 40)
        #expect(try failure(bytes) == .offsetPastEnd)
        patch(&bytes, at: builder.tensorOffsetAt[1], u64: UInt64.max)
        #expect(try failure(bytes) == .offsetPastEnd)
    }

    @Test func misalignedTensorOffsetIsBadAlignment() throws {
        var builder = GGUFBuilder.sample()
        var bytes = builder.bytes()
        patch(&bytes, at: builder.tensorOffsetAt[1], u64: 33)
        #expect(try failure(bytes) == .badAlignment)
    }

    @Test func unknownTensorTypeIdIsNamed() throws {
        var builder = GGUFBuilder.sample()
        var bytes = builder.bytes()
        patch(&bytes, at: builder.tensorTypeAt[0], u32: 99)
        let path = try TestFiles.temporary(bytes)
        defer { TestFiles.remove(path) }
        do {
            _ = try GGUFFile(path: path)
            Issue.record("a file with tensor type 99 opened")
        } catch let error as GGUFError {
            #expect(error.code == .unknownTensorType)
            #expect(error.description.contains("a.weight") && error.description.contains("99"))
        }
    }

    @Test func hugeStringLengthIsATruncationErrorNotAnAllocation() throws {
        var builder = GGUFBuilder.sample()
        var bytes = builder.bytes()
        patch(&bytes, at: builder.firstKeyLengthAt, u64: 1 << 62)
        #expect(try failure(bytes) == .truncated)
        patch(&bytes, at: builder.firstKeyLengthAt, u64: UInt64.max)
        #expect(try failure(bytes) == .truncated)
    }

    @Test func hugeCountsAreRejectedBeforeAllocating() throws {
        var bytes = GGUFBuilder.sampleBytes()
        patch(&bytes, at: 8, u64: 1 << 61)
        #expect(try failure(bytes) == .truncated)
        bytes = GGUFBuilder.sampleBytes()
        patch(&bytes, at: 16, u64: UInt64.max)
        #expect(try failure(bytes) == .truncated)
    }

    @Test func invalidValueTypeIsRejected() throws {
        var builder = GGUFBuilder.sample()
        var bytes = builder.bytes()
        let keyLength = "general.architecture".utf8.count
        patch(&bytes, at: builder.firstKeyLengthAt + 8 + keyLength, u32: 77)
        #expect(try failure(bytes) == .invalidValueType)
    }

    @Test func rowLengthThatIsNotAWholeNumberOfBlocksIsRejected() throws {
        var builder = GGUFBuilder.sample()
        builder.tensors[1].dims = [31, 2]
        #expect(try failure(builder.bytes()) == .invalidTensorInfo)
    }

    @Test func nonPowerOfTwoAlignmentIsRejected() throws {
        var builder = GGUFBuilder.sample()
        builder.metadata.append(("general.alignment", .u32(24)))
        #expect(try failure(builder.bytes()) == .badAlignment)
    }

    @Test func duplicateKeysAndTensorNamesAreRejected() throws {
        var builder = GGUFBuilder.sample()
        builder.metadata.append(("llama.block_count", .u32(3)))
        #expect(try failure(builder.bytes()) == .duplicateKey)
        builder = GGUFBuilder.sample()
        builder.tensors[1].name = "a.weight"
        #expect(try failure(builder.bytes()) == .duplicateTensor)
    }
}
