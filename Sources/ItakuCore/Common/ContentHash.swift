import Crypto
import Foundation

/// Lowercase hex SHA-256: the one spelling of a content hash across the product.
public enum ContentHash {
    public static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    public static func sha256(_ text: String) -> String {
        sha256(Data(text.utf8))
    }

    /// Lowercase hex of any bytes (a digest, a MAC).
    public static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Self.digits
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let digits = Array("0123456789abcdef".utf8)
}
