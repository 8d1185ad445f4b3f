import Foundation
/// Shared test fixtures. Placeholder until the queue lands.
public enum TestSupportInfo { public static let version = 1 }
