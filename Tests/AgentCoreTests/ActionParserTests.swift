import Testing
@testable import AgentCore

@Suite struct ActionParserTests {
    struct Case: Sendable, CustomStringConvertible {
        var input: String
        var outputs: [String]
        var name: String
        var arguments: String
        var description: String { input }
    }

    /// lumos-spec §6.4, row by row.
    static let specTable: [Case] = [
        Case(input: "R1 = Calculator(48/2)", outputs: ["R1"], name: "Calculator", arguments: "48/2"),
        Case(input: "R1 = Calculator(48/2) = 24", outputs: ["R1"], name: "Calculator", arguments: "48/2"),
        Case(input: "R5, R6 = SolveEquation(R2=xy, R3=x/y)", outputs: ["R5", "R6"], name: "SolveEquation", arguments: "R2=xy, R3=x/y"),
        Case(input: "Output = R9 = 40", outputs: ["Output"], name: "", arguments: "R9"),
        Case(input: "Output = R2", outputs: ["Output"], name: "", arguments: ""),
        Case(input: "R10 = Calculator(R1(R9))", outputs: ["R10"], name: "Calculator", arguments: "R1(R9)"),
        Case(input: "R4 = Calculator(25% * R3) = (p + 600)/4", outputs: ["R4"], name: "Calculator", arguments: "25% * R3"),
        Case(input: "R2 = Calculator(R1 / 0.25", outputs: ["R2"], name: "Calculator", arguments: "R1 / 0.2"),
        Case(input: "R2 = Calculator((R1 / 0.25)", outputs: ["R2"], name: "Calculator", arguments: "(R1 / 0.25"),
        Case(input: "R2 = Calculator(5 + 3)) = 8", outputs: ["R2"], name: "Calculator", arguments: "5 + 3)"),
        Case(input: "R3 = Calculator(100 * (1 - 0.2)) extra", outputs: ["R3"], name: "Calculator", arguments: ""),
        Case(input: "R1 = Calculator 3+4", outputs: ["R1"], name: "", arguments: ""),
        Case(input: "R9 = Code(If R8 > 0, R8, -R8)", outputs: ["R9"], name: "Code", arguments: "If R8 > 0, R8, -R8"),
    ]

    @Test(arguments: specTable)
    func referenceParserReproducesSpecTable(_ row: Case) {
        let parsed = ActionParser.referenceParse(row.input, variant: .maths)
        #expect(parsed.outputs == row.outputs)
        #expect(parsed.name == row.name)
        #expect(parsed.arguments == row.arguments)
    }

    @Test func qaVariantAlwaysTakesTheTextInsideTheFirstCall() {
        let parsed = ActionParser.referenceParse("R3 = QA([R2], Question: Who (really) won?)", variant: .complexQA)
        #expect(parsed.name == "QA")
        #expect(parsed.arguments == "[R2], Question: Who (really) won?")
    }

    @Test func lineSplitsOnSemicolonSpaceOnly() {
        #expect(ActionParser.split(" R1 = Calculator(1+1); R2 = Calculator(R1;2) ") == ["R1 = Calculator(1+1)", "R2 = Calculator(R1;2)"])
        #expect(ActionParser.split("   ").isEmpty)
    }

    @Test(arguments: [
        ("Calculate 3 + 4", ActionParseError.Code.missingAssignment),
        ("R1 = Calculator 3+4", .missingCall),
        ("R2 = Calculator(R1 / 0.25", .unbalancedParentheses),
        ("R3 = Calculator(100 * (1 - 0.2)) extra", .trailingText),
        ("R 1 = Calculator(2)", .invalidOutput),
        ("R1 = Calc ulator(2)", .missingCall),
        ("", .emptyLine),
    ])
    func strictParserRejectsMalformedActions(_ input: String, _ code: ActionParseError.Code) {
        #expect(throws: ActionParseError.self) { try ActionParser.parse(input, variant: .maths) }
        do {
            _ = try ActionParser.parse(input, variant: .maths)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func strictParserAcceptsAnnotationAndAssignmentForms() throws {
        #expect(try ActionParser.parse("R1 = Calculator(48/2) = 24", variant: .maths).arguments == "48/2")
        let output = try ActionParser.parse("Output = (R9)", variant: .maths)
        #expect(output.name == "" && output.arguments == "R9")
        #expect(try ActionParser.parse("Output = R5", variant: .maths).arguments == "R5")
        #expect(try ActionParser.parse("Output = R5", variant: .maths, deviations: .reference).arguments == "")
    }
}

@Suite struct VariableSubstitutionTests {
    let table: [String: VariableValue] = [
        "R1": .text("24"), "R2": .text("2p/5 = (p+600)/4"), "R12": .text("7"), "R4": .text("x-7y"),
        "R5": .text("-9/8"), "R6": .text("-3/5"),
    ]

    @Test func mathsFormsFollowTheSpecTable() throws {
        #expect(try VariableSubstitution.maths("48+R1", table: table, deviations: .reference) == "48+(24)")
        #expect(try VariableSubstitution.maths("R1", table: table, deviations: .reference) == "24")
        #expect(try VariableSubstitution.maths("R2 * 20", table: table, deviations: .reference) == ":(2p/5 = (p+600)/4): * 20")
        #expect(try VariableSubstitution.maths("R4(R5, R6)", table: table, deviations: .reference) == "x-7y(-9/8, -3/5)")
    }

    @Test func referenceModeKeepsThePrefixCollisionAndTheFixAvoidsIt() throws {
        #expect(try VariableSubstitution.maths("R1 + R12", table: table, deviations: .reference) == "(24) + (24)2")
        #expect(try VariableSubstitution.maths("R1 + R12", table: table, deviations: .trainingAligned) == "(24) + (7)")
    }

    @Test func missingVariableIsReported() {
        #expect(throws: VariableSubstitution.MissingVariable(name: "R9")) {
            try VariableSubstitution.maths("R9 + 1", table: table, deviations: .trainingAligned)
        }
    }

    @Test func qaFormsPasteStrValues() throws {
        let qaTable: [String: VariableValue] = ["R3": .text("Question: q; Answer: 3"), "R1": .list(["a *** b", "it's"])]
        #expect(try VariableSubstitution.qa("R3 > 2", table: qaTable, deviations: .trainingAligned, suffix: ".") == "Question: q; Answer: 3. > 2")
        #expect(try VariableSubstitution.qa("R1", table: qaTable, deviations: .trainingAligned) == "['a *** b', \"it's\"]")
    }
}
