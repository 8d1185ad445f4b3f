import Foundation
/// One chat message of a training example (open-instruct/Tulu `messages` schema).
public struct AnnotationMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case user
        case assistant
    }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    static func user(_ content: String) -> AnnotationMessage { AnnotationMessage(role: .user, content: content) }
    static func assistant(_ content: String) -> AnnotationMessage { AnnotationMessage(role: .assistant, content: content) }
}
