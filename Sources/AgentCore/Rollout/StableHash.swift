/// Hashes that are the same on every machine and in every run (Swift's `Hasher` is seeded per
/// process), for seeds and for splitting items between train and validation.
public enum StableHash {
    /// The first 8 bytes of the SHA-256 of the text, big-endian.
    public static func uint64(_ text: String) -> UInt64 {
        SHA256.digest(Array(text.utf8)).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A number in [0, 1) fixed by the text.
    public static func unit(_ text: String) -> Double {
        Double(uint64(text) >> 11) / Double(UInt64(1) << 53)
    }
}
