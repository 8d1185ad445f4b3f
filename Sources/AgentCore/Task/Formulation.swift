/// Lumos-I (one subgoal per turn) or Lumos-O (all subgoals at once).
public enum Formulation: String, Sendable, Hashable, Codable, CaseIterable {
    case iterative
    case onetime
}
