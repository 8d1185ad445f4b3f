/// Ready tasks are handed out high before normal before low, first in first out within a priority.
public enum Priority: String, Sendable, Codable, CaseIterable, Comparable {
    case high, normal, low

    private var rank: Int {
        switch self {
        case .high: 0
        case .normal: 1
        case .low: 2
        }
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
