import FuzzSupport
import AgentCore

/// Model output is untrusted text: every action line must parse or fail with a recorded error, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzActionParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let line = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for piece in ActionParser.split(line) {
        for variant in [ActionParser.Variant.maths, .complexQA] {
            _ = ActionParser.referenceParse(piece, variant: variant)
            _ = try? ActionParser.parse(piece, variant: variant)
        }
    }
    return 0
}

@_cdecl("FuzzActionParser_main")
public func fuzzActionParserMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzActionParser)
}
