import Foundation

/// A value that can be read straight from JSON text the service wrote itself.
///
/// Whole-portfolio reads decode hundreds of thousands of stored bodies; through `Codable` most
/// of that time went to generic containers and metadata rather than to the text. A type that
/// conforms reads its own fields with `JSONReader` instead. It must read exactly what its
/// `Encodable` conformance writes — `CanonicalJSON.decode` falls back to `JSONDecoder` whenever
/// this path throws, so anything unusual still decodes (or fails) exactly as before.
public protocol JSONReadable {
    init(reading json: inout JSONReader) throws
}

/// A forward-only reader over the UTF-8 bytes of one JSON text.
///
/// Strict about what it does not expect: unknown keys, fractional numbers and malformed text
/// throw `JSONReader.Mismatch`, which sends the caller back to `JSONDecoder`.
public struct JSONReader {
    /// The text is not what this reader expects at `offset`.
    public struct Mismatch: Error, CustomStringConvertible {
        public var detail: String
        public var offset: Int
        public var description: String { "\(detail) at byte \(offset)" }
    }

    /// An object or array being read: how many members so far, and the byte that closes it.
    public struct Container {
        fileprivate var count = 0
        fileprivate let close: UInt8
    }

    /// An object key, compared against literal names without building a `String`.
    public struct Key {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>

        public static func ~= (pattern: StaticString, key: Key) -> Bool {
            pattern.utf8CodeUnitCount == key.bytes.count
                && (key.bytes.isEmpty || memcmp(pattern.utf8Start, key.bytes.baseAddress!, key.bytes.count) == 0)
        }

        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads one whole JSON text with `body`; trailing text other than whitespace is a mismatch.
    public static func read<T>(_ text: String, _ body: (inout JSONReader) throws -> T) throws -> T {
        var text = text
        return try text.withUTF8 { buffer in
            var reader = JSONReader(bytes: buffer)
            let value = try body(&reader)
            reader.skipWhitespace()
            guard reader.position == buffer.count else { throw reader.mismatch("text after the value") }
            return value
        }
    }

    /// Reads a whole JSON text as `T`.
    public static func read<T: JSONReadable>(_ type: T.Type, from text: String) throws -> T {
        try read(text) { try T(reading: &$0) }
    }

    // MARK: Structure

    public mutating func object() throws -> Container {
        try expect(UInt8(ascii: "{"))
        return Container(close: UInt8(ascii: "}"))
    }

    /// The next key of `object` (its value is read next), or nil once the object has closed.
    public mutating func nextKey(in object: inout Container) throws -> Key? {
        guard try hasNext(in: &object) else { return nil }
        let key = try rawString()
        try expect(UInt8(ascii: ":"))
        return key
    }

    public mutating func array() throws -> Container {
        try expect(UInt8(ascii: "["))
        return Container(close: UInt8(ascii: "]"))
    }

