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
        // Sift up by moving parents down into the hole, then drop the element in once.
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Element.precedes(element, items[parent]) else { break }
            items[child] = items[parent]
            child = parent
        }
        items[child] = element
    }

    mutating func pop() -> Element? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let top = items[0]
        // Sift the former last element down from the root.
        var parent = 0
        let count = items.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            var best = left
            if left + 1 < count, Element.precedes(items[left + 1], items[left]) { best = left + 1 }
            guard Element.precedes(items[best], last) else { break }
            items[parent] = items[best]
            parent = best
        }
        items[parent] = last
        return top
    }
}
