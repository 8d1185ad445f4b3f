extension Dataset {
    /// Accepts the command-line spellings (`--dataset gsm8k|svamp|hotpotqa|strategyqa|jsonl`);
    /// `jsonl` (and `custom`, `generic`) name the generic JSONL format.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "gsm8k", "gsm": self = .gsm8k
        case "svamp": self = .svamp
        case "hotpotqa", "hotpot": self = .hotpotqa
        case "strategyqa", "strategy": self = .strategyqa
        case "jsonl", "custom", "generic": self = .custom
        default: return nil
        }
    }

    /// The spellings `init(argument:)` documents, for help texts and messages.
    public static let argumentNames = "gsm8k|svamp|hotpotqa|strategyqa|jsonl"
}
