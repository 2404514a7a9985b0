import SwitchboardCore
import Testing

/// SHA-1 against FIPS 180 test vectors: ids and stored fingerprints depend on every bit of it.
@Suite struct SHA1Tests {
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        (String(repeating: "a", count: 1_000_000), "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
    ])
    func digestsMatchTheStandardVectors(message: String, expected: String) {
        #expect(SHA1.hex(Array(message.utf8)) == expected)
    }

    @Test func feedingInPiecesOfAnySizeGivesTheSameDigest() {
        let message = (0..<768).map { UInt8($0 % 256) }
        for piece in [1, 7, 55, 56, 63, 64, 65, 128, 500] {
            var hasher = SHA1()
            var start = 0
            while start < message.count {
                hasher.update(Array(message[start..<min(start + piece, message.count)]))
                start += piece
            }
            #expect(hasher.finalize().hex == "ac2a264c8ec1f4232a40854e8239bc3a697ab1d2", "pieces of \(piece)")
        }
    }

    @Test func aDigestReadsBackFromItsHex() {
        let digest = { var hasher = SHA1(); hasher.update("abc"); return hasher.finalize() }()
        #expect(SHA1.Digest(hex: digest.hex) == digest)
        #expect(SHA1.Digest(hex: digest.hex.uppercased()) == digest)
        #expect(digest.bytes == SHA1.hash(Array("abc".utf8)))
        #expect(SHA1.Digest(hex: "abc") == nil)
        #expect(SHA1.Digest(hex: String(repeating: "g", count: 40)) == nil)
        #expect(SHA1.Digest(hex: digest.hex + "00") == nil)
    }
}
