/// The best `capacity` entries seen so far, best first, without sorting everything that matched.
///
/// Keys compare as tuples (smaller is better) and end with the row, so the order is total and
/// pages never overlap or skip a result.
struct TopResults {
    struct Entry {
        var primary: Double
        var secondary: Double
        var row: UInt32
        var score: Double
        var distance: Double?

        func isBetter(than other: Entry) -> Bool {
            (primary, secondary, row) < (other.primary, other.secondary, other.row)
        }
    }

    let capacity: Int
    private(set) var entries: [Entry] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        entries.reserveCapacity(min(self.capacity, 1024) + 1)
    }

    var isFull: Bool { entries.count == capacity }

    mutating func offer(_ entry: Entry) {
        guard capacity > 0 else { return }
        if entries.count == capacity, let worst = entries.last, !entry.isBetter(than: worst) { return }
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) >> 1
            if entries[mid].isBetter(than: entry) { low = mid + 1 } else { high = mid }
        }
        entries.insert(entry, at: low)
        if entries.count > capacity { entries.removeLast() }
    }
}
