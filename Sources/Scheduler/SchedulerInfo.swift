import Queue
/// Placeholder until the scheduler lands.
public enum SchedulerInfo { public static let version = 1 }
