import Foundation

/// Writes an `Encodable` value as canonical JSON straight into bytes: the same bytes
/// `JSONEncoder` gives with `CanonicalJSON`'s options (keys sorted by their UTF-8 bytes, slashes
/// unescaped, dates as `Timestamp`), without the tree of boxed values `JSONEncoder` builds first.
///
/// Stored JSON goes through here: a first scan writes thousands of flag bodies, and every
/// submission writes its answers and an audit snapshot. Through `JSONEncoder` that encoding took
/// about 300 ms of CPU in the first scan of 10,000 contractors and a twentieth of a submission's.
///
/// It writes only what it can match byte for byte. `Data`, `URL`, `Decimal`, non-finite numbers,
/// nested and super encoders, a key written twice or a value that writes nothing make it return
/// nil, and `CanonicalJSON.string` then asks `JSONEncoder`.
enum CanonicalJSONWriter {
    static func string<T: Encodable>(_ value: T) -> String? {
        let writer = Writer()
        do {
            try writer.write(value)
        } catch {
            return nil
        }
        guard !writer.failed else { return nil }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The writer gives up on a value it cannot match `JSONEncoder` on.
    struct Unsupported: Error {}

    /// What one value's `encode(to:)` has opened, so its object or array is closed when it returns.
    struct Frame {
        enum Shape { case nothing, object, array, single }
        var shape = Shape.nothing
        /// Where the object's `{` is, and each member's `"key":value` span, to sort them at the end.
        var start = 0
        var members: [(key: String, range: Range<Int>)] = []
        var count = 0
    }

    final class Writer: Encoder {
        // Unchecked: one writer serves one call on one thread, and checking every access to these
        // (each byte appended) cost a sixth of the writing.
        @exclusivity(unchecked) var bytes: [UInt8] = []
        @exclusivity(unchecked) var frames: [Frame] = []
        /// Set where the protocol gives no way to throw (nested containers, say).
        @exclusivity(unchecked) var failed = false

        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init() {
            bytes.reserveCapacity(512)
        }

        // MARK: Values

        func write<T: Encodable>(_ value: T) throws {
            // Checked by type, not cast: the types JSONEncoder treats specially, then the scalars
            // an array or a generic field hands over.
            if T.self == String.self {
                writeString(value as! String)
            } else if T.self == Int.self {
                writeNumber(value as! Int)
            } else if T.self == Bool.self {
                writeBool(value as! Bool)
            } else if T.self == Date.self {
                writeString(Timestamp.string(value as! Date))
            } else if T.self == UUID.self {
                // UUID's own conformance encodes `uuidString`; `storedText` is the same text,
                // spelt from the bytes without `sprintf`.
                writeString((value as! UUID).storedText)
            } else if T.self == Double.self {
                try writeFloat(value as! Double)
            } else if T.self == Data.self || T.self == URL.self || T.self == Decimal.self || T.self == Float.self {
                throw Unsupported()
            } else {
                frames.append(Frame())
                try value.encode(to: self)
                let frame = frames.removeLast()
                switch frame.shape {
                case .nothing: throw Unsupported()
                case .object: close(frame)
                case .array: append(UInt8(ascii: "]"))
                case .single: break
                }
            }
        }

        func writeString(_ text: String) {
            var text = text
            append(UInt8(ascii: "\""))
            text.withUTF8 { utf8 in
                var mark = 0
                for index in utf8.indices {
                    let byte = utf8[index]
                    guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<index]))
                    mark = index + 1
                    switch byte {
                    case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                    case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                    case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                    case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                    case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                    case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                    case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                    default:
                        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                        bytes.append(Self.hexDigit(byte >> 4))
                        bytes.append(Self.hexDigit(byte & 0x0F))
                    }
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark...]))
            }
            append(UInt8(ascii: "\""))
        }

        private static func hexDigit(_ value: UInt8) -> UInt8 {
            value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
        }

        func writeNumber<N: BinaryInteger>(_ number: N) {
            bytes.append(contentsOf: number.description.utf8)
        }

        func writeBool(_ flag: Bool) {
            appendLiteral(flag ? "true" : "false")
        }

        /// As JSONEncoder writes a number that is not an integer: its description, without a
        /// trailing ".0".
        func writeFloat<F: BinaryFloatingPoint & CustomStringConvertible>(_ number: F) throws {
            guard number.isFinite else { throw Unsupported() }
            var text = number.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            bytes.append(contentsOf: text.utf8)
        }

        func writeNull() {
            appendLiteral("null")
        }

        @inline(__always)
        func append(_ byte: UInt8) {
            bytes.append(byte)
        }

        private func appendLiteral(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        // MARK: Objects and arrays

        /// Marks the innermost value as having opened `shape`, writing its opening bracket once;
        /// false (and the writer failed) if that value already wrote something else.
        func open(_ shape: Frame.Shape) -> Bool {
            guard let index = frames.indices.last else {
                failed = true
                return false
            }
            if frames[index].shape == shape { return shape != .single }
            guard frames[index].shape == .nothing else {
                failed = true
                return false
            }
            frames[index].shape = shape
            frames[index].start = bytes.count
            switch shape {
            case .object: append(UInt8(ascii: "{"))
            case .array: append(UInt8(ascii: "["))
            case .single, .nothing: break
            }
            return true
        }

        /// Starts the next member or element of the innermost value (which must be `frame`).
        func beginMember(of frame: Int) -> Int {
            if frame != frames.count - 1 { failed = true }
            if frames[frame].count > 0 { append(UInt8(ascii: ",")) }
            frames[frame].count += 1
            return bytes.count
        }

        func member<K: CodingKey>(_ key: K, of frame: Int, _ writeValue: () throws -> Void) rethrows {
            let start = beginMember(of: frame)
            let name = key.stringValue
            writeString(name)
            append(UInt8(ascii: ":"))
            try writeValue()
            frames[frame].members.append((name, start..<bytes.count))
        }

        /// Ends an object, putting its members in key order if they are not already.
        func close(_ frame: Frame) {
            let members = frame.members
            let sorted = zip(members, members.dropFirst()).allSatisfy { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            if sorted {
                append(UInt8(ascii: "}"))
                return
            }
            let order = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            // A key written twice: JSONEncoder keeps the last value, which this does not track.
            if zip(order, order.dropFirst()).contains(where: { $0.key == $1.key }) {
                failed = true
                return
            }
            var object: [UInt8] = [UInt8(ascii: "{")]
            object.reserveCapacity(bytes.count - frame.start + 1)
            for (index, member) in order.enumerated() {
                if index > 0 { object.append(UInt8(ascii: ",")) }
                object.append(contentsOf: bytes[member.range])
            }
            object.append(UInt8(ascii: "}"))
            bytes.replaceSubrange(frame.start..., with: object)
        }

        // MARK: Encoder

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            _ = open(.object)
            return KeyedEncodingContainer(KeyedContainer<Key>(writer: self, frame: frames.count - 1))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            _ = open(.array)
            return UnkeyedContainer(writer: self, frame: frames.count - 1)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleValueContainer(writer: self)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: Writer
        let frame: Int
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { writer.member(key, of: frame) { writer.writeNull() } }
        mutating func encode(_ value: Bool, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeBool(value) } }
        mutating func encode(_ value: String, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeString(value) } }
        mutating func encode(_ value: Double, forKey key: Key) throws { try writer.member(key, of: frame) { try writer.writeFloat(value) } }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw Unsupported() }
        mutating func encode(_ value: Int, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeNumber(value) } }
        mutating func encode(_ value: Int8, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeNumber(value) } }
        mutating func encode(_ value: Int16, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeNumber(value) } }
        mutating func encode(_ value: Int32, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeNumber(value) } }
        mutating func encode(_ value: Int64, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { writer.member(key, of: frame) { writer.writeNumber(value) } }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try writer.member(key, of: frame) { try writer.write(value) } }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            writer.failed = true
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, frame: frame))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            writer.failed = true
            return UnkeyedContainer(writer: writer, frame: frame)
        }

        mutating func superEncoder() -> any Encoder {
            writer.failed = true
            return writer
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            writer.failed = true
            return writer
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let writer: Writer
        let frame: Int
        var codingPath: [any CodingKey] { [] }
        var count: Int { writer.frames.indices.contains(frame) ? writer.frames[frame].count : 0 }

        private func element(_ writeValue: () throws -> Void) rethrows {
            _ = writer.beginMember(of: frame)
            try writeValue()
        }

        mutating func encodeNil() throws { element { writer.writeNull() } }
        mutating func encode(_ value: Bool) throws { element { writer.writeBool(value) } }
        mutating func encode(_ value: String) throws { element { writer.writeString(value) } }
        mutating func encode(_ value: Double) throws { try element { try writer.writeFloat(value) } }
        mutating func encode(_ value: Float) throws { throw Unsupported() }
        mutating func encode(_ value: Int) throws { element { writer.writeNumber(value) } }
        mutating func encode(_ value: Int8) throws { element { writer.writeNumber(value) } }
        mutating func encode(_ value: Int16) throws { element { writer.writeNumber(value) } }
        mutating func encode(_ value: Int32) throws { element { writer.writeNumber(value) } }
        mutating func encode(_ value: Int64) throws { element { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt) throws { element { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt8) throws { element { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt16) throws { element { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt32) throws { element { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt64) throws { element { writer.writeNumber(value) } }
        mutating func encode<T: Encodable>(_ value: T) throws { try element { try writer.write(value) } }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            writer.failed = true
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(writer: writer, frame: frame))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            writer.failed = true
            return self
        }

        mutating func superEncoder() -> any Encoder {
            writer.failed = true
            return writer
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let writer: Writer
        var codingPath: [any CodingKey] { [] }

        /// A single value is written once, by the value that asked for the container.
        private func single(_ writeValue: () throws -> Void) throws {
            guard writer.open(.single) else { throw Unsupported() }
            try writeValue()
        }

        mutating func encodeNil() throws { try single { writer.writeNull() } }
        mutating func encode(_ value: Bool) throws { try single { writer.writeBool(value) } }
        mutating func encode(_ value: String) throws { try single { writer.writeString(value) } }
        mutating func encode(_ value: Double) throws { try single { try writer.writeFloat(value) } }
        mutating func encode(_ value: Float) throws { throw Unsupported() }
        mutating func encode(_ value: Int) throws { try single { writer.writeNumber(value) } }
        mutating func encode(_ value: Int8) throws { try single { writer.writeNumber(value) } }
        mutating func encode(_ value: Int16) throws { try single { writer.writeNumber(value) } }
        mutating func encode(_ value: Int32) throws { try single { writer.writeNumber(value) } }
        mutating func encode(_ value: Int64) throws { try single { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt) throws { try single { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt8) throws { try single { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt16) throws { try single { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt32) throws { try single { writer.writeNumber(value) } }
        mutating func encode(_ value: UInt64) throws { try single { writer.writeNumber(value) } }
        mutating func encode<T: Encodable>(_ value: T) throws { try single { try writer.write(value) } }
    }
}
