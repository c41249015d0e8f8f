import RNNGradCheckKit
import XCTest

/// SHA-256 against the examples of FIPS 180-2 (appendix B) and HMAC-SHA256 against every test case of
/// RFC 4231 (section 4); the expected digests are copied from those documents (and agree with
/// python's hashlib and hmac modules).
final class HMACTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private func hex(_ digits: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            result.append(UInt8(digits[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    func testSHA256_FIPS180Examples() {
        XCTAssertEqual(HMAC.hex(SHA256.hash(bytes("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(HMAC.hex(SHA256.hash([])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Two blocks: the padding spills into a second block.
        XCTAssertEqual(
            HMAC.hex(SHA256.hash(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testHMACSHA256_RFC4231TestCases() {
        let longKey = [UInt8](repeating: 0xaa, count: 131)
        let cases: [(name: String, key: [UInt8], data: [UInt8], digest: String)] = [
            ("4.2", [UInt8](repeating: 0x0b, count: 20), bytes("Hi There"),
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            ("4.3", bytes("Jefe"), bytes("what do ya want for nothing?"),
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            ("4.4", [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            ("4.5", hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), [UInt8](repeating: 0xcd, count: 50),
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            // 4.6: the RFC gives the first 128 bits only.
            ("4.6", [UInt8](repeating: 0x0c, count: 20), bytes("Test With Truncation"), "a3b6167473100ee06e0c796c2955552b"),
            ("4.7", longKey, bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            ("4.8", longKey,
             bytes("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ]
        for (name, key, data, digest) in cases {
            let computed = HMAC.hex(HMAC.sha256(key: key, message: data))
            XCTAssertEqual(String(computed.prefix(digest.count)), digest, "RFC 4231 \(name)")
            XCTAssertEqual(computed.count, 64)
        }
    }

    /// Planted: one bit of the key or the message changes the digest.
    func testHMAC_OneBitChangesTheDigest() {
        let key = bytes("a course secret of some length"), message = bytes("exercise 3, student alice")
        let digest = HMAC.sha256(key: key, message: message)
        var flippedKey = key
        flippedKey[0] ^= 1
        var flippedMessage = message
        flippedMessage[message.count - 1] ^= 1
        XCTAssertNotEqual(HMAC.sha256(key: flippedKey, message: message), digest)
        XCTAssertNotEqual(HMAC.sha256(key: key, message: flippedMessage), digest)
    }
}
