import ArgumentParser
import LumosCLI
import Testing

/// The text-to-number path of flags and variables (also fuzzed: Fuzz/FuzzFlagNumbers).
@Suite struct FlagNumberTests {
    @Test(arguments: ["nan", "inf", "-inf", "1e300", "-1", "abc", "", "0x", "86400.5"])
    func aBadNumberIsRefusedNamingTheFlag(text: String) {
        let error = #expect(throws: ValidationError.self) { try FlagCheck.number(text, flag: "--lease", within: 1...86_400) }
        #expect(error?.message.contains("--lease") == true)
    }

    @Test func aGoodNumberIsReturned() throws {
        #expect(try FlagCheck.number(" 60 ", flag: "--lease", within: 1...86_400) == 60)
        #expect(try FlagCheck.integer("8", flag: "--concurrency", within: 1...256) == 8)
    }

    @Test(arguments: ["0", "-5", "abc", "257", "9223372036854775808", "1.5"])
    func aBadWholeNumberIsRefusedNamingTheFlag(text: String) {
        let error = #expect(throws: ValidationError.self) { try FlagCheck.integer(text, flag: "--concurrency", within: 1...256) }
        #expect(error?.message.contains("--concurrency") == true)
    }
}
