/// Orders heap elements: `precedes(a, b)` is true when `a` must be popped before `b`.
protocol HeapOrdered {
    static func precedes(_ a: Self, _ b: Self) -> Bool
}

/// A binary heap for the tokenizers' merge queues (pops the element that precedes all others).
struct BinaryHeap<Element: HeapOrdered> {
    private var items: [Element] = []

    init(capacity: Int = 0) { items.reserveCapacity(capacity) }

    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ element: Element) {
        items.append(element)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Element.precedes(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < items.count else { break }
            var best = left
            if left + 1 < items.count, Element.precedes(items[left + 1], items[left]) { best = left + 1 }
            guard Element.precedes(items[best], items[parent]) else { break }
            items.swapAt(best, parent)
            parent = best
        }
        return top
    }
}
