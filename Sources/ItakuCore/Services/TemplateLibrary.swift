import Foundation

/// Contract document templates: the shipped ones installed at start, and versions compliance uploads.
public struct TemplateLibrary: Sendable {
    let store: any Store
    let renderer: any DocumentRenderer
    let now: @Sendable () -> Date

    /// Bodies above this size are refused; the shipped agreement is about 6 KB.
    public static let maximumBodyBytes = 256 * 1024

    public init(store: any Store, renderer: any DocumentRenderer, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.renderer = renderer
        self.now = now
    }

    /// Installs each shipped template whose text is not yet the newest version of its name, unless
    /// compliance has uploaded a newer version since. A broken shipped template stops the service.
    @discardableResult
    public func installShipped(_ shipped: [(name: String, body: String)]) async throws -> [DocumentTemplate] {
        var problems: [String] = []
        for (name, body) in shipped {
            problems += Self.nameProblems(name).map { "Templates/Contracts/\(name): \($0)" }
            problems += renderer.problems(in: body).map { "Templates/Contracts/\(name).md.mustache:\($0.line):\($0.column): \($0.message)" }
        }
        if !problems.isEmpty { throw TemplateInstallError(problems: problems) }
        let moment = now()
        return try await store.write { tx in
            var installed: [DocumentTemplate] = []
            for (name, body) in shipped {
                let latest = try await tx.latestTemplate(named: name)
                if let latest, latest.source == .uploaded || latest.body == body { continue }
                let template = DocumentTemplate(
                    name: name, version: (latest?.version ?? 0) + 1, body: body, sha256: ContentHash.sha256(body), source: .shipped,
                    note: latest == nil ? "Shipped template installed" : "Shipped template updated", createdAt: moment,
                    createdBy: "system")
                try await tx.insert(template)
                try await Self.audit(template, by: .system("system"), action: "template.install", in: tx, at: moment)
                installed.append(template)
            }
            return installed
        }
    }

    /// Publishes `body` as the next version of `name`; every problem is listed with its line.
    public func publish(name: String?, body: String?, note: String?, by principal: Principal) async throws -> DocumentTemplate {
        try principal.authorize(.publishTemplate)
        var issues = IssueList()
        let name = FieldRules.text(name, "name", required: true, maxLength: 64, into: &issues)
        if let name { for message in Self.nameProblems(name) { issues.add("name", message) } }
        let note = FieldRules.text(note, "note", required: false, maxLength: 2000, into: &issues)
        if let body {
            if body.utf8.count > Self.maximumBodyBytes {
                issues.add("body", "is \(body.utf8.count) bytes; the limit is \(Self.maximumBodyBytes)")
            } else if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                issues.add("body", "is empty")
            } else {
                for problem in renderer.problems(in: body) {
                    issues.append(contentsOf: [FieldIssue("body", problem.message, line: problem.line, column: problem.column)])
                }
            }
        } else {
            issues.add("body", "is required")
        }
        try issues.throwIfAny()
        guard let name, let body else { throw ItakuError.malformed("name and body are required") }
        let moment = now()
        return try await store.write { tx in
            let latest = try await tx.latestTemplate(named: name)
            let template = DocumentTemplate(
                name: name, version: (latest?.version ?? 0) + 1, body: body, sha256: ContentHash.sha256(body), source: .uploaded,
                note: note, createdAt: moment, createdBy: principal.actorName)
            try await tx.insert(template)
            try await Self.audit(template, by: principal, action: "template.publish", in: tx, at: moment)
            return template
        }
    }

    /// The newest version of every template.
    public func list(by principal: Principal) async throws -> [DocumentTemplate] {
        try principal.authorize(.readTemplates)
        return try await store.read { tx in try await tx.latestTemplates() }
    }

    /// Every version of `name`, newest first.
    public func versions(of name: String, by principal: Principal) async throws -> [DocumentTemplate] {
        try principal.authorize(.readTemplates)
        let versions = try await store.read { tx in try await tx.templateVersions(named: name) }
        if versions.isEmpty { throw ItakuError.notFound("template '\(name)' not found") }
        return versions
    }

    public func version(_ number: Int, of name: String, by principal: Principal) async throws -> DocumentTemplate {
        try principal.authorize(.readTemplates)
        guard let template = try await store.read({ tx in try await tx.template(named: name, version: number) }) else {
            throw ItakuError.notFound("template '\(name)' has no version \(number)")
        }
        return template
    }

    /// Template names are lowercase words joined by hyphens, so they read well in file names and URLs.
    static func nameProblems(_ name: String) -> [String] {
        let allowed = name.utf8.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2d }
        guard allowed, let first = name.utf8.first, (0x61...0x7a).contains(first), name.utf8.count >= 2, name.utf8.count <= 64,
            !name.hasSuffix("-"), !name.contains("--")
        else {
            return ["must be 2–64 lowercase letters, digits and single hyphens, starting with a letter (e.g. outsourcing-agreement)"]
        }
        return []
    }

    static func audit(
        _ template: DocumentTemplate, by principal: Principal, action: String, in tx: any StoreTransaction, at moment: Date
    ) async throws {
        try await tx.appendAudit(
            AuditDraft(
                by: principal, action: action, subjectType: "template", subjectID: "\(template.name)@\(template.version)",
                before: nil, after: CanonicalJSON.string(template)), at: moment)
    }
}

/// Shipped templates that cannot be used; the service refuses to start with them.
public struct TemplateInstallError: Error, CustomStringConvertible {
    public var problems: [String]
    public var description: String { "broken shipped templates:\n" + problems.joined(separator: "\n") }
}
