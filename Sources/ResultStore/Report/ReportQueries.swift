/// The SQL behind `Report`, run over the chosen attempt of each task.
struct ReportQueries {
    let db: Database

    private typealias GroupKey = String  // "dataset\tformulation"

    func report() throws -> Report {
        let (chosenSQL, chosenValues) = AttemptSelection.chosenAttemptIDsSQL()
        // The chosen attempts land in a temp table once; every figure below joins against it.
        try db.execute("DROP TABLE IF EXISTS temp.report_attempts")
        try db.run("""
            CREATE TEMP TABLE report_attempts AS
            SELECT a.id, t.dataset, t.formulation, a.correct, a.termination, a.ms
            FROM attempts a JOIN tasks t ON t.task_id = a.task_id
            WHERE a.id IN (\(chosenSQL))
            """, chosenValues)
        defer { try? db.execute("DROP TABLE IF EXISTS temp.report_attempts") }

        var groups: [String: Report.Group] = [:]
        var latencies: [String: [Double]] = [:]
        try db.prepare("SELECT dataset, formulation, correct, termination, ms FROM report_attempts ORDER BY id")
            .forEachRow { row in
                let key = row.text(0) + "\t" + row.text(1)
                var group = groups[key] ?? Self.emptyGroup(dataset: row.text(0), formulation: row.text(1))
                group.count += 1
                group.correct += row.int(2)
                group.terminations[row.text(3), default: 0] += 1
                groups[key] = group
                latencies[key, default: []].append(row.double(4))
            }
        try db.prepare("""
            SELECT r.dataset, r.formulation, coalesce(x.name, '<unparsed>'), count(*)
            FROM actions x JOIN report_attempts r ON r.id = x.attempt_id
            WHERE x.error IS NOT NULL GROUP BY 1, 2, 3
            """).forEachRow { row in
            groups[row.text(0) + "\t" + row.text(1)]?.toolErrors[row.text(2)] = row.int(3)
        }
        try db.prepare("""
            SELECT r.dataset, r.formulation, m.module, count(*), sum(m.error IS NOT NULL),
                   sum(m.prompt_tokens), sum(m.completion_tokens), sum(m.cached_tokens), sum(m.ms)
            FROM model_calls m JOIN report_attempts r ON r.id = m.attempt_id
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, CASE m.module WHEN 'plan' THEN 0 WHEN 'ground' THEN 1 ELSE 2 END, 3
            """).forEachRow { row in
            let calls = Double(row.int(3))
            let prompt = Double(row.int(5))
            groups[row.text(0) + "\t" + row.text(1)]?.modelCalls.append(Report.ModuleStats(
                module: row.text(2), calls: row.int(3), errors: row.int(4),
                meanPromptTokens: prompt / calls, meanCompletionTokens: Double(row.int(6)) / calls,
                cachedTokenShare: prompt > 0 ? Double(row.int(7)) / prompt : 0,
                meanMilliseconds: row.double(8) / calls
            ))
        }
        try db.prepare("""
            SELECT r.dataset, r.formulation, sum(m.completion_tokens), sum(coalesce(m.generation_ms, m.ms))
            FROM model_calls m JOIN report_attempts r ON r.id = m.attempt_id
            WHERE m.error IS NULL GROUP BY 1, 2
            """).forEachRow { row in
            let seconds = row.double(3) / 1000
            groups[row.text(0) + "\t" + row.text(1)]?.tokensPerSecond = seconds > 0 ? Double(row.int(2)) / seconds : 0
        }
        // Rollout fields live in the trajectory JSON, so older files (without the columns) read too.
        var samples: [String: [RolloutStats.Sample]] = [:]
        try db.prepare("""
            SELECT r.dataset, r.formulation, json_extract(a.trajectory, '$.task.rollout.item'),
                   json_extract(a.trajectory, '$.task.rollout.sample'), json_extract(a.trajectory, '$.task.rollout.samples'), r.correct
            FROM attempts a JOIN report_attempts r ON r.id = a.id
            WHERE json_extract(a.trajectory, '$.task.rollout') IS NOT NULL
            """).forEachRow { row in
            samples[row.text(0) + "\t" + row.text(1), default: []].append(
                RolloutStats.Sample(item: row.text(2), sample: row.int(3), samples: row.int(4), correct: row.int(5) != 0))
        }
        for (key, rows) in samples { groups[key]?.rollouts = RolloutStats.build(rows) }

        let ordered = groups.keys.sorted().map { key in
            var group = groups[key]!
            group.accuracy = group.count > 0 ? Double(group.correct) / Double(group.count) : 0
            let values = latencies[key] ?? []
            group.latencyP50Milliseconds = percentile(values, 50)
            group.latencyP95Milliseconds = percentile(values, 95)
            return group
        }
        var report = Report(database: db.path, groups: ordered)
        // Files from before schema 3 have no verdict table.
        if try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'judge_verdicts'") == 1 {
            try db.prepare("SELECT judge, sum(verdict = 'pass'), sum(verdict != 'pass') FROM judge_verdicts GROUP BY judge ORDER BY judge")
                .forEachRow { row in report.judgeVerdicts.append(Report.JudgeCount(judge: row.text(0), passed: row.int(1), failed: row.int(2))) }
        }
        return report
    }

    private static func emptyGroup(dataset: String, formulation: String) -> Report.Group {
        Report.Group(
            dataset: dataset, formulation: formulation, count: 0, correct: 0, accuracy: 0,
            terminations: [:], toolErrors: [:], latencyP50Milliseconds: 0, latencyP95Milliseconds: 0,
            tokensPerSecond: 0, modelCalls: []
        )
    }
}
