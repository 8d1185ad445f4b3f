/// Every environment variable the command-line tools read. A flag always wins over its variable;
/// the variable wins over the default. Libraries never read these: the tools resolve a value
/// and pass it in.
public enum Setting: String, CaseIterable, Sendable {
    case redisURL = "LUMOS_REDIS_URL"
    case queue = "LUMOS_QUEUE"
    case prefix = "LUMOS_PREFIX"
    case databasePath = "LUMOS_DB_PATH"
    case workerID = "LUMOS_WORKER_ID"
    case concurrency = "LUMOS_CONCURRENCY"
    case metricsPort = "LUMOS_METRICS_PORT"
    case model = "LUMOS_MODEL"
    case planModel = "LUMOS_PLAN_MODEL"
    case planModelName = "LUMOS_PLAN_MODEL_NAME"
    case groundModel = "LUMOS_GROUND_MODEL"
    case groundModelName = "LUMOS_GROUND_MODEL_NAME"
    case qaModel = "LUMOS_QA_MODEL"
    case qaModelName = "LUMOS_QA_MODEL_NAME"
    case profile = "LUMOS_PROFILE"
    case threads = "LUMOS_THREADS"
    case knowledgeURL = "LUMOS_KNOWLEDGE_URL"
    case knowledgeDB = "LUMOS_KNOWLEDGE_DB"
    case apiKey = "LUMOS_API_KEY"
    /// The key OpenAI's own tools use; read after `LUMOS_API_KEY`.
    case openAIAPIKey = "OPENAI_API_KEY"
    case gsm8k = "LUMOS_GSM8K"
    /// The secret `lumos-submit console` asks for before any change.
    case consoleToken = "LUMOS_CONSOLE_TOKEN"
    case minReplicaAcks = "LUMOS_MIN_REPLICAS_ACKS"
    case ackTimeout = "LUMOS_ACK_TIMEOUT_MS"

    /// The variable's name, for help texts and messages.
    public var name: String { rawValue }
}

extension Setting {
    /// Tasks one worker runs at once when neither `--concurrency` nor `LUMOS_CONCURRENCY` says:
    /// their sessions share one engine, whose step batcher decodes them together, and the prompt
    /// header they share is prefilled once. Eight measured best on 2 cores (README, Benchmarks);
    /// the demo starts its workers with it too.
    public static let recommendedConcurrency = 8
}
