import Foundation

/// The compact record a worker publishes on the queue's result stream when an attempt ends, so
/// a submitter on another machine can follow progress and collect trajectories without access
/// to the workers' disks.
public struct ResultEvent: Sendable, Codable, Equatable {
    public var taskId: String
    public var attempt: Int
    public var batchId: String
    public var dataset: String
    public var formulation: String
    public var correct: Bool
    public var termination: String
    public var finalAnswer: String?
    public var gold: String?
    public var milliseconds: Double
    public var promptTokens: Int
    public var completionTokens: Int
    public var workerId: String
    /// The whole trajectory when it is small enough (the worker's inline limit).
    public var trajectory: Trajectory?
    /// True when the trajectory was too large to travel here: it is only in the worker's database.
    public var trajectoryInWorkerDatabaseOnly: Bool

    public init(trajectory: Trajectory, batchId: String, workerId: String, inlineLimit: Int) throws {
        taskId = trajectory.task.id
        attempt = trajectory.attempt
        self.batchId = batchId
        dataset = trajectory.task.dataset.rawValue
        formulation = trajectory.task.formulation.rawValue
        correct = trajectory.correct
        termination = trajectory.termination.rawValue
        finalAnswer = trajectory.finalAnswer
        gold = trajectory.goldAnswer
        milliseconds = trajectory.milliseconds
        promptTokens = trajectory.modelCalls.reduce(0) { $0 + $1.promptTokens }
        completionTokens = trajectory.modelCalls.reduce(0) { $0 + $1.completionTokens }
        self.workerId = workerId
        let size = try trajectory.encoded().count
        self.trajectory = size <= inlineLimit ? trajectory : nil
        trajectoryInWorkerDatabaseOnly = size > inlineLimit
    }

    public func encoded() throws -> Data {
        try WireJSON.encoder().encode(self)
    }

    public static func decode(_ data: Data) throws -> ResultEvent {
        try WireJSON.decoder().decode(ResultEvent.self, from: data)
    }
}
