import Testing
import SwitchboardCore

@Suite struct IdentifierTests {
    @Test func sha1MatchesTheStandardTestVectors() {
        #expect(SHA1.hex(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hex([]) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func hashingInPiecesEqualsHashingAtOnce() {
        let message = Array((0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        for split in [0, 1, 63, 64, 65, 500, 999] {
            var hasher = SHA1()
            hasher.update(Array(message[..<split]))
            hasher.update(Array(message[split...]))
            #expect(hasher.finalize().hex == SHA1.hex(message))
        }
    }

    @Test func derivedIDsAreStableVersion5UUIDs() {
        let a = ServiceID.derived(from: "feed", "SS-12")
        #expect(a == ServiceID.derived(from: "feed", "SS-12"))
        #expect(a != ServiceID.derived(from: "feed", "SS-13"))
        #expect(a != ServiceID.derived(from: "feedSS-12"), "parts are separated, not concatenated")
        let text = a.rawValue
        #expect(text.count == 36)
        #expect(Array(text)[14] == "5")
        #expect(["8", "9", "a", "b"].contains(Array(text)[19]))
    }
}
