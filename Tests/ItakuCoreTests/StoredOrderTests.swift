import Foundation
import Testing

@testable import ItakuCore

@Suite("A contractor's rows in stored order")
struct StoredOrderTests {
    struct Row: StoredInOrder, Equatable {
        var id: UUID
        var orderedAt: Date
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
        rows.putInStoredOrder()
        #expect(rows.map(\.id) == [byText[1], byText[3], byText[5], byText[0]])
        var groups = ["b": rows.reversed().map { $0 }, "a": [rows[0]]]
        groups.putGroupsInStoredOrder()
        #expect(groups["b"] == rows)
    }
}
