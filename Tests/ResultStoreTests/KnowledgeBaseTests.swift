import AgentCore
import Foundation
import Testing
@testable import ResultStore

@Suite struct KnowledgeBaseTests {
    private func corpus(_ scratch: Scratch) throws -> String {
        let path = scratch.path("corpus.jsonl")
        let lines = [
            #"{"title": "Scott Derrickson", "text": "Scott Derrickson is an American director, screenwriter and producer.\n\nHe directed Doctor Strange."}"#,
            #"{"title": "Ed Wood", "text": "Edward Davis Wood Jr. was an American filmmaker, actor and author."}"#,
            #"{"title": "Genghis Khan", "text": "Genghis Khan founded the Mongol Empire. He had many children."}"#,
            #"{"title": "Julius Caesar", "text": "Julius Caesar was a Roman general and statesman."}"#,
            "",
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func fts5IsAvailableInThisSQLite() throws {
        let scratch = try Scratch()
        #expect(throws: Never.self) { try KnowledgeBase(path: scratch.path("kb.db")) }
    }

    @Test func searchRanksTheBestMatchFirst() throws {
        let scratch = try Scratch()
        let kb = try KnowledgeBase(path: scratch.path("kb.db"))
        #expect(try kb.add(corpus: try corpus(scratch)) == 4)
        #expect(try kb.count == 4)
        let results = try kb.search("Scott Derrickson", limit: 3)
        #expect(results.first?.title == "Scott Derrickson")
        #expect(results.first?.text.contains("\n\nHe directed") == true)
        #expect(try kb.search("American filmmaker", limit: 1).map(\.title) == ["Ed Wood"])
        #expect(try kb.search("Roman", limit: 5).map(\.title) == ["Julius Caesar"])
        #expect(try kb.search("Derrickson", limit: 0).isEmpty)
    }

    @Test func queriesWithFTSSyntaxCharactersAreSafe() throws {
        let scratch = try Scratch()
        let kb = try KnowledgeBase(path: scratch.path("kb.db"))
        try kb.add(corpus: try corpus(scratch))
        #expect(try kb.search("\"Genghis\" AND (Khan* NEAR -children", limit: 2).first?.title == "Genghis Khan")
        #expect(try kb.search("?!* \"", limit: 2).isEmpty)
        #expect(try kb.search("zzzz unknownword", limit: 2).isEmpty)
    }

    @Test func aBaseReopensReadOnlyAndAnswers() throws {
        let scratch = try Scratch()
        let path = scratch.path("kb.db")
        let kb = try KnowledgeBase(path: path)
        try kb.add(corpus: try corpus(scratch))
        kb.close()
        let reopened = try KnowledgeBase(path: path, readOnly: true)
        #expect(try reopened.search("Mongol", limit: 1).map(\.title) == ["Genghis Khan"])
    }

    @Test func badCorpusLineNamesItsLineAndAddsNothing() throws {
        let scratch = try Scratch()
        let path = scratch.path("bad.jsonl")
        try Data("{\"title\": \"A\", \"text\": \"a\"}\n{\"title\": 1}\n".utf8).write(to: URL(fileURLWithPath: path))
        let kb = try KnowledgeBase(path: scratch.path("kb.db"))
        let error = #expect(throws: StoreError.self) { try kb.add(corpus: path) }
        #expect(error?.code == .badInput)
        #expect(error?.message.contains("Line 2") == true)
        #expect(try kb.count == 0)
    }
}
