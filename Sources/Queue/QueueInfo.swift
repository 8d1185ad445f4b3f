/// Placeholder until the queue lands.
public enum QueueInfo { public static let version = 1 }
