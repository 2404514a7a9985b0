/// Variable-length lists per row in two flat arrays (compressed sparse rows): `values` of row
/// `r` are `values[offsets[r]..<offsets[r + 1]]`. A million rows cost two allocations, not a million.
struct RowLists<Element: Sendable>: Sendable {
    private(set) var offsets: [UInt32] = [0]
    private(set) var values: [Element] = []

    mutating func append(_ items: some Sequence<Element>) {
        values.append(contentsOf: items)
        offsets.append(UInt32(values.count))
    }

    /// Where a row's values lie in ``values``: loops over it touch no slice and no reference count.
    @inline(__always)
    func range(of row: UInt32) -> Range<Int> { Int(offsets[Int(row)])..<Int(offsets[Int(row) + 1]) }

    subscript(row: UInt32) -> ArraySlice<Element> {
        values[Int(offsets[Int(row)])..<Int(offsets[Int(row) + 1])]
    }

    mutating func reserve(rows: Int, values count: Int) {
        offsets.reserveCapacity(rows + 1)
        values.reserveCapacity(count)
    }
}

/// A point of a service's site, in single precision (under a metre of error at these magnitudes).
struct SitePoint: Hashable, Sendable {
    var latitude: Float
    var longitude: Float
}

/// Rows containing one word, with the word's field-weighted frequency in each (for BM25).
struct WordPosting: Sendable {
    var rows: [UInt32] = []
    var frequencies: [Float] = []
}

/// A taxonomy term the index knows: its code (or id for taxonomies without codes), name and ancestors.
struct CodeInfo: Sendable {
    var key: String
    var name: String
    /// Ids of the ancestors, nearest first.
    var ancestors: [UInt32]
}

extension Array where Element == UInt32 {
    /// Whether a sorted array holds `value` (binary search).
    func sortedContains(_ value: UInt32) -> Bool { sortedIndex(of: value) != nil }

    /// The position of `value` in a sorted array, or nil.
    func sortedIndex(of value: UInt32) -> Int? {
        let low = sortedStart(of: value)
        return low < count && self[low] == value ? low : nil
    }

    /// The position of the first element of a sorted array that is not below `value` (`count` if none).
    func sortedStart(of value: UInt32) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) >> 1
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
