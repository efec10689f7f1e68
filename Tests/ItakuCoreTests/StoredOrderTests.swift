import Foundation
import Testing

@testable import ItakuCore

@Suite("A contractor's rows in stored order")
struct StoredOrderTests {
    struct Row: StoredInOrder, Equatable {
        var id: UUID
        var orderedAt: Date
        var owner = UUID()
    }

    @Test("rows go by time, ties by identifier as the stores compare its text")
    func order() {
        let moment = Date(timeIntervalSince1970: 1_790_000_000)
        let ids = (0..<6).map { _ in UUID() }
        let byText = ids.sorted { $0.uuidString < $1.uuidString }
        #expect(byText == ids.sorted { $0.uuidString.lowercased() < $1.uuidString.lowercased() }, "either case gives one order")
        var rows = [
            Row(id: byText[3], orderedAt: moment), Row(id: byText[0], orderedAt: moment.addingTimeInterval(1)),
            Row(id: byText[5], orderedAt: moment), Row(id: byText[1], orderedAt: moment),
        ]
        rows.sort { $0.precedes($1) }
        #expect(rows.map(\.id) == [byText[1], byText[3], byText[5], byText[0]])
    }

    @Test("a table grouped by contractor keeps each one's rows, in stored order, and leaves out rows of unknown contractors")
    func groupedByContractor() {
        let moment = Date(timeIntervalSince1970: 1_790_000_000)
        let (a, b, c, stranger) = (UUID(), UUID(), UUID(), UUID())
        let ids = (0..<5).map { _ in UUID() }.sorted { $0.uuidString < $1.uuidString }
        let table = [
            Row(id: ids[0], orderedAt: moment.addingTimeInterval(2), owner: b),
            Row(id: ids[1], orderedAt: moment, owner: stranger),
            Row(id: ids[2], orderedAt: moment, owner: b),
            Row(id: ids[3], orderedAt: moment.addingTimeInterval(1), owner: a),
            Row(id: ids[4], orderedAt: moment, owner: b),
        ]
        var grouped = RowsByContractor(table, contractors: ContractorPositions([a, b, c]), by: \.owner)
        #expect(grouped[contractorAt: 1].map(\.id) == [ids[0], ids[2], ids[4]], "the table's order until put in stored order")
        grouped.putGroupsInStoredOrder()
        #expect(grouped[contractorAt: 0].map(\.id) == [ids[3]])
        #expect(grouped[contractorAt: 1].map(\.id) == [ids[2], ids[4], ids[0]])
        #expect(grouped[contractorAt: 2].isEmpty)
        #expect(grouped.map(contractorAt: 1) { $0.orderedAt } == [moment, moment, moment.addingTimeInterval(2)])
        #expect(grouped.row(ofContractorAt: 1, 2).id == ids[0])
        #expect(grouped.removeAll() == table)
        #expect(grouped.isEmpty)
    }
}
