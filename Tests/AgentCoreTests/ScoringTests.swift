import Testing
@testable import AgentCore

@Suite struct ScoringTests {
    @Test func gsm8kGoldIsTheTextAfterHashesWithoutThousandsSeparators() {
        #expect(GoldAnswer.extract("so 1,000 + 200\n#### 1,200", dataset: .gsm8k) == "1200")
        #expect(GoldAnswer.extract("#### -3", dataset: .gsm8k) == "-3")
        #expect(GoldAnswer.extract("18", dataset: .gsm8k) == "18")
        #expect(GoldAnswer.extract("12.0", dataset: .svamp) == "12")
    }

    @Test func mathsScoresNumericEqualityBesideTheExactString() {
        let (scores, correct) = Scorer.score(prediction: "18.0", gold: "18", dataset: .gsm8k, domain: .maths)
        #expect(correct)
        #expect(scores.numericMatch == true && scores.exactStringMatch == false)
        #expect(Scorer.score(prediction: "$1,200", gold: "1200", dataset: .gsm8k, domain: .maths).correct)
        #expect(Scorer.score(prediction: "48/5", gold: "9.6", dataset: .svamp, domain: .maths).correct)
        #expect(!Scorer.score(prediction: "17", gold: "18", dataset: .gsm8k, domain: .maths).correct)
        #expect(!Scorer.score(prediction: nil, gold: "18", dataset: .gsm8k, domain: .maths).correct)
        #expect(Scorer.score(prediction: "18", gold: "18", dataset: .gsm8k, domain: .maths).scores.exactStringMatch == true)
    }

    @Test func hotpotqaUsesSQuADExactMatchAndF1() {
        let (scores, correct) = Scorer.score(prediction: "The Eiffel Tower!", gold: "eiffel tower", dataset: .hotpotqa, domain: .complexQA)
        #expect(correct && scores.exactMatch == true && scores.f1 == 1)
        let partial = Scorer.score(prediction: "Paris France", gold: "Paris", dataset: .hotpotqa, domain: .complexQA)
        #expect(!partial.correct)
        #expect(abs((partial.scores.f1 ?? 0) - 2.0 / 3.0) < 1e-9)
        #expect(SQuADMetrics.f1("yes", "no") == 0)
    }

    @Test func strategyqaDecidesYesNoFromThePrediction() {
        #expect(Scorer.score(prediction: "Yes, he did", gold: "true", dataset: .strategyqa, domain: .complexQA).correct)
        #expect(Scorer.score(prediction: "No", gold: "false", dataset: .strategyqa, domain: .complexQA).correct)
        #expect(!Scorer.score(prediction: "No", gold: "True", dataset: .strategyqa, domain: .complexQA).correct)
        #expect(GoldAnswer.extract("Yes", dataset: .strategyqa) == "true")
    }
}
