import Foundation

/// A reply from Redis, copied out of hiredis's reply object so it outlives `freeReplyObject`.
public enum RedisValue: Sendable, Equatable {
    case bulk([UInt8])
    case status(String)
    case integer(Int)
    case array([RedisValue])
    case null
    case error(String)

    public var string: String? {
        switch self {
        case let .bulk(bytes): String(decoding: bytes, as: UTF8.self)
        case let .status(text): text
        case let .integer(value): String(value)
        default: nil
        }
    }

    public var int: Int? {
        switch self {
        case let .integer(value): value
        case let .bulk(bytes): Int(String(decoding: bytes, as: UTF8.self))
        case let .status(text): Int(text)
        default: nil
        }
    }

    public var data: Data? {
        switch self {
        case let .bulk(bytes): Data(bytes)
        case let .status(text): Data(text.utf8)
        default: nil
        }
    }

    public var array: [RedisValue]? {
        if case let .array(items) = self { return items }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// A flat `[field, value, field, value…]` reply (HGETALL, XREAD entries) as a dictionary.
    public var fieldMap: [String: RedisValue] {
        guard let items = array else { return [:] }
        var map: [String: RedisValue] = [:]
        var index = 0
        while index + 1 < items.count {
            if let key = items[index].string { map[key] = items[index + 1] }
            index += 2
        }
        return map
    }
}
