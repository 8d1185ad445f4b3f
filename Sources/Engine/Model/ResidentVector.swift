/// A norm or frequency vector copied out of the mapped file at load. The interleaved matrices
/// release the file's pages; reading a vector from the file later would map a window of pages
/// around it (fault-around), most of them matrix pages already copied, and on a Gemma 3 270M that
/// brought ≈ 15 MiB of the file back for a few hundred kilobytes of norms.
///
/// `@unchecked Sendable`: written once in `init`, only read afterwards, freed with the last weight
/// that refers to it.
final class ResidentVector: @unchecked Sendable {
    let floats: UnsafeMutablePointer<Float>

    init(copying source: UnsafePointer<Float>, count: Int) {
        floats = .allocate(capacity: count)
        floats.initialize(from: source, count: count)
    }

    deinit { floats.deallocate() }
}
