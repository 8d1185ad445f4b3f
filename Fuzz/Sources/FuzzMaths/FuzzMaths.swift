import FuzzSupport
import Maths

/// The first byte picks the tool, the rest is the argument text the model wrote.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMaths(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let tools = ["Calculator", "SetEquation", "SolveEquation", "SolveInequality", "Count", "Define", "Code"]
    let tool = tools[Int(data[0]) % tools.count]
    let argument = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    _ = try? MathsToolbox().run(tool: tool, argument: argument)
    return 0
}

@_cdecl("FuzzMaths_main")
public func fuzzMathsMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzMaths)
}
