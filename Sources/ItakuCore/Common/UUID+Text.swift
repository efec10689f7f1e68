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
        guard text.count == 36 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var high: UInt8?
        for (offset, character) in text.enumerated() {
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                guard character == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let nibble = hexValue(character) else { return nil }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return UUID(sixteen: bytes)
    }

    static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The identifier made of exactly 16 bytes, in order.
    public init(sixteen bytes: [UInt8]) {
        precondition(bytes.count == 16, "an identifier is 16 bytes")
        self.init(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
