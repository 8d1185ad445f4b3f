@testable import Engine
import Testing
import TestSupport

/// The paged KV cache: contexts forked from one prefix share its blocks instead of copying them, a
/// shared block is copied before it is written, blocks go back to the pool when their last holder
/// goes, and a pool with a byte budget refuses blocks past it with an error that says what to do.
struct KVBlockPoolTests {
    static func prompt(_ count: Int, salt: Int = 0) -> [Int32] {
        (0..<count).map { Int32(5 + (($0 + salt * 131) * 37) % 900) }
    }

    /// The rows of every block a snapshot holds, to see that nobody wrote them.
    static func rows(of cache: KVCache, layer: Int, blocks: Range<Int>) -> [[UInt16]] {
        blocks.map { i in
            let block = cache.blocks[layer][i]!
            return Array(UnsafeBufferPointer(start: block.keys, count: 2 * KVCache.blockCells * cache.rowLength))
        }
    }

    @Test func contextsForkedFromOnePrefixShareItsBlocksAndNeverWriteThem() throws {
        let model = try Model(path: Golden.tinyModelPath("Q4_K_M"), threads: 2)
        let prefixCache = PrefixCache()
        let header = Self.prompt(200)
        let first = model.makeContext(prefixCache: prefixCache)
        _ = try first.prefill(header + Self.prompt(30, salt: 1))
        let kept = model.kvBlocks.blocksInUse
        let full = 200 / KVCache.blockCells  // blocks wholly inside the header
        // Block `full` holds the header's last positions and is written by each fork after them.
        let before = Self.rows(of: first.cache, layer: 0, blocks: 0..<(full + 1))

        let a = model.makeContext(prefixCache: prefixCache), b = model.makeContext(prefixCache: prefixCache)
        let (logitsA, reusedA) = try a.prefill(header + Self.prompt(30, salt: 2))
        let (logitsB, reusedB) = try b.prefill(header + Self.prompt(30, salt: 3))
        #expect(reusedA >= 200 && reusedB >= 200)
        for i in 0..<full {
            #expect(a.cache.blocks[0][i] === first.cache.blocks[0][i], "block \(i) was copied, not shared")
            #expect(b.cache.blocks[0][i] === first.cache.blocks[0][i])
        }
        // Two forks cost far less than two more copies of the first prompt's blocks.
        let added = model.kvBlocks.blocksInUse - kept
        #expect(added < kept, "\(added) blocks for two forks, \(kept) for the first prompt")

        for step in 0..<20 {
            _ = try a.append([Int32(7 + step)])
            _ = try b.append([Int32(9 + step)])
        }
        let unchanged = Self.rows(of: first.cache, layer: 0, blocks: 0..<(full + 1)) == before
        #expect(unchanged, "a shared block was written")
        #expect(a.cache.blocks[0][full] !== first.cache.blocks[0][full], "the partly shared block was written in place")
        // And each fork still computes what a cold context computes.
        let coldA = try model.makeContext().append(header + Self.prompt(30, salt: 2))
        let coldB = try model.makeContext().append(header + Self.prompt(30, salt: 3))
        #expect(Golden.cosine(logitsA, coldA) > 0.9999)
        #expect(Golden.cosine(logitsB, coldB) > 0.9999)
    }

    @Test func blocksReturnToThePoolWhenTheirLastHolderGoes() throws {
        let model = try Model(path: Golden.tinyModelPath("Q4_K_M"), threads: 2)
        do {
            let prefixCache = PrefixCache()
            let context = model.makeContext(prefixCache: prefixCache)
            _ = try context.prefill(Self.prompt(300))
            #expect(model.kvBlocks.blocksInUse > 0)
            context.reset()
            #expect(model.kvBlocks.blocksInUse > 0, "the prefix-cache entry still holds the prompt")
        }
        #expect(model.kvBlocks.blocksInUse == 0)
    }

    @Test func aBudgetTooSmallForThePromptIsAClearErrorAndLeavesNothingHeld() throws {
        let tiny = try Model(path: Golden.tinyModelPath("Q4_K_M"), threads: 2)
        let blockBytes = tiny.kvBlocks.blockBytes
        let layers = tiny.hyperParameters.layerCount
        // Room for 2 blocks per layer: 64 positions.
        let model = try Model(path: Golden.tinyModelPath("Q4_K_M"), threads: 2, kvBudgetBytes: 2 * layers * blockBytes)
        do {
            let context = model.makeContext()
            _ = try context.append(Self.prompt(60))
            let error = #expect(throws: ModelError.self) { try context.append(Self.prompt(10)) }
            #expect(error?.code == .kvBudgetExhausted)
            #expect(error?.message.contains("--kv-budget-mib") == true)
            // The tokens that did not fit are not part of the conversation.
            #expect(context.tokens.count == 60)
        }
        #expect(model.kvBlocks.blocksInUse == 0)
    }

    @Test func keptPrefixesGiveWayToARunningSessionAtTheBudget() throws {
        let tiny = try Model(path: Golden.tinyModelPath("Q4_K_M"), threads: 2)
        let layers = tiny.hyperParameters.layerCount, blockBytes = tiny.kvBlocks.blockBytes
        // Room for 8 blocks per layer: 256 positions.
        let model = try Model(path: Golden.tinyModelPath("Q4_K_M"), threads: 2, kvBudgetBytes: 8 * layers * blockBytes)
        let prefixCache = PrefixCache()
        prefixCache.giveWay(in: model.kvBlocks)
        let first = model.makeContext(prefixCache: prefixCache)
        _ = try first.prefill(Self.prompt(200))
        first.reset()
        #expect(prefixCache.statistics.entries == 1)
        // 200 positions of another prompt do not fit beside the kept 200: the entry goes.
        let (logits, reused) = try model.makeContext(prefixCache: prefixCache).prefill(Self.prompt(200, salt: 5))
        #expect(reused == 0)
        #expect(!logits.isEmpty)
        #expect(prefixCache.statistics.evictions >= 1)
    }
}
