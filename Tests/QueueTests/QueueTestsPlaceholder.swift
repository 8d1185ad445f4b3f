import Testing

@Test func QueueTestsPlaceholderBuilds() {
    #expect(Bool(true))
}
