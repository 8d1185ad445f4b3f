import Testing

@Test func EngineTestsPlaceholderBuilds() {
    #expect(Bool(true))
}
