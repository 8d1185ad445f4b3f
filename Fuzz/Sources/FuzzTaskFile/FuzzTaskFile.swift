import FuzzSupport
import AgentCore
import Foundation

/// Task files come from users: the first byte picks the dataset (or detection), the rest is the file content.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTaskFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let choices: [Dataset?] = [nil] + Dataset.allCases
    let dataset = choices[Int(data[0]) % choices.count]
    let content = Data(bytes: data + 1, count: size - 1)
    _ = try? TaskFileReader.read(data: content, path: "fuzz.jsonl", dataset: dataset, formulation: .iterative, limit: 50)
    return 0
}

@_cdecl("FuzzTaskFile_main")
public func fuzzTaskFileMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzTaskFile)
}
