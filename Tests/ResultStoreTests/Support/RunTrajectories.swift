import AgentCore
import Foundation
import TestSupport

/// Trajectories made by the real agent loop and execution module from scripted model outputs,
/// so their action records are what a worker stores.
enum RunTrajectories {
    static let leah = "Leah earned $28 working odd jobs around the neighborhood. She spent a seventh of it on a milkshake and put half of the rest in her savings account. She left the remaining money in her wallet. Her dog got ahold of her wallet and shredded all the money inside but $1. How many dollars did Leah lose?"
    static let leahSubgoals = [
        "Subgoal 1: Calculate the amount Leah spent on milkshake.",
        "Subgoal 2: Calculate Leah's rest money after buying milkshake.",
        "Subgoal 3: Calculate the amount Leah spent in her savings account.",
        "Subgoal 4: Calculate the amount Leah remained in her wallet.",
        "Subgoal 5: Calculate the amount Leah lost after her dog shredded all the money in her wallet.",
    ]
    static let leahActions = ["R1 = Calculator(28 * 1/7)", "R2 = Calculator(28 - R1)", "R3 = Calculator(R2 / 2)", "R4 = Calculator(R2 - R3)", "R5 = Calculator(R4 - 1)"]

    /// The second example: the right answer (46) through wrong steps.
    static let sara = "Sara earns $11 an hour and works 6 hours. She spends $20 on lunch. How much money does she have left?"
    static let saraSubgoals = [
        "Subgoal 1: Calculate how much Sara earns.",
        "Subgoal 2: Calculate how much money Sara has after lunch.",
        "Subgoal 3: Calculate the money Sara has left.",
    ]
    static let saraActions = ["R1 = Calculator(11 * 6)", "R2 = Calculator(11 - R1 + 20)", "R3 = Calculator(11 - R2)"]

    /// The first example: the same subgoal twice.
    static let water = "A hiker carries 12 liters of water and drinks 3 liters a day. How many days does the water last?"
    static let waterSubgoals = [
        "Subgoal 1: Calculate the number of days the water last.",
        "Subgoal 2: Calculate the number of days the water last.",
    ]
    static let waterActions = ["R1 = Calculator(12 / 3)", "R2 = Calculator(R1 * 1)"]

    static func run(
        id: String, question: String, answer: String, subgoals: [String], actions: [String],
        formulation: Formulation = .onetime, rollout: Rollout? = nil
    ) -> Trajectory {
        let planner: ScriptedModel
        let grounder: ScriptedModel
        switch formulation {
        case .iterative:
            planner = ScriptedModel(subgoals.enumerated().map { $0 == 0 ? $1 : "No, I will keep planning. " + $1 } + ["Yes, I will stop planning."])
            grounder = ScriptedModel(actions)
        case .onetime:
            planner = ScriptedModel([subgoals.joined(separator: "; ")])
            grounder = ScriptedModel([actions.joined(separator: "; ")])
        }
        let task = AgentTask(id: id, dataset: .gsm8k, domain: .maths, formulation: formulation, question: question,
                             answer: "#### \(answer)", rollout: rollout)
        return AgentRunner(configuration: AgentConfiguration(planner: planner, grounder: grounder))
            .run(task, attempt: 1, cancel: CancellationFlag())
    }

    static func leah(id: String = "leah", formulation: Formulation = .onetime, question: String = leah, rollout: Rollout? = nil) -> Trajectory {
        run(id: id, question: question, answer: "11", subgoals: leahSubgoals, actions: leahActions, formulation: formulation, rollout: rollout)
    }

    static func sample(_ item: String, _ n: Int, of k: Int) -> Rollout {
        Rollout(item: item, sample: n, samples: k, seed: UInt64(n), sampling: SamplingSettings(temperature: 0.7))
    }
}
