import Foundation

/// Reads a non-streaming OpenAI completion or chat-completion response.
enum OpenAIResponse {
    static func parse(_ body: [UInt8], api: OpenAICompletionModel.API, request: GenerationRequest, milliseconds: Double) throws(ModelBackendError) -> Completion {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw ModelBackendError(.malformedResponse, "The endpoint's reply is not a JSON object: \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        guard let choices = object["choices"] as? [[String: Any]], let choice = choices.first else {
            throw ModelBackendError(.malformedResponse, "The endpoint's reply has no choices.")
        }
        let text: String? = switch api {
        case .completions: choice["text"] as? String
        case .chat: (choice["message"] as? [String: Any])?["content"] as? String
        }
        guard let text else { throw ModelBackendError(.malformedResponse, "The endpoint's first choice has no text.") }
        let usage = object["usage"] as? [String: Any]
        let finish: Completion.FinishReason = switch choice["finish_reason"] as? String {
        case "length": .length
        case "stop", nil: .stop
        default: .endOfText
        }
        return Completion(
            text: text, finishReason: finish,
            promptTokens: (usage?["prompt_tokens"] as? Int) ?? 0,
            completionTokens: (usage?["completion_tokens"] as? Int) ?? 0,
            cachedPromptTokens: ((usage?["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int) ?? 0,
            generationMilliseconds: milliseconds)
    }
}
