import Foundation
import Testing

/// Expected output kept as files beside the tests, so a change to a template shows up in review.
public struct GoldenFile: Sendable {
    public let directory: URL

    /// `directory` is usually `Golden` next to the test file: pass `#filePath`'s folder.
    public init(directory: URL) {
        self.directory = directory
    }

    /// Compares `actual` with the stored file; `ITAKU_RECORD_GOLDEN=1` rewrites it instead.
    public func expect(_ actual: String, _ file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["ITAKU_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if actual != expected {
            let offset =
                zip(actual.utf8, expected.utf8).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(actual.utf8.count, expected.utf8.count)
            let line = actual.utf8.prefix(offset).filter { $0 == 0x0A }.count + 1
            let context = String(decoding: actual.utf8.dropFirst(max(0, offset - 60)).prefix(160), as: UTF8.self)
            Issue.record(
                "\(file) differs from its golden file at line \(line), byte \(offset): …\(context)… Re-record with ITAKU_RECORD_GOLDEN=1 if intended.",
                sourceLocation: sourceLocation)
        }
    }
}