    /// Whether `container` has another member; consumes the separator or the closing byte.
    public mutating func hasNext(in container: inout Container) throws -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw mismatch("unterminated container") }
        if bytes[position] == container.close {
            position += 1
            return false
        }
        if container.count > 0 { try expect(UInt8(ascii: ",")) }
        container.count += 1
        return true
    }

    /// A member the reader does not know: the caller gives up and lets `JSONDecoder` decide.
    public func unknown(_ key: Key) -> Mismatch {
        mismatch("unexpected key \(key.text)")
    }

    /// A required member that never came.
    public func required<T>(_ value: T?, _ name: StaticString) throws -> T {
        guard let value else { throw mismatch("missing \(name)") }
        return value
    }

    // MARK: Values

    /// Consumes a `null` if one comes next.
    public mutating func null() -> Bool {
        skipWhitespace()
        guard position + 4 <= bytes.count, bytes[position] == UInt8(ascii: "n"), bytes[position + 1] == UInt8(ascii: "u"),
            bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "l")
        else { return false }
        position += 4
        return true
    }

    public mutating func string() throws -> String {
        let start = position
        let raw = try rawString()
        if raw.bytes.firstIndex(of: UInt8(ascii: "\\")) == nil { return raw.text }
        return try unescaped(raw, at: start)
    }

    public mutating func optionalString() throws -> String? {
        null() ? nil : try string()
    }

    public mutating func strings() throws -> [String] {
        guard let interning = Self.interning else { return try readStrings() }
        skipWhitespace()
        let start = position
        try skipStrings()
        let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
        if let known = interning.strings(spelled: text) { return known }
        position = start
        let values = try readStrings()
        interning.keep(values, spelled: text)
        return values
    }

    private mutating func readStrings() throws -> [String] {
        var values: [String] = []
        var items = try array()
        while try hasNext(in: &items) { values.append(try string()) }
        return values
    }

    /// Moves past an array of strings without building it.
    private mutating func skipStrings() throws {
        var items = try array()
        while try hasNext(in: &items) { _ = try rawString() }
    }

    /// Arrays of strings already read, by their exact text, for the reads of one task (a batch
    /// of stored rows): most entrustments and attestations repeat the same purposes, categories,
    /// data items and locations, and one array can serve them all instead of thousands of
    /// copies to allocate, keep and free.
    @TaskLocal public static var interning: Interning?

    /// See `interning`. Used by one task at a time.
    public final class Interning: @unchecked Sendable {
        private var known: [Int: [(text: [UInt8], values: [String])]] = [:]
        private var count = 0
        /// Texts kept at most, so a batch of all-different arrays cannot grow it without bound.
        static let limit = 4_096

        public init() {}

        func strings(spelled text: UnsafeBufferPointer<UInt8>) -> [String]? {
            // memcmp rather than `elementsEqual`, which compared byte by byte through iterators.
            known[Self.hash(text)]?.first { entry in
                entry.text.count == text.count
                    && (text.isEmpty || entry.text.withUnsafeBufferPointer { memcmp($0.baseAddress!, text.baseAddress!, text.count) == 0 })
            }?.values
        }

        func keep(_ values: [String], spelled text: UnsafeBufferPointer<UInt8>) {
            guard count < Self.limit else { return }
            known[Self.hash(text), default: []].append((Array(text), values))
            count += 1
        }

        private static func hash(_ text: UnsafeBufferPointer<UInt8>) -> Int {
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(text))
            return hasher.finalize()
        }
    }

    public mutating func int() throws -> Int {
        skipWhitespace()
        let start = position
        let negative = position < bytes.count && bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var value = 0
        var digits = 0
        while position < bytes.count, case let digit = Int(bytes[position]) - 48, (0...9).contains(digit) {
            if digits == 1 && value == 0 { throw mismatch("leading zero") }
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { throw mismatch("integer out of range") }
            value = sum
            digits += 1
            position += 1
        }
        guard digits > 0 else {
            position = start
            throw mismatch("expected an integer")
        }
        if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
            throw mismatch("not a whole number")
        }
        return value
    }

    public mutating func bool() throws -> Bool {
        skipWhitespace()
        if try literal("true") { return true }
        if try literal("false") { return false }
        throw mismatch("expected true or false")
    }

    public mutating func uuid() throws -> UUID {
        let raw = try rawString()
        guard let value = UUID.parse(raw.bytes) else { throw mismatch("not an identifier") }
        return value
    }

    public mutating func day() throws -> CalendarDay {
        guard let day = CalendarDay(try string()) else { throw mismatch("not a YYYY-MM-DD date") }
        return day
    }

    public mutating func date() throws -> Date {
        guard let date = Timestamp.date(try string()) else { throw mismatch("not a timestamp") }
        return date
    }

    public mutating func value<T: RawRepresentable<String>>(_ type: T.Type) throws -> T {
        guard let value = T(rawValue: try string()) else { throw mismatch("not a \(T.self)") }
        return value
    }

    /// A JSON value that is not a container — what a database's row-to-JSON function makes of a
    /// row's columns.
    public enum Scalar: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case bool(Bool)
        case null
    }

    /// The scalar that comes next; an object, an array or a fraction is a mismatch.
    public mutating func scalar() throws -> Scalar {
        skipWhitespace()
        guard position < bytes.count else { throw mismatch("expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try bool())
        case UInt8(ascii: "n"):
            guard null() else { throw mismatch("expected null") }
            return .null
        default: return .integer(try int())
        }
    }

    public mutating func values<T: JSONReadable>(_ type: T.Type) throws -> [T] {
        var values: [T] = []
        var items = try array()
        while try hasNext(in: &items) { values.append(try T(reading: &self)) }
        return values
    }

    // MARK: Bytes

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else {
            throw mismatch("expected \(Character(Unicode.Scalar(byte)))")
        }
        position += 1
    }

    private mutating func literal(_ word: StaticString) throws -> Bool {
        let length = word.utf8CodeUnitCount
        guard position + length <= bytes.count, memcmp(word.utf8Start, bytes.baseAddress! + position, length) == 0 else { return false }
        position += length
        return true
    }

    /// The bytes between a string's quotes, escapes left as they are.
    private mutating func rawString() throws -> Key {
        try expect(UInt8(ascii: "\""))
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                let key = Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<position]))
                position += 1
                return key
            case UInt8(ascii: "\\"): position += 2
            case 0..<0x20: throw mismatch("control character in a string")
            default: position += 1
            }
        }
        throw mismatch("unterminated string")
    }

    private func unescaped(_ raw: Key, at offset: Int) throws -> String {
        // Every escape is longer than what it stands for, so the text fits in the input's length.
        try String(unsafeUninitializedCapacity: raw.bytes.count) { output in try unescape(raw.bytes, into: output) }
    }

    /// Writes the text `input` spells into `output`; returns how many bytes it wrote.
    private func unescape(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= input.count else { throw mismatch("short \\u escape") }
            var value: UInt32 = 0
            for byte in input[at..<(at + 4)] {
                guard let digit = UUID.hexValue(byte) else { throw mismatch("bad \\u escape") }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        var written = 0
        func emit(_ byte: UInt8) {
            output[written] = byte
            written += 1
        }
        let backslash = UInt8(ascii: "\\")
        var index = 0
        while index < input.count {
            // Runs between escapes are copied whole: stored JSON inside a row's JSON escapes every
            // quote, and copying byte by byte was most of what reading such a row cost.
            let start = input.baseAddress! + index
            let found = memchr(start, Int32(backslash), input.count - index)
            let run = found.map { UnsafeRawPointer($0) - UnsafeRawPointer(start) } ?? input.count - index
            if run > 0 {
                (output.baseAddress! + written).update(from: start, count: run)
                written += run
                index += run
            }
            guard index < input.count else { break }
            guard index + 1 < input.count else { throw mismatch("dangling escape") }
            index += 2
            switch input[index - 1] {
            case UInt8(ascii: "\""): emit(UInt8(ascii: "\""))
            case backslash: emit(backslash)
            case UInt8(ascii: "/"): emit(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): emit(0x08)
            case UInt8(ascii: "f"): emit(0x0C)
            case UInt8(ascii: "n"): emit(0x0A)
            case UInt8(ascii: "r"): emit(0x0D)
            case UInt8(ascii: "t"): emit(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 6 <= input.count, input[index] == backslash, input[index + 1] == UInt8(ascii: "u") else {
                        throw mismatch("unpaired surrogate")
                    }
                    let low = try hex4(index + 2)
                    guard (0xDC00..<0xE000).contains(low) else { throw mismatch("unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                guard let unicode = Unicode.Scalar(scalar), let encoded = UTF8.encode(unicode) else { throw mismatch("unpaired surrogate") }
                for byte in encoded { emit(byte) }
            default: throw mismatch("unknown escape")
            }
        }
        return written
    }

    private func mismatch(_ detail: String) -> Mismatch {
        Mismatch(detail: detail, offset: position)
    }
}

extension String: JSONReadable {
    public init(reading json: inout JSONReader) throws { self = try json.string() }
}

extension UUID: JSONReadable {
    public init(reading json: inout JSONReader) throws { self = try json.uuid() }
}

extension Array: JSONReadable where Element: JSONReadable {
    public init(reading json: inout JSONReader) throws { self = try json.values(Element.self) }
}
