import LumosBase

/// Every failure of the queue: a stable code, and a sentence that says what went wrong and what to do.
///
/// Messages never contain task payloads or passwords. Compare errors by ``code``:
/// `catch let error as QueueError where error.code == .staleLease { … }`.
public struct QueueError: CodedError, Sendable {
    /// Stable machine-readable codes in snake_case, like every other error code of the package. A
    /// struct rather than an enum so codes can be added without breaking callers' `switch` statements.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init?(rawValue: String) { self.rawValue = rawValue }
        private init(_ name: String) { rawValue = name }
        public var name: String { rawValue }
        public var description: String { rawValue }

        public static let malformedURL = Code("malformed_url")
        public static let unsupportedScheme = Code("unsupported_scheme")
        public static let connectionRefused = Code("connection_refused")
        public static let connectionTimeout = Code("connection_timeout")
        public static let connectionLost = Code("connection_lost")
        public static let authenticationFailed = Code("authentication_failed")
        public static let permissionDenied = Code("permission_denied")
        public static let evictionPolicy = Code("eviction_policy")
        public static let wrongType = Code("wrong_type")
        public static let outOfMemory = Code("out_of_memory")
        public static let serverError = Code("server_error")
        public static let protocolError = Code("protocol_error")
        public static let payloadTooLarge = Code("payload_too_large")
        public static let invalidArgument = Code("invalid_argument")
        public static let staleLease = Code("stale_lease")
        public static let unknownTask = Code("unknown_task")
        public static let taskCancelled = Code("task_cancelled")
        public static let partialSubmit = Code("partial_submit")
        public static let timedOut = Code("timed_out")
        public static let serverStart = Code("server_start")
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

    /// True for outages that clear up by themselves (the server is down, restarting, out of
    /// memory, or answered garbage): retry with backoff. Every other code is an answer.
    public var isTransient: Bool {
        [.connectionLost, .connectionRefused, .connectionTimeout, .timedOut, .protocolError, .serverError, .outOfMemory]
            .contains(code)
    }
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
