import Foundation

/// `Code` actions: executed only when the configuration enables them, and then only in a `CodeSandbox`.
extension ExecutionModule {
    /// The standard output of the code, trimmed, or the message of why it did not run or failed.
    func runCode(_ code: String) -> Result<String, ToolFailure> {
        guard allowCode else { return .failure(ToolFailure(codeNotEnabled)) }
        let sandbox: CodeSandbox
        do {
            sandbox = try CodeSandbox()
        } catch {
            return .failure(ToolFailure(error.message))
        }
        let output = sandbox.run(code)
        if output.killedByLimit {
            return .failure(ToolFailure("Code was stopped: it ran past its limit of \(sandbox.limits.cpuSeconds) s of CPU or \(Int(sandbox.limits.wallSeconds)) s."))
        }
        guard output.status == 0 else {
            let lastLine = output.standardError.split(separator: "\n").last.map(String.init) ?? "exit status \(output.status)"
            return .failure(ToolFailure("Code failed: \(lastLine)"))
        }
        return .success(output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
