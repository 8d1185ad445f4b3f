import Foundation

/// Unwinds the loop when an attempt must end early: the termination reason and its detail.
struct AgentStop: Error, Sendable {
    var reason: TerminationReason
    var detail: String

    static func cancellation(_ flag: CancellationFlag) -> AgentStop {
        switch flag.reason {
        case .timeout: AgentStop(reason: .timeout, detail: "The task ran past its time limit.")
        case .shutdown: AgentStop(reason: .cancelled, detail: "The worker is shutting down.")
        case .cancelled, .none: AgentStop(reason: .cancelled, detail: "The task was cancelled.")
        }
    }
}

/// Collects what one attempt did, in order, for the trajectory.
final class AttemptRecorder {
    var steps: [Step] = []
    var modelCalls: [ModelCall] = []
    var actions: [ActionRecord] = []
    let cancel: CancellationFlag

    init(cancel: CancellationFlag) { self.cancel = cancel }

    func checkCancelled() throws(AgentStop) {
        if cancel.isCancelled { throw AgentStop.cancellation(cancel) }
    }
}
