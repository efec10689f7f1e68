import Foundation
import ItakuDocuments
import Mustache

/// What a page shows besides the frame; names the template in `Templates/Web` that draws it.
public protocol PageContent: Encodable, Sendable {
    static var template: String { get }
}

/// One page as a template sees it: the shared frame (title, navigation, the signed-in user) and
/// the page's own model under `content`.
public struct WebPage<Content: PageContent>: Encodable, Sendable {
    public var frame: PageFrame
    public var content: Content

    public init(frame: PageFrame, content: Content) {
        self.frame = frame
        self.content = content
    }
}

/// The staff pages' templates, parsed once at start-up, and the stylesheet served with them.
public struct WebViews: Sendable {
    private let library: MustacheLibrary
    /// `itaku.css`, served as it is.
    public let stylesheet: String

    public static let templateSuffix = ".mustache"

    /// Loads every `*.mustache` in `directory`; a template that does not parse stops start-up
    /// with its file named.
    public init(directory: URL) throws {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        } catch {
            throw WebViewsError("cannot read the web templates in \(directory.path): \(error.localizedDescription)")
        }
        var library = MustacheLibrary()
        for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent })
        where file.lastPathComponent.hasSuffix(Self.templateSuffix) {
            let name = String(file.lastPathComponent.dropLast(Self.templateSuffix.count))
            do {
                try library.register(try String(contentsOf: file, encoding: .utf8), named: name)
            } catch {
                throw WebViewsError("web template \(file.lastPathComponent) does not parse: \(error)")
            }
        }
        guard library.getTemplate(named: "layout") != nil else {
            throw WebViewsError("no layout.mustache in \(directory.path)")
        }
        do {
            stylesheet = try String(contentsOf: directory.appendingPathComponent("itaku.css"), encoding: .utf8)
        } catch {
            throw WebViewsError("cannot read itaku.css in \(directory.path)")
        }
        self.library = library
    }

    /// The page's HTML.
    public func render<Content: PageContent>(_ page: WebPage<Content>) throws -> String {
        let context = try TemplateValueEncoder.mustacheContext(page)
        guard let html = library.render(context, withTemplate: Content.template) else {
            throw WebViewsError("no web template named \(Content.template)")
        }
        return html
    }
}

/// Why the web templates cannot be used.
public struct WebViewsError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
