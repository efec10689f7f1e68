import Foundation
import ItakuAPI
import ItakuCore
import OpenAPIRuntime

extension APIHandler {
    /// The idempotency key of the current request, scoped to the caller and fingerprinted by its body.
    func idempotencyKey(_ header: String?, principal: Principal) throws -> IdempotencyKey? {
        guard let header else { return nil }
        let request = RequestContext.request
        let body = request?.body.data.map { Data($0.readableBytesView) } ?? Data()
        let path = request.map { $0.url.path + ($0.url.query.map { "?\($0)" } ?? "") } ?? ""
        let scope = principal.contractorID.map { "contractor:\($0.wire)" } ?? "user:\(principal.actorName)"
        return try IdempotencyKey(header: header, scope: scope, operation: "\(request?.method.rawValue ?? "POST") \(path)", body: body)
    }

    static func replayed(_ result: Idempotent<some Sendable>) -> String? { result.isReplay ? "true" : nil }

    // MARK: Questionnaires

    func getQuestionnaire(_ input: Operations.GetQuestionnaire.Input) async throws -> Operations.GetQuestionnaire.Output {
        .ok(.init(body: .json(try .init(try await services.attestations.questionnaire(version: input.query.version, by: try caller())))))
    }

    func publishQuestionnaire(_ input: Operations.PublishQuestionnaire.Input) async throws -> Operations.PublishQuestionnaire.Output {
        let principal = try caller()
        try principal.authorize(.publishQuestionnaire)
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        guard let title = body.title, let questions = body.questions else {
            throw ItakuError.invalid(
                [body.title == nil ? FieldIssue("title", "is required") : nil, body.questions == nil ? FieldIssue("questions", "is required") : nil]
                    .compactMap { $0 })
        }
        let content = QuestionnaireContent(title: title, questions: try questions.map { try WireCoding.convert($0, to: Question.self) })
        return .created(.init(body: .json(try .init(try await services.attestations.publish(content, note: body.note, by: principal)))))
    }

    // MARK: Attestations

    func submitAttestation(_ input: Operations.SubmitAttestation.Input) async throws -> Operations.SubmitAttestation.Output {
        let principal = try caller()
        let id = try WireCoding.id(input.path.id, "contractor")
        try principal.authorize(.report(forContractor: id))
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let key = try idempotencyKey(input.headers.idempotencyKey, principal: principal)
        let result = try await services.attestations.submit(AttestationInput(body), for: id, idempotency: key, by: principal)
        return .created(
            .init(
                headers: .init(location: "/api/v1/attestations/\(result.value.id.wire)", idempotentReplayed: Self.replayed(result)),
                body: .json(try .init(result.value))))
    }

    func listContractorAttestations(_ input: Operations.ListContractorAttestations.Input) async throws -> Operations.ListContractorAttestations.Output {
        let principal = try caller()
        let id = try WireCoding.id(input.path.id, "contractor")
        try principal.authorize(.readReports(ofContractor: id))
        let page = try await services.attestations.attestations(
            ofContractor: id, page: try WireCoding.page(limit: input.query.limit, cursor: input.query.cursor), by: principal)
        return .ok(.init(body: .json(.init(items: try page.items.map(Components.Schemas.Attestation.init), nextCursor: page.nextCursor))))
    }

    func getAttestationsDue(_ input: Operations.GetAttestationsDue.Input) async throws -> Operations.GetAttestationsDue.Output {
        let id = try WireCoding.id(input.path.id, "contractor")
        let (contract, months, periods) = try await services.attestations.due(ofContractor: id, by: try caller())
        return .ok(
            .init(body: .json(.init(
                contractorId: id.wire, contractId: contract?.id.wire, reportIntervalMonths: months,
                note: contract == nil ? "No signed contract with a reporting term is in force, so no periods are due." : nil,
                periods: periods.map {
                    .init(
                        start: $0.start.description, end: $0.end.description, dueOn: $0.dueOn.description,
                        status: .init(rawValue: $0.status.rawValue)!, attestationId: $0.attestationID?.wire)
                }))))
    }

