import Foundation

// Read as `Codable` writes them (see `JSONReadable`): a scan reads every contractor's contacts
// and certifications and every entrustment's scope.

extension EntrustmentScope: JSONReadable {
    public init(reading json: inout JSONReader) throws {
        var title: String?, description: String?, purposes: [String]?, subjectCategories: [String]?, dataItems: [String]?
        var estimatedRecords: Int?, locations: [String]?, retentionDays: Int?, startsOn: CalendarDay?, endsOn: CalendarDay?
        var members = try json.object()
        while let key = try json.nextKey(in: &members) {
            switch key {
            case "title": title = try json.string()
            case "description": description = try json.optionalString()
            case "purposes": purposes = try json.strings()
            case "subjectCategories": subjectCategories = try json.strings()
            case "dataItems": dataItems = try json.strings()
            case "estimatedRecords": estimatedRecords = try json.int()
            case "locations": locations = try json.strings()
            case "retentionDays": retentionDays = try json.int()
            case "startsOn": startsOn = try json.day()
            case "endsOn": endsOn = json.null() ? nil : try json.day()
            default: throw json.unknown(key)
            }
        }
        self.init(
            title: try json.required(title, "title"), description: description, purposes: try json.required(purposes, "purposes"),
            subjectCategories: try json.required(subjectCategories, "subjectCategories"), dataItems: try json.required(dataItems, "dataItems"),
            estimatedRecords: try json.required(estimatedRecords, "estimatedRecords"), locations: try json.required(locations, "locations"),
            retentionDays: try json.required(retentionDays, "retentionDays"), startsOn: try json.required(startsOn, "startsOn"), endsOn: endsOn)
    }
}

extension Contact: JSONReadable {
    public init(reading json: inout JSONReader) throws {
        var name: String?, email: String?, role: String?, phone: String?
        var members = try json.object()
        while let key = try json.nextKey(in: &members) {
            switch key {
            case "name": name = try json.string()
            case "email": email = try json.string()
            case "role": role = try json.optionalString()
            case "phone": phone = try json.optionalString()
            default: throw json.unknown(key)
            }
        }
        self.init(name: try json.required(name, "name"), email: try json.required(email, "email"), role: role, phone: phone)
    }
}

extension Certification: JSONReadable {
    public init(reading json: inout JSONReader) throws {
        var scheme: String?, validUntil: CalendarDay?, reference: String?
        var members = try json.object()
        while let key = try json.nextKey(in: &members) {
            switch key {
            case "scheme": scheme = try json.string()
            case "validUntil": validUntil = try json.day()
            case "reference": reference = try json.optionalString()
            default: throw json.unknown(key)
            }
        }
        self.init(scheme: try json.required(scheme, "scheme"), validUntil: try json.required(validUntil, "validUntil"), reference: reference)
    }
}
