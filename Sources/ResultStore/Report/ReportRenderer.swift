import Foundation

extension Report {
    /// A plain-text rendering for terminals: one block per dataset and formulation.
    public func renderText() -> String {
        guard !groups.isEmpty else { return "No results in \(database).\n" }
        var out = "Results in \(database)\n"
        for group in groups {
            out += "\n\(group.dataset) · \(group.formulation)\n"
            out += table([
                ["tasks", "\(group.count)"],
                ["accuracy", String(format: "%.1f%% (%d/%d)", group.accuracy * 100, group.correct, group.count)],
                ["latency p50 / p95", "\(seconds(group.latencyP50Milliseconds)) / \(seconds(group.latencyP95Milliseconds))"],
                ["tokens/s", String(format: "%.1f", group.tokensPerSecond)],
                ["terminations", counts(group.terminations)],
                ["tool errors", group.toolErrors.isEmpty ? "none" : counts(group.toolErrors)],
            ], header: nil)
            if let rollouts = group.rollouts {
                out += table([
                    ["items × samples", "\(rollouts.items) × \(rollouts.samplesPerItem)"],
                    ["samples run / not run", "\(rollouts.samplesRun) / \(rollouts.samplesNotRun)"],
                    ["pass@1 (sample 1)", String(format: "%.1f%%", rollouts.passAt1 * 100)],
                    ["pass@\(rollouts.samplesPerItem)", String(format: "%.1f%%", rollouts.passAtK * 100)],
                    ["correct per item", rollouts.correctPerItem.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")],
                ], header: nil)
            }
            if !group.modelCalls.isEmpty {
                out += "\n"
                out += table(group.modelCalls.map { stats in
                    [
                        stats.module, "\(stats.calls)", "\(stats.errors)",
                        String(format: "%.1f", stats.meanPromptTokens), String(format: "%.1f", stats.meanCompletionTokens),
                        String(format: "%.1f%%", stats.cachedTokenShare * 100), seconds(stats.meanMilliseconds),
                    ]
                }, header: ["module", "calls", "errors", "prompt tok", "completion tok", "cached", "mean time"])
            }
        }
        for judge in judgeVerdicts {
            out += "\njudge \(judge.judge): \(judge.passed) trajectory(ies) passed, \(judge.failed) failed\n"
        }
        return out
    }

    /// Pretty JSON with stable key order.
    public func renderJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    private func counts(_ values: [String: Int]) -> String {
        values.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    private func seconds(_ milliseconds: Double) -> String {
        String(format: "%.2fs", milliseconds / 1000)
    }

    /// Left-aligned first column, right-aligned numbers, two spaces between columns.
    private func table(_ rows: [[String]], header: [String]?) -> String {
        let all = (header.map { [$0] } ?? []) + rows
        let widths = (0..<(all.map(\.count).max() ?? 0)).map { column in
            all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        func render(_ row: [String]) -> String {
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 || header == nil ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var lines = all.map { "  " + render($0) }
        if header != nil { lines.insert("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "), at: 1) }
        return lines.joined(separator: "\n") + "\n"
    }
}
