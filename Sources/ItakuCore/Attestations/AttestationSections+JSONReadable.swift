import Foundation

// Read as `Codable` writes them (see `JSONReadable`): a scan reads every attestation's sections.

extension AttestationSections: JSONReadable {
    public init(reading json: inout JSONReader) throws {
        var dataItemsHeld: [String]?, recordsHeld: Int?, locations: [String]?, subcontractorsUsed: [SubcontractorUse]?
        var thirdPartyDisclosures: [Disclosure]?, incidentsInPeriod: Int?, dispositions: [DispositionCertificate]?
        var members = try json.object()
        while let key = try json.nextKey(in: &members) {
            switch key {
            case "dataItemsHeld": dataItemsHeld = try json.strings()
            case "recordsHeld": recordsHeld = try json.int()
            case "locations": locations = try json.strings()
            case "subcontractorsUsed": subcontractorsUsed = try json.values(SubcontractorUse.self)
            case "thirdPartyDisclosures": thirdPartyDisclosures = try json.values(Disclosure.self)
            case "incidentsInPeriod": incidentsInPeriod = try json.int()
            case "dispositions": dispositions = try json.values(DispositionCertificate.self)
            default: throw json.unknown(key)
            }
        }
        self.init(
            dataItemsHeld: try json.required(dataItemsHeld, "dataItemsHeld"), recordsHeld: try json.required(recordsHeld, "recordsHeld"),
            locations: try json.required(locations, "locations"), subcontractorsUsed: try json.required(subcontractorsUsed, "subcontractorsUsed"),
            thirdPartyDisclosures: try json.required(thirdPartyDisclosures, "thirdPartyDisclosures"),
            incidentsInPeriod: try json.required(incidentsInPeriod, "incidentsInPeriod"), dispositions: try json.required(dispositions, "dispositions"))
    }
}

extension SubcontractorUse: JSONReadable {
    public init(reading json: inout JSONReader) throws {
        var name: String?, corporateNumber: String?, country: String?, dataItems: [String]?
        var members = try json.object()
        while let key = try json.nextKey(in: &members) {
            switch key {
            case "name": name = try json.string()
            case "corporateNumber": corporateNumber = try json.optionalString()
            case "country": country = try json.string()
            case "dataItems": dataItems = try json.strings()
            default: throw json.unknown(key)
            }
        }
        self.init(
            name: try json.required(name, "name"), corporateNumber: corporateNumber, country: try json.required(country, "country"),
            dataItems: try json.required(dataItems, "dataItems"))
    }
}

extension Disclosure: JSONReadable {
    public init(reading json: inout JSONReader) throws {
        var recipient: String?, recipientCorporateNumber: String?, basis: String?, dataItems: [String]?, records: Int?, date: CalendarDay?
        var members = try json.object()
        while let key = try json.nextKey(in: &members) {
            switch key {
            case "recipient": recipient = try json.string()
            case "recipientCorporateNumber": recipientCorporateNumber = try json.optionalString()
            case "basis": basis = try json.string()
            case "dataItems": dataItems = try json.strings()
            case "records": records = try json.int()
            case "date": date = try json.day()
            default: throw json.unknown(key)
            }
        }
        self.init(
            recipient: try json.required(recipient, "recipient"), recipientCorporateNumber: recipientCorporateNumber,
            basis: try json.required(basis, "basis"), dataItems: try json.required(dataItems, "dataItems"),
            records: try json.required(records, "records"), date: try json.required(date, "date"))
    }
}

extension DispositionCertificate: JSONReadable {
    public init(reading json: inout JSONReader) throws {
        var entrustmentID: UUID?, method: Disposition?, completedOn: CalendarDay?, signatoryName: String?, signatoryTitle: String?
        var members = try json.object()
        while let key = try json.nextKey(in: &members) {
            switch key {
            case "entrustmentID": entrustmentID = try json.uuid()
            case "method": method = try json.value(Disposition.self)
            case "completedOn": completedOn = try json.day()
            case "signatoryName": signatoryName = try json.string()
            case "signatoryTitle": signatoryTitle = try json.optionalString()
            default: throw json.unknown(key)
            }
        }
        self.init(
            entrustmentID: try json.required(entrustmentID, "entrustmentID"), method: try json.required(method, "method"),
            completedOn: try json.required(completedOn, "completedOn"), signatoryName: try json.required(signatoryName, "signatoryName"),
            signatoryTitle: signatoryTitle)
    }
}
