/// What a submit did: which ids went in and which already existed (and were left untouched).
public struct SubmitResult: Sendable, Equatable {
    public let batchId: String
    public let acceptedIds: [String]
    public let duplicateIds: [String]
    /// The duplicates whose task belongs to another batch (a subset of ``duplicateIds``).
    public let otherBatchIds: [String]

    public init(batchId: String, acceptedIds: [String], duplicateIds: [String], otherBatchIds: [String] = []) {
        self.batchId = batchId
        self.acceptedIds = acceptedIds
        self.duplicateIds = duplicateIds
        self.otherBatchIds = otherBatchIds
    }
}
