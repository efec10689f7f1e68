/// Encodes any `Encodable` straight into a `TemplateValue` tree, without a round trip through
/// JSON text — rendering builds one per document, so this is on the hot path.
public struct TemplateValueEncoder {
    static func encode<T: Encodable>(_ value: T) throws -> TemplateValue {
        try tree(value).value
    }

    /// The value as swift-mustache walks it, built straight from the tree (see `TemplateValue.mustacheContext`).
    public static func mustacheContext<T: Encodable>(_ value: T) throws -> Any {
        try tree(value).mustacheContext
    }

    static func tree<T: Encodable>(_ value: T) throws -> Node {
        let root = Node()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        return root
    }

    /// A value being built; containers fill it in place.
    final class Node {
        enum Content {
            case empty
            case single(TemplateValue)
            case object([String: Node])
            case list([Node])
        }

        var content = Content.empty

        var value: TemplateValue {
            switch content {
            case .empty: .null
            case .single(let value): value
            case .object(let fields): .object(fields.mapValues(\.value))
            case .list(let items): .list(items.map(\.value))
            }
        }

        var mustacheContext: Any {
            switch content {
            case .empty: false
            case .single(let value): value.mustacheContext
            case .object(let fields):
                fields.reduce(into: [String: Any](minimumCapacity: fields.count)) { context, field in
                    if case .single(.null) = field.value.content { return }
                    context[field.key] = field.value.mustacheContext
                }
            case .list(let items): items.map(\.mustacheContext)
            }
        }

        func child(forKey key: String) -> Node {
            let node = Node()
            if case .object(var fields) = content {
                content = .empty  // drop the second reference so the insert does not copy
                fields[key] = node
                content = .object(fields)
            } else {
                content = .object([key: node])
            }
            return node
        }

        func appendChild() -> Node {
            let node = Node()
            if case .list(var items) = content {
                content = .empty
                items.append(node)
                content = .list(items)
            } else {
                content = .list([node])
            }
            return node
        }
    }

    struct NodeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object = node.content {} else { node.content = .object([:]) }
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .list = node.content {} else { node.content = .list([]) }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(node: node, codingPath: codingPath)
        }
    }

    static func scalar<T: Encodable>(_ value: T) -> TemplateValue? {
        switch value {
        case let text as String: .text(text)
        case let flag as Bool: .flag(flag)
        case let number as Int: .text(String(number))
        case let number as Double: .text(String(number))
        default: nil
        }
    }

    static func encode<T: Encodable>(_ value: T, into node: Node, codingPath: [any CodingKey]) throws {
        if let scalar = scalar(value) {
            node.content = .single(scalar)
        } else {
            try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).content = .single(.null) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try TemplateValueEncoder.encode(value, into: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int {
            if case .list(let items) = node.content { return items.count }
            return 0
        }

        mutating func encodeNil() throws { node.appendChild().content = .single(.null) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try TemplateValueEncoder.encode(value, into: node.appendChild(), codingPath: codingPath)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(node: node.appendChild(), codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            NodeEncoder(node: node.appendChild(), codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            NodeEncoder(node: node.appendChild(), codingPath: codingPath)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.content = .single(.null) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try TemplateValueEncoder.encode(value, into: node, codingPath: codingPath)
        }
    }
}
