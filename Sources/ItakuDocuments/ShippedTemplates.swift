import Foundation

/// The contract templates shipped in `Templates/Contracts/`, one `<name>.md.mustache` file each.
public enum ShippedTemplates {
    public static let fileSuffix = ".md.mustache"

    /// Every template in `directory`, sorted by name. A missing directory is an error: the
    /// service must not start without its documents.
    public static func load(from directory: URL) throws -> [(name: String, body: String)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return try files.filter { $0.hasSuffix(fileSuffix) }.sorted().map { file in
            (String(file.dropLast(fileSuffix.count)), try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8))
        }
    }
}
