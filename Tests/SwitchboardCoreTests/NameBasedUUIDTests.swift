import Testing
@testable import SwitchboardCore

/// SHA-1 and name-based UUIDs against Python's `hashlib` and `uuid.uuid5(NAMESPACE_URL, …)`,
/// at the lengths where SHA-1's padding spills into a second block.
@Suite struct NameBasedUUIDTests {
    @Test(arguments: [
        (0, "da39a3ee5e6b4b0d3255bfef95601890afd80709"), (55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"),
        (56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"), (64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"),
        (119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"), (120, "f34c1488385346a55709ba056ddd08280dd4c6d6"),
        (1000, "291e9a6c66994949b57ba5e650361e98fc36b1ba"),
    ])
    func sha1MatchesTheStandardDigest(length: Int, hex: String) {
        #expect(SHA1.hex(Array(repeating: UInt8(ascii: "a"), count: length)) == hex)
        #expect(SHA1.hex(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test(arguments: [
        ("", "1b4db7eb-4057-5ddf-91e0-36dec72071f5"), ("a", "e1407479-3136-56c0-9908-bb02fb0339e2"),
        ("airs\u{1F}BH-1800", "23a5e652-2c08-5efd-b38d-b32078e47612"),
        (String(repeating: "x", count: 39), "f4eaee1e-e483-528b-88bd-6b8932ab6e2b"),
        (String(repeating: "x", count: 40), "f562c38a-a8fe-5cdd-b523-6f30cfb54847"),
        (String(repeating: "x", count: 48), "8fa6ffa9-9280-5899-a2d8-b082ccdf6380"),
        (String(repeating: "x", count: 104), "f73ecf9a-6ec9-5147-a7e0-f5bc67eeefa0"),
        (String(repeating: "x", count: 200), "cd3580b9-d244-586a-8077-74317319b48d"),
    ])
    func namesGiveTheVersion5UUIDOfTheURLNamespace(name: String, uuid: String) {
        #expect(NameBasedUUID.make(name) == uuid)
        #expect(TaxonomyTermID.derived(from: "airs", "BH-1800").rawValue == "23a5e652-2c08-5efd-b38d-b32078e47612")
    }
}
