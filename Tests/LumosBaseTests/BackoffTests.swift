import LumosBase
import Testing

@Suite struct BackoffTests {
    @Test func delaysDoubleFromTheInitialValueUpToTheCap() {
        let backoff = Backoff(initial: 0.5, maximum: 4, jitter: 1...1)
        #expect((0...6).map { backoff.delay(attempt: $0) } == [0, 0.5, 1, 2, 4, 4, 4])
    }

    @Test func jitterStaysWithinItsRangeAroundTheCappedDelay() {
        let backoff = Backoff(initial: 1, maximum: 30)
        for attempt in 1...40 {
            let base = backoff.baseDelay(attempt: attempt)
            let delay = backoff.delay(attempt: attempt)
            #expect(delay >= base * 0.8 && delay <= base * 1.2)
            #expect(base <= 30)
        }
    }

    @Test func aHugeAttemptNumberStaysAtTheCap() {
        #expect(Backoff(initial: 1, maximum: 30, jitter: 1...1).delay(attempt: Int.max) == 30)
    }
}
