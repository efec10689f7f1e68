import Foundation

extension UUID {
    /// Parses the 36-character text form. Foundation's parser goes through `sscanf`, which was a
    /// few percent of a whole-portfolio read on its own; anything unusual is left to it.
    public init?(storedText text: String) {
        guard let value = Self.parse(text.utf8) ?? UUID(uuidString: text) else { return nil }
        self = value
    }

    /// The identifier spelled by exactly 36 bytes of hex digits and hyphens, either case.
    static func parse<Bytes: Collection<UInt8>>(_ text: Bytes) -> UUID? {
        if let parsed = text.withContiguousStorageIfAvailable(parse(contiguous:)) { return parsed }
        return Array(text).withUnsafeBufferPointer(parse(contiguous:))
    }

    /// Reads straight into the identifier's bytes: a whole-portfolio read parses half a million
    /// identifiers, and building each through an array and an enumerated iterator was a twelfth of it.
    private static func parse(contiguous text: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard text.count == 36 else { return nil }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let wellFormed = withUnsafeMutableBytes(of: &value) { bytes -> Bool in
            var position = 0
            for index in 0..<16 {
                // Hyphens come before bytes 4, 6, 8 and 10 (text offsets 8, 13, 18 and 23).
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    guard text[position] == UInt8(ascii: "-") else { return false }
                    position += 1
                }
                guard let high = hexValue(text[position]), let low = hexValue(text[position + 1]) else { return false }
                bytes[index] = high << 4 | low
                position += 2
            }
            return true
        }
        return wellFormed ? UUID(uuid: value) : nil
    }

    static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `uuidString`'s text (upper-case hex with hyphens), written straight from the bytes:
    /// Foundation's goes through `sprintf`, which showed when a scan stored thousands of rows.
    public var storedText: String {
        // Upper-case hex digit of a nibble, without a table to allocate or look up.
        func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10 }
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    text[position] = hex(bytes[index] >> 4)
                    text[position + 1] = hex(bytes[index] & 0x0f)
                    position += 2
                }
                return position
            }
        }
    }

    /// The identifier made of exactly 16 bytes, in order.
    public init(sixteen bytes: [UInt8]) {
        precondition(bytes.count == 16, "an identifier is 16 bytes")
        self.init(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
