/// The content of one self-contained piece of a feed, as 128 bits.
public struct FeedUnitDigest: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// The digest of `bytes` (MurmurHash3, x64, 128 bits).
    public init(of bytes: UnsafeRawBufferPointer) {
        (high, low) = MurmurHash3.x64_128(bytes)
    }

    /// The 16 bytes, big-endian: how a store keeps it.
    public var bytes: [UInt8] {
        (0..<16).map { index in UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> UInt64(56 - (index % 8) * 8)) }
    }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    public var description: String { bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined() }
}

/// A self-contained piece of a feed — in AIRS XML, a top-level Agency with everything it holds —
/// as it was the last time it was read without a single problem: the records it made, and what
/// the reader needs to take it as read again (the keys it claimed, what it counted).
///
/// Nightly exports repeat almost all of yesterday's agencies byte for byte. A reader that meets a
/// unit whose digest the directory remembers, and whose records are still stored exactly as
/// that unit left them, skips mapping, normalizing and comparing its records one by one: that is
/// what makes an unchanged re-import cost little more than parsing the file.
public struct FeedUnit: Hashable, Sendable {
    /// The unit's content as the reader saw it (with the reader's mapping revision folded in,
    /// so a reader that maps differently never reuses an old unit).
    public var digest: FeedUnitDigest
    /// The organizations, locations, services and services-at-locations it made.
    public var records: [RecordReference]
    /// The reader's own memory of the unit, opaque to the store.
    public var readerState: [UInt8]

    public init(digest: FeedUnitDigest, records: [RecordReference], readerState: [UInt8]) {
        self.digest = digest; self.records = records; self.readerState = readerState
    }
}

/// What a reader may ask of the directory it refreshes: whether a unit with exactly this content
/// was taken in clean before, and to take it as read again.
public protocol FeedUnitMemory {
    /// The unit remembered under `digest` for this feed, if any. Changes nothing.
    func unit(_ digest: FeedUnitDigest) throws -> FeedUnit?
    /// Takes `unit` as listed again, unchanged, if every record it made is still stored as it left
    /// them, live, and not yet listed in this run; returns false (and changes nothing) otherwise,
    /// and the reader then reads the unit in full.
    func reuse(_ unit: FeedUnit) throws -> Bool
    /// Every digest ``unit(_:)`` could find, or nil when the memory cannot say. When it is empty a
    /// reader may map on a thread of its own, since it has nothing to ask; otherwise it asks about
    /// each unit from the thread the memory lives on.
    var rememberedDigests: Set<FeedUnitDigest>? { get }
}

extension FeedUnitMemory {
    public var rememberedDigests: Set<FeedUnitDigest>? { nil }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
