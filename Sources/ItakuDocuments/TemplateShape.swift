import ItakuCore

/// Which names exist where in the snapshot, so a template naming one that does not is refused
/// before it is ever rendered.
indirect enum TemplateShape: Equatable, Sendable {
    case text
    case flag
    case list(TemplateShape)
    case object([String: TemplateShape])
    /// Seen only as null or as an empty list: nothing is known about it.
    case unknown

    /// The shape of `value`; list elements are merged, so one populated example describes all.
    init(of value: TemplateValue) {
        switch value {
        case .text: self = .text
        case .flag: self = .flag
        case .null: self = .unknown
        case .object(let fields): self = .object(fields.mapValues(TemplateShape.init(of:)))
        case .list(let items): self = .list(items.map(TemplateShape.init(of:)).reduce(.unknown) { $0.merged(with: $1) })
        }
    }

    func merged(with other: TemplateShape) -> TemplateShape {
        switch (self, other) {
        case (.unknown, _): other
        case (_, .unknown): self
        case (.object(let left), .object(let right)): .object(left.merging(right) { $0.merged(with: $1) })
        case (.list(let left), .list(let right)): .list(left.merged(with: right))
        default: self
        }
    }

    /// Paths inside the shape that are `unknown`: places a check could not vouch for.
    func unknownPaths(at path: String = "") -> [String] {
        switch self {
        case .unknown: [path]
        case .text, .flag: []
        case .list(let element): element.unknownPaths(at: path + "[]")
        case .object(let fields):
            fields.keys.sorted().flatMap { fields[$0]!.unknownPaths(at: path.isEmpty ? $0 : "\(path).\($0)") }
        }
    }

    func field(_ name: String) -> TemplateShape? {
        if case .object(let fields) = self { return fields[name] }
        return nil
    }

    /// What a section over a value of this shape makes the current context.
    var sectionContext: TemplateShape {
        if case .list(let element) = self { return element }
        return self
    }

    var kindName: String {
        switch self {
        case .text: "a text value"
        case .flag: "a yes/no value"
        case .list: "a list"
        case .object: "a group of values"
        case .unknown: "a value"
        }
    }
}
