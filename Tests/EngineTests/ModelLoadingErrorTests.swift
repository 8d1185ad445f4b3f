import Engine
import Foundation
import Testing

/// Files that are valid GGUF but not runnable models give typed errors that say what is wrong.
struct ModelLoadingErrorTests {
    /// A complete one-layer LLaMA with F32 zeros (n_embd 32, 2 heads, n_ff 64, vocab 8).
    static func tinyLlama(architecture: String = "llama", edit: (inout [GGUFBuilder.Tensor]) -> Void = { _ in }) -> [UInt8] {
        var b = GGUFBuilder()
        b.metadata = [
            ("general.architecture", .string(architecture)),
            ("\(architecture).embedding_length", .u32(32)),
            ("\(architecture).block_count", .u32(1)),
            ("\(architecture).attention.head_count", .u32(2)),
            ("\(architecture).feed_forward_length", .u32(64)),
            ("\(architecture).attention.layer_norm_rms_epsilon", .f32(1e-5)),
            ("\(architecture).vocab_size", .u32(8)),
            ("tokenizer.ggml.model", .string("llama")),
            ("tokenizer.ggml.tokens", .strings(["<unk>", "<s>", "</s>", "▁a", "▁b", "a", "b", "c"])),
            ("tokenizer.ggml.scores", .f32s([0, 0, 0, -1, -2, -3, -4, -5])),
            ("tokenizer.ggml.token_type", .i32s([2, 3, 3, 1, 1, 1, 1, 1])),
        ]
        func t(_ name: String, _ dims: [UInt64]) -> GGUFBuilder.Tensor {
            GGUFBuilder.Tensor(name: name, dims: dims, type: 0, data: [UInt8](repeating: 0, count: Int(dims.reduce(1, *)) * 4))
        }
        var tensors = [
            t("token_embd.weight", [32, 8]), t("output_norm.weight", [32]),
            t("blk.0.attn_norm.weight", [32]), t("blk.0.attn_q.weight", [32, 32]), t("blk.0.attn_k.weight", [32, 32]),
            t("blk.0.attn_v.weight", [32, 32]), t("blk.0.attn_output.weight", [32, 32]), t("blk.0.ffn_norm.weight", [32]),
            t("blk.0.ffn_gate.weight", [32, 64]), t("blk.0.ffn_up.weight", [32, 64]), t("blk.0.ffn_down.weight", [64, 32]),
        ]
        edit(&tensors)
        b.tensors = tensors
        return b.bytes()
    }

    func loadError(_ bytes: [UInt8]) throws -> ModelError? {
        let path = try TestFiles.temporary(bytes)
        defer { TestFiles.remove(path) }
        do {
            _ = try Model(path: path, threads: 1)
            return nil
        } catch let error as ModelError {
            return error
        }
    }

    @Test func wellFormedTinyModelLoadsAndRuns() throws {
        let path = try TestFiles.temporary(Self.tinyLlama())
        defer { TestFiles.remove(path) }
        let model = try Model(path: path, threads: 1)
        let logits = try model.makeContext().append([1, 2, 3])
        #expect(logits.count == 8)
    }

    @Test func unknownArchitectureIsRejectedByName() throws {
        let error = try loadError(Self.tinyLlama(architecture: "mamba"))
        #expect(error?.code == .unknownArchitecture)
        #expect(error?.message.contains("mamba") == true)
    }

    @Test func missingTensorIsNamed() throws {
        let error = try loadError(Self.tinyLlama { $0.removeAll { $0.name == "blk.0.ffn_up.weight" } })
        #expect(error?.code == .missingTensor)
        #expect(error?.message.contains("blk.0.ffn_up.weight") == true)
    }

    @Test func unsupportedTensorTypeIsRejected() throws {
        // IQ2_XXS (type 16): 256-value blocks of 66 bytes.
        let error = try loadError(Self.tinyLlama { tensors in
            tensors[0] = GGUFBuilder.Tensor(name: "token_embd.weight", dims: [256, 8], type: 16, data: [UInt8](repeating: 0, count: 66 * 8))
        })
        #expect(error?.code == .shapeMismatch || error?.code == .unsupportedTensorType)
        let error2 = try loadError(Self.tinyLlama { tensors in
            let i = tensors.firstIndex { $0.name == "blk.0.attn_q.weight" }!
            tensors[i] = GGUFBuilder.Tensor(name: "blk.0.attn_q.weight", dims: [32, 32], type: 20, data: [UInt8](repeating: 0, count: 18 * 32))
        })
        #expect(error2?.code == .unsupportedTensorType)
        #expect(error2?.message.contains("IQ4_NL") == true)
    }

    @Test func shapeMismatchIsReported() throws {
        let error = try loadError(Self.tinyLlama { tensors in
            let i = tensors.firstIndex { $0.name == "blk.0.ffn_down.weight" }!
            tensors[i] = GGUFBuilder.Tensor(name: "blk.0.ffn_down.weight", dims: [32, 64], type: 0, data: [UInt8](repeating: 0, count: 32 * 64 * 4))
        })
        #expect(error?.code == .shapeMismatch)
    }

    @Test func tokenOutsideVocabularyIsAnErrorNotACrash() throws {
        let path = try TestFiles.temporary(Self.tinyLlama())
        defer { TestFiles.remove(path) }
        let model = try Model(path: path, threads: 1)
        #expect(throws: ModelError.self) { try model.makeContext().append([9]) }
        #expect(throws: ModelError.self) { try model.makeContext(maxContext: 2).append([1, 2, 3]) }
    }
}
