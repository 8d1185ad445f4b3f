/// Every failure of the queue: a stable code, and a sentence that says what went wrong and what to do.
///
/// Messages never contain task payloads or passwords. Compare errors by ``code``:
/// `catch let error as QueueError where error.code == .staleLease { … }`.
public struct QueueError: Error, Sendable, CustomStringConvertible {
    /// Stable machine-readable codes. A struct rather than an enum so codes can be added without
    /// breaking callers' `switch` statements.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let malformedURL = Code("malformedURL")
        public static let unsupportedScheme = Code("unsupportedScheme")
        public static let connectionRefused = Code("connectionRefused")
        public static let connectionTimeout = Code("connectionTimeout")
        public static let connectionLost = Code("connectionLost")
        public static let authenticationFailed = Code("authenticationFailed")
        public static let permissionDenied = Code("permissionDenied")
        public static let evictionPolicy = Code("evictionPolicy")
        public static let wrongType = Code("wrongType")
        public static let outOfMemory = Code("outOfMemory")
        public static let serverError = Code("serverError")
        public static let protocolError = Code("protocolError")
        public static let payloadTooLarge = Code("payloadTooLarge")
        public static let invalidArgument = Code("invalidArgument")
        public static let staleLease = Code("staleLease")
        public static let unknownTask = Code("unknownTask")
        public static let taskCancelled = Code("taskCancelled")
        public static let partialSubmit = Code("partialSubmit")
        public static let timedOut = Code("timedOut")
        public static let serverStart = Code("serverStart")
    }

    public let code: Code
    public let message: String
    /// The task the error is about, when there is one.
    public let taskId: String?
    /// For a bulk submit that stopped part-way: what is known to have gone in.
    public let partial: PartialSubmit?

    public init(_ code: Code, _ message: String, taskId: String? = nil, partial: PartialSubmit? = nil) {
        self.code = code
        self.message = message
        self.taskId = taskId
        self.partial = partial
    }

    /// The message alone: it is what users see, so it carries no type names.
    public var description: String { message }
}

/// What a bulk submit that failed part-way had confirmed. Re-submitting the same tasks with the
/// same ids is safe: ids already in are reported as duplicates and skipped.
public struct PartialSubmit: Sendable {
    /// Ids whose chunk the server confirmed (accepted).
    public let acceptedIds: [String]
    /// Ids whose chunk the server confirmed as already present.
    public let duplicateIds: [String]
    /// Ids sent in chunks whose reply never came: they may or may not be in.
    public let unconfirmedIds: [String]
    /// Ids of chunks Redis answered with an error (out of memory, wrong key type): not in.
    public let refusedIds: [String]
    /// Confirmed duplicates whose task belongs to another batch.
    public let otherBatchIds: [String]
    /// The code and message of the error that stopped the submit.
    public let causeCode: QueueError.Code?
    public let causeMessage: String?
    /// Chunks confirmed, and chunks in total.
    public let confirmedChunks: Int
    public let totalChunks: Int
    /// The id of every submitted task, in submission order (generated ones included), so the
    /// same tasks can be re-submitted with the same ids.
    public let allIds: [String]

    public init(acceptedIds: [String], duplicateIds: [String], unconfirmedIds: [String], confirmedChunks: Int, totalChunks: Int, allIds: [String] = [],
                refusedIds: [String] = [], otherBatchIds: [String] = [], causeCode: QueueError.Code? = nil, causeMessage: String? = nil) {
        self.refusedIds = refusedIds
        self.otherBatchIds = otherBatchIds
        self.causeCode = causeCode
        self.causeMessage = causeMessage
        self.acceptedIds = acceptedIds
        self.duplicateIds = duplicateIds
        self.unconfirmedIds = unconfirmedIds
        self.confirmedChunks = confirmedChunks
        self.totalChunks = totalChunks
        self.allIds = allIds
    }
}
