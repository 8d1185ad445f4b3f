import Foundation

/// The bytes of an `AgentTask` as they travel through the queue: sorted-key JSON, so the same
/// task always gives the same payload.
public enum TaskPayload {
    public static func encode(_ task: AgentTask) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(task)
    }

    /// Decodes a payload; a payload that is not an agent task is a `TaskPayloadError`
    /// saying what is wrong, never a crash.
    public static func decode(_ data: Data, taskId: String) throws -> AgentTask {
        guard !data.isEmpty else {
            throw TaskPayloadError("Task '\(taskId)' has an empty payload; submit agent tasks with 'lumos-submit submit'.")
        }
        let task: AgentTask
        do {
            task = try JSONDecoder().decode(AgentTask.self, from: data)
        } catch let error as DecodingError {
            throw TaskPayloadError("The payload of task '\(taskId)' is not an agent task (\(describe(error))); submit agent tasks with 'lumos-submit submit'.")
        } catch {
            throw TaskPayloadError("The payload of task '\(taskId)' is not JSON; submit agent tasks with 'lumos-submit submit'.")
        }
        guard !task.question.isEmpty else {
            throw TaskPayloadError("Task '\(taskId)' has an empty question.")
        }
        return task
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context): "not valid JSON\(path(context))"
        case .keyNotFound(let key, _): "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): "wrong value\(path(context))"
        @unknown default: "undecodable"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map(\.stringValue).joined(separator: ".")
        return keys.isEmpty ? "" : " at '\(keys)'"
    }
}
