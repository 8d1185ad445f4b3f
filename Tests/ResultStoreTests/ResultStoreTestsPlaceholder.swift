import Testing

@Test func ResultStoreTestsPlaceholderBuilds() {
    #expect(Bool(true))
}
