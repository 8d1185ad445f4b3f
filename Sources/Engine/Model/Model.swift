import Foundation

/// A loaded GGUF model: memory-mapped weights (shared by every context and, through the page cache, by
/// every process on the host), hyper-parameters, and the thread pool forward passes run on.
public final class Model: Sendable {
    public let file: GGUFFile
    public let hyperParameters: HyperParameters
    public let pool: ThreadPool
    /// The KV memory of every context of this model.
    public let kvBlocks: KVBlockPool
    public let tokenizer: Tokenizer
    let weights: ModelWeights

    /// How many matrices this CPU multiplies from an interleaved copy (0 with `LUMOS_NO_REPACK`, on
    /// VNNI or NEON CPUs, or for types without one).
    public var interleavedMatrices: Int { weights.interleavedCount }

    public var architecture: Architecture { hyperParameters.architecture }
    public var vocabularySize: Int { hyperParameters.vocabularySize }
    public var name: String { file.string("general.name") ?? (file.path as NSString).lastPathComponent }

    /// Loads `path`; `threads` defaults to the cores this process may use. `kvBudgetBytes` bounds the
    /// KV memory of all its contexts together (nil: no bound).
    public convenience init(path: String, threads: Int? = nil, kvBudgetBytes: Int? = nil) throws {
        try self.init(file: GGUFFile(path: path), threads: threads, kvBudgetBytes: kvBudgetBytes)
    }

    public init(file: GGUFFile, threads: Int? = nil, kvBudgetBytes: Int? = nil) throws {
        self.file = file
        hyperParameters = try HyperParameters(gguf: file)
        weights = try ModelWeights(gguf: file, hp: hyperParameters)
        tokenizer = try Tokenizer(gguf: file)
        pool = ThreadPool(threads: threads ?? ThreadPool.defaultThreadCount)
        kvBlocks = KVBlockPool(rowLength: hyperParameters.kvHeadCount * hyperParameters.headDimension, budgetBytes: kvBudgetBytes)
        if weights.interleavedCount > 0 {
            // Loading read the whole file; the interleaved copies replace most of it. Dropping every
            // page of the read-only mapping (the page cache keeps them; what is still used, such as
            // the norms, faults back in) also drops the neighbours that reads around each tensor
            // mapped again after its own pages were released.
            _ = madvise(UnsafeMutableRawPointer(mutating: file.baseAddress), file.mappedSize, MADV_DONTNEED)
        }
    }

    /// A prompt's tokens as llama.cpp would make them: BOS when the model asks (or as `addBOS` says),
    /// special tokens such as `<start_of_turn>` parsed.
    public func tokenize(_ text: String, addBOS: Bool? = nil) -> [Int32] {
        tokenizer.encode(text, addBOS: addBOS ?? tokenizer.addBOSByDefault, parseSpecial: true)
    }

    /// A fresh context (KV cache and scratch buffers) for one conversation; with `prefixCache` it
    /// starts from, and leaves behind, prompt prefixes shared with the other contexts using that cache;
    /// with `batcher` its passes run together with those of the other contexts using that batcher.
    public func makeContext(maxContext: Int? = nil, prefixCache: PrefixCache? = nil, batcher: StepBatcher? = nil) -> InferenceContext {
        precondition(batcher == nil || batcher?.model === self, "a batcher serves the contexts of its own model")
        return InferenceContext(
            model: self, maxContext: maxContext ?? min(hyperParameters.trainingContextLength, 8192),
            prefixCache: prefixCache, batcher: batcher)
    }
}
