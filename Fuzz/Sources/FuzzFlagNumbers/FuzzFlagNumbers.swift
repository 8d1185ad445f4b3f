import FuzzSupport
import LumosCLI

/// The numbers users type into flags and LUMOS_* variables. The first byte picks a range and
/// whether a whole or a decimal number is wanted; the rest is the text. A value is either refused
/// with an error naming the flag, or accepted finite and inside the range: never NaN, an
/// infinity or an out-of-range number passed on.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlagNumbers(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    let ranges: [ClosedRange<Double>] = [0...86_400, 1...86_400, 0.1...1, -1e6...1e6, 0...Double(Int32.max)]
    let range = ranges[Int(data[0] >> 1) % ranges.count]
    do {
        if data[0] & 1 == 0 {
            let value = try FlagCheck.number(text, flag: "--fuzz", within: range)
            precondition(value.isFinite && range.contains(value), "accepted \(text.debugDescription) as \(value), outside \(range)")
        } else {
            let whole = Int(range.lowerBound.rounded(.up))...Int(range.upperBound.rounded(.down))
            let value = try FlagCheck.integer(text, flag: "--fuzz", within: whole)
            precondition(whole.contains(value), "accepted \(text.debugDescription) as \(value), outside \(whole)")
        }
    } catch {
        // ValidationError's description is its message.
        precondition("\(error)".contains("--fuzz"), "an error that does not name the flag: \(error)")
    }
    return 0
}

@_cdecl("FuzzFlagNumbers_main")
public func fuzzFlagNumbersMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzFlagNumbers)
}
