import Testing

@Test func WorkerTestsPlaceholderBuilds() {
    #expect(Bool(true))
}
