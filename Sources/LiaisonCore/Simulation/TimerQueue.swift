/// Pending timers ordered by (due, id), with replace and cancel by id.
///
/// A binary heap with lazy deletion: cancelled or replaced entries stay in the heap and are
/// skipped when they surface, so every operation is O(log n).
public struct TimerQueue: Sendable {
    private var heap: [TimerEntry] = []
    private var live: [String: TimerEntry] = [:]

    /// An empty queue.
    public init() {}

    /// How many timers are pending.
    public var count: Int { live.count }

    /// The pending timers, in firing order.
    public var pending: [TimerEntry] { live.values.sorted() }

    /// Adds a timer, replacing a pending one with the same id.
    public mutating func schedule(_ entry: TimerEntry) {
        live[entry.id] = entry
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes the pending timer with this id, if any.
    public mutating func cancel(_ id: String) {
        live[id] = nil
    }

    /// The earliest pending timer, without removing it.
    public mutating func peek() -> TimerEntry? {
        while let top = heap.first {
            if live[top.id] == top { return top }
            popTop()
        }
        return nil
    }

    /// Removes and returns the earliest pending timer due at or before `limit`.
    public mutating func pop(dueBy limit: Timestamp) -> TimerEntry? {
        guard let top = peek(), top.due <= limit else { return nil }
        popTop()
        live[top.id] = nil
        return top
    }

    private mutating func popTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left] < heap[smallest] { smallest = left }
            if right < heap.count, heap[right] < heap[smallest] { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
