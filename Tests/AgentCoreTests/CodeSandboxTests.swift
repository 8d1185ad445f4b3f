import Foundation
import Testing
@testable import AgentCore

/// The `Code` action: recorded as not enabled unless the configuration allows it; when allowed it runs only in a
/// sandbox without network and with CPU, memory and wall-clock limits.
@Suite struct CodeSandboxTests {
    private func module(domain: Domain, allowCode: Bool) -> ExecutionModule {
        let dataset: Dataset = domain == .maths ? .gsm8k : .hotpotqa
        let task = AgentTask(id: "code", dataset: dataset, domain: domain, formulation: .onetime, question: "")
        return ExecutionModule(task: task, dataset: dataset, deviations: .trainingAligned, knowledge: nil, qa: nil, allowCode: allowCode)
    }

    private func execute(_ line: String, domain: Domain, allowCode: Bool) throws -> ActionOutcome {
        try module(domain: domain, allowCode: allowCode).execute(line, context: ExecutionModule.LineContext(step: 1, subgoals: []))
    }

    @Test(arguments: [Domain.maths, .complexQA])
    func codeIsRecordedAsNotEnabledWhenDisabled(domain: Domain) throws {
        let outcome = try execute("R1 = Code(print(2+3))", domain: domain, allowCode: false)
        #expect(outcome.failure == .tool("Code is not enabled: generated code is never executed."))
        #expect(outcome.values.isEmpty)
    }

    @Test func disabledCodeNeverStartsAProcess() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("lumos-code-\(UUID().uuidString)").path
        _ = try execute("R1 = Code(open('\(marker)', 'w').write('ran'))", domain: .maths, allowCode: false)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test(arguments: [Domain.maths, .complexQA])
    func enabledCodeRunsInTheSandboxAndBindsItsOutput(domain: Domain) throws {
        guard (try? CodeSandbox()) != nil else { return }  // not root / no unshare: refused, tested below
        let outcome = try execute("R1 = Code(print(2+3))", domain: domain, allowCode: true)
        #expect(outcome.failure == nil)
        #expect(outcome.values.first?.description == "5")
    }

    @Test func aSandboxIsRefusedWithAClearMessageOrRunsPython() throws {
        do {
            let sandbox = try CodeSandbox()
            let output = sandbox.run("print(2+3)")
            #expect(output.status == 0)
            #expect(output.standardOutput == "5\n")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("leave Code disabled"))
        }
    }

    @Test func aCPUBurningLoopIsKilledByTheLimit() throws {
        guard let sandbox = try? CodeSandbox(limits: .init(cpuSeconds: 1, wallSeconds: 30)) else { return }
        let output = sandbox.run("while True: pass")
        #expect(output.killedByLimit)
        #expect(output.status != 0)
    }

    @Test func aSleepingProcessIsKilledAtTheWallClockDeadline() throws {
        guard let sandbox = try? CodeSandbox(limits: .init(cpuSeconds: 5, wallSeconds: 1)) else { return }
        let output = sandbox.run("import time; time.sleep(60)")
        #expect(output.killedByLimit)
    }

    @Test func memoryBeyondTheLimitIsRefused() throws {
        guard let sandbox = try? CodeSandbox(limits: .init(memoryBytes: 256 << 20)) else { return }
        let output = sandbox.run("x = bytearray(1 << 30); print(len(x))")
        #expect(output.status != 0)
        #expect(output.standardError.contains("MemoryError"))
    }

    @Test func theNetworkIsUnreachable() throws {
        guard let sandbox = try? CodeSandbox() else { return }
        let code = "import socket\ns = socket.socket()\ns.settimeout(2)\nprint(s.connect_ex(('1.1.1.1', 80)) != 0)\ntry:\n    socket.getaddrinfo('example.com', 80)\n    print('resolved')\nexcept OSError:\n    print('no dns')"
        let output = sandbox.run(code)
        #expect(output.standardOutput == "True\nno dns\n")
    }

    @Test func theEnvironmentIsEmpty() throws {
        guard let sandbox = try? CodeSandbox() else { return }
        setenv("LUMOS_SECRET_FOR_TEST", "hunter2", 1)
        let output = sandbox.run("import os; print(sorted(os.environ.keys()))")
        #expect(!output.standardOutput.contains("LUMOS_SECRET_FOR_TEST"))
    }

    @Test func outputIsCappedAtTheLimit() throws {
        guard let sandbox = try? CodeSandbox(limits: .init(outputBytes: 1000)) else { return }
        let output = sandbox.run("print('x' * 100000)")
        #expect(output.standardOutput.utf8.count == 1000)
    }
}
