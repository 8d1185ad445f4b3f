/// The results database schema. Append a migration to change it; never edit a shipped one.
/// Documented for sqlite3 users in docs/store.md.
enum StoreSchema {
    static let migrations: [String] = [
        // 1: tasks, attempts, model calls, actions.
        """
        CREATE TABLE tasks (
            task_id     TEXT PRIMARY KEY,
            dataset     TEXT NOT NULL,
            domain      TEXT NOT NULL,
            formulation TEXT NOT NULL,
            question    TEXT NOT NULL,
            gold        TEXT,
            source      TEXT
        );
        CREATE TABLE attempts (
            id                 INTEGER PRIMARY KEY,
            task_id            TEXT NOT NULL REFERENCES tasks(task_id),
            attempt            INTEGER NOT NULL,
            worker_id          TEXT NOT NULL,
            termination        TEXT NOT NULL,
            termination_detail TEXT,
            final_answer       TEXT,
            gold_answer        TEXT,
            correct            INTEGER NOT NULL,
            scores             TEXT NOT NULL,
            plan_model         TEXT NOT NULL,
            ground_model       TEXT NOT NULL,
            started_at         TEXT NOT NULL,
            ms                 REAL NOT NULL,
            trajectory         TEXT NOT NULL,
            UNIQUE (task_id, attempt)
        );
        CREATE TABLE model_calls (
            attempt_id        INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
            seq               INTEGER NOT NULL,
            module            TEXT NOT NULL,
            step              INTEGER NOT NULL,
            model             TEXT NOT NULL,
            prompt            TEXT NOT NULL,
            completion        TEXT NOT NULL,
            finish_reason     TEXT NOT NULL,
            prompt_tokens     INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            cached_tokens     INTEGER NOT NULL,
            ms                REAL NOT NULL,
            error             TEXT,
            PRIMARY KEY (attempt_id, seq)
        );
        CREATE TABLE actions (
            attempt_id       INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
            seq              INTEGER NOT NULL,
            step             INTEGER NOT NULL,
            raw              TEXT NOT NULL,
            name             TEXT,
            outputs          TEXT NOT NULL,
            args             TEXT,
            substituted_args TEXT,
            result           TEXT,
            error            TEXT,
            ms               REAL NOT NULL,
            PRIMARY KEY (attempt_id, seq)
        );
        CREATE INDEX attempts_by_task ON attempts(task_id, attempt);
        """,
        // 2: prompt processing and generation time per model call, apart (NULL where not measured).
        """
        ALTER TABLE model_calls ADD COLUMN prompt_ms REAL;
        ALTER TABLE model_calls ADD COLUMN generation_ms REAL;
        """,
        // 3: sampled rollouts (item, sample number, seed and sampling settings as JSON; NULL for a
        // single greedy attempt) and the mining judge's verdicts.
        """
        ALTER TABLE tasks ADD COLUMN item_id TEXT;
        ALTER TABLE tasks ADD COLUMN sample INTEGER;
        ALTER TABLE tasks ADD COLUMN seed TEXT;
        ALTER TABLE tasks ADD COLUMN sampling TEXT;
        CREATE INDEX tasks_by_item ON tasks(item_id, sample);
        CREATE TABLE judge_verdicts (
            task_id    TEXT NOT NULL,
            attempt    INTEGER NOT NULL,
            judge      TEXT NOT NULL,
            prompt_sha TEXT NOT NULL,
            verdict    TEXT NOT NULL,
            reply      TEXT NOT NULL,
            judged_at  TEXT NOT NULL,
            PRIMARY KEY (task_id, attempt, judge, prompt_sha)
        );
        """,
    ]

    /// The oldest schema a read-only reader (report, mine, aggregate inputs) still reads: reads
    /// go through the trajectory JSON, which older rows carry in full.
    static let oldestReadableVersion = 2
}
