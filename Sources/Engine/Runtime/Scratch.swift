/// Activation buffers for one micro-batch, allocated once per context and reused by every pass.
final class Scratch {
    let batch: Int
    let x, normed, q, k, v, attention, projection, gate, up, activation: UnsafeMutablePointer<Float>
    /// Logits of `logitRows` rows; a pass computes its requested rows in groups of that many.
    private(set) var logits: UnsafeMutablePointer<Float>
    private(set) var logitRows: Int
    private let vocabularySize: Int
    private(set) var quantized: UnsafeMutableRawPointer
    private var quantizedBytes: Int
    private(set) var attentionScratch: UnsafeMutablePointer<Float>
    private var attentionScratchCount: Int

    init(hp: HyperParameters, batch: Int, logitRows: Int) {
        self.batch = batch
        self.logitRows = logitRows
        vocabularySize = hp.vocabularySize
        let e = hp.embeddingLength, qd = hp.headCount * hp.headDimension, kvd = hp.kvHeadCount * hp.headDimension
        let ff = hp.feedForwardLength
        func buffer(_ n: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: n)
            p.initialize(repeating: 0, count: n)
            return p
        }
        x = buffer(batch * e)
        normed = buffer(batch * max(e, qd))
        q = buffer(batch * qd)
        k = buffer(batch * kvd)
        v = buffer(batch * kvd)
        attention = buffer(batch * qd)
        projection = buffer(batch * e)
        gate = buffer(batch * ff)
        up = buffer(batch * ff)
        activation = buffer(batch * ff)
        logits = buffer(logitRows * hp.vocabularySize)
        quantizedBytes = batch * max(e, qd, ff) * 4
        quantized = UnsafeMutableRawPointer.allocate(byteCount: quantizedBytes, alignment: 64)
        attentionScratchCount = 0
        attentionScratch = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    }

    deinit {
        for p in [x, normed, q, k, v, attention, projection, gate, up, activation, logits] { p.deallocate() }
        quantized.deallocate()
        attentionScratch.deallocate()
    }

    /// Room for at least `rows` logit rows, so a pass that requests that many computes them in one
    /// group (the output matrix is read once) and they all stay readable until the next pass. The
    /// old rows are not kept.
    func reserveLogitRows(_ rows: Int) {
        guard rows > logitRows else { return }
        logits.deallocate()
        logits = UnsafeMutablePointer<Float>.allocate(capacity: rows * vocabularySize)
        logitRows = rows
    }

    func attentionScratch(count: Int) -> UnsafeMutablePointer<Float> {
        if count > attentionScratchCount {
            attentionScratch.deallocate()
            attentionScratchCount = max(count, attentionScratchCount * 2)
            attentionScratch = UnsafeMutablePointer<Float>.allocate(capacity: attentionScratchCount)
        }
        return attentionScratch
    }
}
