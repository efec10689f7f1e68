import Foundation
import ItakuCore
import Testing

@testable import ItakuDocuments

/// Opens a rendered DOCX in LibreOffice, the way a contractor would, by converting it to PDF.
/// Runs when `soffice` and `pdftotext` are installed (`.ci/run` installs both).
@Suite("DOCX in LibreOffice", .enabled(if: LibreOffice.isInstalled, "LibreOffice (soffice) and pdftotext are not installed"))
struct LibreOfficeTests {
    @Test("the agreement converts to PDF, and the PDF names the contractor and carries the schedule")
    func convertsToPDF() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("itaku-lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var snapshot = DocumentFixture.example
        snapshot.contractor.legalName = "Hinoki Records Processing KK"
        let docx = directory.appendingPathComponent("agreement.docx")
        try DocumentFixture.renderer.render(DocumentFixture.body("outsourcing-agreement"), snapshot: snapshot, format: .docx).write(to: docx)

        // A private profile directory: LibreOffice refuses to share one between concurrent runs.
        try LibreOffice.run(
            LibreOffice.soffice!,
            ["-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--convert-to", "pdf", "--outdir", directory.path, docx.path])
        let pdf = directory.appendingPathComponent("agreement.pdf")
        #expect(FileManager.default.fileExists(atPath: pdf.path))
        let text = try LibreOffice.run(LibreOffice.pdftotext!, ["-layout", pdf.path, "-"])
        let flattened = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flattened.contains("Hinoki Records Processing KK"))
        #expect(flattened.contains("Obligations Schedule"))
        #expect(flattened.contains("Clause"))
        #expect(flattened.contains("72 hours"))
    }
}

enum LibreOffice {
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let soffice = find("soffice")
    static let pdftotext = find("pdftotext")
    static var isInstalled: Bool { soffice != nil && pdftotext != nil }

    /// Runs a tool and returns what it printed; a non-zero exit is a test failure with its output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if process.terminationStatus != 0 {
            throw LibreOfficeError(message: "\(executable) exited with \(process.terminationStatus): \(text)")
        }
        return text
    }
}

struct LibreOfficeError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
