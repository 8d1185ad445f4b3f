import CKernels
import Foundation
import Testing
import TestSupport

/// `LUMOS_NO_REPACK` keeps the file's layout for every matrix (like llama.cpp's `--no-repack`); by
/// default a CPU with the interleaved kernels copies every matrix it can.
struct RepackSwitchTests {
    func interleavedMatrices(environment extra: [String: String]) throws -> Int {
        let model = try TestData.gemmaModel()
        let worker = BuiltProduct.path("lumos-worker")
        try #require(FileManager.default.isExecutableFile(atPath: worker), "lumos-worker is not built at \(worker): run `swift build --build-tests` first")
        var environment = ProcessInfo.processInfo.environment
        environment["LUMOS_NO_REPACK"] = nil
        environment.merge(extra) { $1 }
        let output = try ChildProcess.run(worker, ["generate", "--model", model, "--prompt", "Hi", "-n", "1", "--json"],
                                          environment: environment, timeout: 120)
        #expect(output.status == 0, "\(output.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        return try #require(object?["interleaved_matrices"] as? Int, "\(output.stdout)")
    }

    @Test func noRepackKeepsTheFilesLayoutAndTheDefaultCopiesEveryMatrixItCan() throws {
        #expect(try interleavedMatrices(environment: ["LUMOS_NO_REPACK": "1"]) == 0)
        // 18 layers × 7 matrices and the output matrix, where this CPU has the kernels.
        let expected = lumos_x8_type(Int32(LK_Q8_0), 8, 32) != 0 ? 18 * 7 + 1 : 0
        #expect(try interleavedMatrices(environment: [:]) == expected)
    }
}