    func listAttestations(_ input: Operations.ListAttestations.Input) async throws -> Operations.ListAttestations.Output {
        let principal = try caller()
        try principal.authorize(.readReviewQueue)
        var issues = IssueList()
        var filter = AttestationFilter()
        if let raw = input.query.status {
            if let status = AttestationStatus(rawValue: raw) { filter.status = status } else {
                issues.add("status", "'\(raw)' is not one of \(AttestationStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let raw = input.query.contractorId {
            if let id = UUID(uuidString: raw) { filter.contractorID = id } else { issues.add("contractorId", "'\(raw)' is not a contractor id") }
        }
        var pageRequest = PageRequest()
        do { pageRequest = try WireCoding.page(limit: input.query.limit, cursor: input.query.cursor) } catch {
            guard case ItakuError.invalid(let found) = error else { throw error }
            issues.append(contentsOf: found)
        }
        try issues.throwIfAny()
        let page = try await services.attestations.queue(filter, page: pageRequest, by: principal)
        return .ok(.init(body: .json(.init(items: try page.items.map(Components.Schemas.Attestation.init), nextCursor: page.nextCursor))))
    }

    func getAttestation(_ input: Operations.GetAttestation.Input) async throws -> Operations.GetAttestation.Output {
        let attestation = try await services.attestations.attestation(try WireCoding.id(input.path.aid, "attestation"), by: try caller())
        return .ok(.init(headers: .init(eTag: WireCoding.etag(attestation.version)), body: .json(try .init(attestation))))
    }

    func listAttestationRevisions(_ input: Operations.ListAttestationRevisions.Input) async throws -> Operations.ListAttestationRevisions.Output {
        let revisions = try await services.attestations.revisions(of: try WireCoding.id(input.path.aid, "attestation"), by: try caller())
        return .ok(.init(body: .json(.init(items: try revisions.map(Components.Schemas.Attestation.init)))))
    }

    func reviewAttestation(_ input: Operations.ReviewAttestation.Input) async throws -> Operations.ReviewAttestation.Output {
        let principal = try caller()
        try principal.authorize(.review)
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let attestation = try await services.attestations.review(
            try WireCoding.id(input.path.aid, "attestation"), decision: body.decision, comment: body.comment,
            ifVersion: WireCoding.version(ifMatch: input.headers.ifMatch), by: principal)
        return .ok(.init(headers: .init(eTag: WireCoding.etag(attestation.version)), body: .json(try .init(attestation))))
    }

    // MARK: Evidence

    func listEvidence(_ input: Operations.ListEvidence.Input) async throws -> Operations.ListEvidence.Output {
        let files = try await services.attestations.evidence(ofAttestation: try WireCoding.id(input.path.aid, "attestation"), by: try caller())
        return .ok(.init(body: .json(.init(items: files.map(Components.Schemas.EvidenceFile.init)))))
    }

    func uploadEvidence(_ input: Operations.UploadEvidence.Input) async throws -> Operations.UploadEvidence.Output {
        let principal = try caller()
        let id = try WireCoding.id(input.path.aid, "attestation")
        let (body, contentType): (HTTPBody, String) =
            switch input.body {
            case .pdf(let body): (body, "application/pdf")
            case .png(let body): (body, "image/png")
            case .jpeg(let body): (body, "image/jpeg")
            case .plainText(let body): (body, "text/plain")
            }
        let bytes = try await Data(collecting: body, upTo: EvidenceFile.maximumBytes)
        let key = try idempotencyKey(input.headers.idempotencyKey, principal: principal)
        let result = try await services.attestations.attach(
            bytes, contentType: contentType, filename: input.query.filename, to: id, idempotency: key, by: principal)
        return .created(
            .init(
                headers: .init(location: "/api/v1/evidence/\(result.value.id.wire)/content", idempotentReplayed: Self.replayed(result)),
                body: .json(.init(result.value))))
    }

    func getEvidenceContent(_ input: Operations.GetEvidenceContent.Input) async throws -> Operations.GetEvidenceContent.Output {
        let (file, bytes) = try await services.attestations.evidenceContent(try WireCoding.id(input.path.evid, "evidence"), by: try caller())
        let content = HTTPBody(bytes)
        let body: Operations.GetEvidenceContent.Output.Ok.Body =
            switch file.contentType {
            case "application/pdf": .pdf(content)
            case "image/png": .png(content)
            case "image/jpeg": .jpeg(content)
            default: .plainText(content)
            }
        return .ok(.init(headers: .init(eTag: "\"\(file.sha256)\"", contentDisposition: Self.attachment(file.filename)), body: body))
    }

    /// `attachment` with an ASCII fallback name and the exact name in RFC 5987 form.
    static func attachment(_ filename: String) -> String {
        let fallback = String(filename.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0.value >= 0x20 ? Character($0) : "_" })
        let exact = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(exact)"
    }

    // MARK: Incidents

    func reportIncident(_ input: Operations.ReportIncident.Input) async throws -> Operations.ReportIncident.Output {
        let principal = try caller()
        let id = try WireCoding.id(input.path.id, "contractor")
        try principal.authorize(.report(forContractor: id))
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let key = try idempotencyKey(input.headers.idempotencyKey, principal: principal)
        let incident = IncidentInput(
            category: body.category, discoveredAt: body.discoveredAt, recordsAffected: body.recordsAffected,
            dataItemsAffected: body.dataItemsAffected, involvesSpecialCare: body.involvesSpecialCare, improperPurpose: body.improperPurpose,
            description: body.description, entrustmentIDs: body.entrustmentIds)
        let result = try await services.incidents.report(incident, for: id, idempotency: key, by: principal)
        return .created(
            .init(
                headers: .init(location: "/api/v1/incidents/\(result.value.incident.id.wire)", idempotentReplayed: Self.replayed(result)),
                body: .json(try .init(result.value))))
    }

    func listIncidents(_ input: Operations.ListIncidents.Input) async throws -> Operations.ListIncidents.Output {
        let principal = try caller()
        let id = try WireCoding.id(input.path.id, "contractor")
        try principal.authorize(.readReports(ofContractor: id))
        let page = try await services.incidents.incidents(
            ofContractor: id, page: try WireCoding.page(limit: input.query.limit, cursor: input.query.cursor), by: principal)
        return .ok(.init(body: .json(.init(items: try page.items.map(Components.Schemas.IncidentReport.init), nextCursor: page.nextCursor))))
    }

    func getIncident(_ input: Operations.GetIncident.Input) async throws -> Operations.GetIncident.Output {
        let report = try await services.incidents.incident(try WireCoding.id(input.path.iid, "incident"), by: try caller())
        return .ok(.init(headers: .init(eTag: WireCoding.etag(report.incident.version)), body: .json(try .init(report))))
    }

    func changeIncidentStatus(_ input: Operations.ChangeIncidentStatus.Input) async throws -> Operations.ChangeIncidentStatus.Output {
        let principal = try caller()
        try principal.authorize(.review)
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let report = try await services.incidents.changeStatus(
            try WireCoding.id(input.path.iid, "incident"), to: body.status, comment: body.comment,
            ifVersion: WireCoding.version(ifMatch: input.headers.ifMatch), by: principal)
        return .ok(.init(headers: .init(eTag: WireCoding.etag(report.incident.version)), body: .json(try .init(report))))
    }

    func addIncidentUpdate(_ input: Operations.AddIncidentUpdate.Input) async throws -> Operations.AddIncidentUpdate.Output {
        let principal = try caller()
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let key = try idempotencyKey(input.headers.idempotencyKey, principal: principal)
        let result = try await services.incidents.addUpdate(body.text, to: try WireCoding.id(input.path.iid, "incident"), idempotency: key, by: principal)
        return .created(.init(headers: .init(idempotentReplayed: Self.replayed(result)), body: .json(try .init(result.value))))
    }

    // MARK: Dispositions

    func certifyDisposition(_ input: Operations.CertifyDisposition.Input) async throws -> Operations.CertifyDisposition.Output {
        let principal = try caller()
        let contractorID = try WireCoding.id(input.path.id, "contractor")
        try principal.authorize(.report(forContractor: contractorID))
        guard case .json(let body) = input.body else { throw ItakuError.malformed("expected application/json") }
        let key = try idempotencyKey(input.headers.idempotencyKey, principal: principal)
        let result = try await services.registry.certifyDisposition(
            DispositionInput(method: body.method, completedOn: body.completedOn, signatoryName: body.signatoryName, signatoryTitle: body.signatoryTitle),
            of: try WireCoding.id(input.path.eid, "entrustment"), contractorID: contractorID, idempotency: key, by: principal)
        return .created(.init(headers: .init(idempotentReplayed: Self.replayed(result)), body: .json(.init(result.value))))
    }
}
