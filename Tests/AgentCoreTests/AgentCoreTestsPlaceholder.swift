import Testing

@Test func AgentCoreTestsPlaceholderBuilds() {
    #expect(Bool(true))
}
