import Foundation

/// The dataset card (`README.md`) beside the mined files: the YAML header the Hugging Face hub
/// and `datasets` read (one config per file, with its splits), then how the data was made.
enum DatasetCard {
    static func render(_ manifest: MiningManifest) -> String {
        let summary = manifest.summary
        // One config per training file name; its validation file, when there is one, is its second split.
        let trainFiles = summary.files.filter { $0.split == "train" }.map(\.file)
        let validationFiles = Set(summary.files.filter { $0.split == "validation" }.map(\.file))
        var names = trainFiles
        for file in validationFiles.sorted() where !trainFiles.contains(String(file.dropFirst("validation/".count))) {
            names.append(String(file.dropFirst("validation/".count)))
        }
        var yaml = ["---"] + (names.isEmpty ? [] : ["configs:"])
        for name in names.sorted() {
            yaml.append("- config_name: \(configName(name))")
            yaml.append("  data_files:")
            if trainFiles.contains(name) {
                yaml.append("  - split: train")
                yaml.append("    path: \(name)")
            }
            if validationFiles.contains("validation/" + name) {
                yaml.append("  - split: validation")
                yaml.append("    path: validation/\(name)")
            }
        }
        let examples = summary.files.reduce(0) { $0 + $1.examples }
        yaml += [
            "language:", "- en",
            "task_categories:", "- text-generation", "- question-answering",
            "tags:", "- agents", "- lumos", "- tool-use",
            "size_categories:", "- \(sizeCategory(examples))",
            "license: other  # fill in: the licence of the source datasets and of the model outputs",
            "---",
        ]
        var body = [
            "", "# Lumos agent trajectories", "",
            "Training annotations for the planning and grounding modules of a Lumos agent, mined by",
            "lumos-fleet \(manifest.projectVersion) from \(manifest.stores.isEmpty ? "a results database" : manifest.stores.joined(separator: ", ")).",
            "Each line is `{\"dataset\", \"id\", \"messages\": [{\"role\", \"content\"}, …]}`, the schema of Lumos's own",
            "training files; load one with `datasets.load_dataset(\"json\", data_files=…)` or by config name.", "",
            "## Files", "", "| file | split | examples |", "| --- | --- | --- |",
        ]
        for file in summary.files { body.append("| `\(file.file)` | \(file.split) | \(file.examples) |") }
        body += ["", "## How it was made", "",
                 "- \(summary.tasks) trajectories of \(summary.items) items; \(summary.successful) correct; \(summary.kept) kept.",
                 "- Models: " + manifest.models.map { "\($0.module) \($0.name) (\($0.profile)\($0.fingerprint.map { ", \($0)" } ?? ""))" }.joined(separator: "; ") + ".",
                 "- Items split by a hash of their id: \(summary.trainItems) train, \(summary.validationItems) validation (fraction \(manifest.validationFraction)).",
                 "- At most \(manifest.maxPerItem) example(s) per item.", "", "Removed by each stage:", ""]
        for stage in summary.stages { body.append("- `\(stage.name)`: \(stage.removed)") }
        if !summary.excludedFiles.isEmpty {
            body += ["", "Decontaminated against (13-token overlap after normalisation):", ""]
            for file in summary.excludedFiles { body.append("- `\(file.path)` (\(file.dataset), \(file.questions) questions)") }
        }
        body += ["", "`manifest.json` beside this card has the full record (sampling settings, batches, time range).", ""]
        return (yaml + body).joined(separator: "\n")
    }

    /// `lumos_maths_plan_iterative.jsonl` → `maths_plan_iterative`.
    static func configName(_ file: String) -> String {
        var name = (file as NSString).lastPathComponent
        if name.hasPrefix("lumos_") { name.removeFirst("lumos_".count) }
        if name.hasSuffix(".jsonl") { name.removeLast(".jsonl".count) }
        return name
    }

    /// The hub's size buckets.
    static func sizeCategory(_ count: Int) -> String {
        switch count {
        case ..<1000: "n<1K"
        case ..<10_000: "1K<n<10K"
        case ..<100_000: "10K<n<100K"
        case ..<1_000_000: "100K<n<1M"
        default: "1M<n<10M"
        }
    }
}
