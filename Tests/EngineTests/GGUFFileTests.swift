import Engine
import Foundation
import Testing
import TestSupport

@Suite struct GGUFFileTests {
    @Test func gemmaHeaderMatchesTheVerifiedLayout() throws {
        let path = try TestData.gemmaModel()
        let file = try GGUFFile(path: path)
        #expect(file.version == 3)
        #expect(file.architecture == "gemma3")
        #expect(file.metadata.count == 33)
        #expect(file.tensorInfos.count == 236)
        #expect(file.fileSize == 253_113_024)
        #expect(file.alignment == 32)
        #expect(file.dataOffset == 6_525_120)
        #expect(file.tensorInfos.first?.name == "output_norm.weight")
        let norm = try #require(file.tensor(named: "output_norm.weight"))
        #expect(norm.type == .f32 && norm.dimensions == [640] && norm.offset == 6_525_120 && norm.byteCount == 2560)
        let embd = try #require(file.tensor(named: "token_embd.weight"))
        #expect(embd.type == .q8_0 && embd.dimensions == [640, 262_144] && embd.offset == 6_525_120 + 2560)
        #expect(embd.byteCount == 640 / 32 * 34 * 262_144)
        #expect(file.tensor(named: "output.weight") == nil)
        let types = Set(file.tensorInfos.map(\.type))
        #expect(types == [.f32, .q8_0, .q5_0, .q4_K, .q6_K])
        let weights = norm.elementCount
        let values = file.data(for: norm).assumingMemoryBound(to: Float.self)
        #expect((0..<weights).allSatisfy { values[$0].isFinite })
        #expect(file.int("gemma3.context_length") != nil)
        #expect(file.int("gemma3.embedding_length") == 640)
        #expect(file.int("gemma3.block_count") == 18)
    }

    @Test func gemmaVocabularyIsReadAsTypedArrays() throws {
        let path = try TestData.gemmaModel()
        let file = try GGUFFile(path: path)
        #expect(file.string("tokenizer.ggml.model") == "llama")
        let tokens = try #require(file.strings("tokenizer.ggml.tokens"))
        #expect(tokens.count == 262_144)
        #expect(tokens[2] == "<bos>" && tokens[105] == "<start_of_turn>" && tokens[238] == "<0x00>")
        #expect(file.floats("tokenizer.ggml.scores")?.count == 262_144)
        let types = try #require(file.ints("tokenizer.ggml.token_type"))
        #expect(types.count == 262_144)
        #expect(types.filter { $0 == 6 }.count == 256)
        #expect(file.int("tokenizer.ggml.bos_token_id") == 2)
        #expect(file.bool("tokenizer.ggml.add_space_prefix") == false)
    }

    @Test(arguments: TestFiles.tinyQuants)
    func tinyModelsOpenWithEveryTensorInsideTheFile(quant: String) throws {
        let file = try GGUFFile(path: TestFiles.tinyModelPath(quant))
        #expect(file.architecture == "llama")
        #expect(file.strings("tokenizer.ggml.tokens")?.count == 1024)
        #expect(!file.tensorInfos.isEmpty)
        var previousEnd = file.dataOffset
        for tensor in file.tensorInfos {
            #expect(tensor.offset >= previousEnd && tensor.offset % file.alignment == 0)
            #expect(tensor.byteCount == tensor.rowBytes * tensor.rowCount)
            previousEnd = tensor.offset + tensor.byteCount
        }
        #expect(previousEnd <= file.fileSize)
        let expected: [String: Set<GGMLType>] = [
            "f32": [.f32], "F16": [.f16, .f32], "Q8_0": [.q8_0, .f32], "Q4_K_M": [.q4_K, .q6_K, .f32],
            "Q5_K_M": [.q5_K, .q6_K, .f32],
        ]
        if let types = expected[quant] {
            #expect(Set(file.tensorInfos.map(\.type)).isSubset(of: types.union([.q8_0, .q4_0, .q5_0, .f16, .f32])))
            #expect(!Set(file.tensorInfos.map(\.type)).isDisjoint(with: types))
        }
    }

    @Test func typeBlockSizesMatchGGML() {
        #expect(GGMLType.q4_K.blockSize == 256 && GGMLType.q4_K.blockBytes == 144)
        #expect(GGMLType.q5_0.blockSize == 32 && GGMLType.q5_0.blockBytes == 22)
        #expect(GGMLType.q6_K.blockBytes == 210 && GGMLType.q8_0.blockBytes == 34)
        #expect(GGMLType.bf16.blockSize == 1 && GGMLType.bf16.blockBytes == 2)
        #expect(GGMLType.q4_K.rowBytes(640 * 4) == 10 * 144)
    }
}
