import Foundation
import Testing

@testable import ItakuCore

@Suite("Identifiers read from and written as stored text")
struct UUIDTextTests {
    @Test("reads what Foundation reads, in either case, from contiguous bytes or not")
    func agreesWithFoundation() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(UUID.parse(id.uuidString.utf8) == id)
            #expect(UUID.parse(id.uuidString.lowercased().utf8) == id)
            #expect(UUID.parse(Array(id.uuidString.utf8).reversed().reversed()) == id)
        }
        #expect(UUID.parse("00000000-0000-0000-0000-000000000000".utf8) == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        #expect(UUID.parse("FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF".utf8) == UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"))
    }

    @Test("writes exactly Foundation's text")
    func writesFoundationsText() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(id.storedText == id.uuidString)
        }
        let extremes = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!]
        for id in extremes {
            #expect(id.storedText == id.uuidString)
        }
    }

    @Test("refuses anything but 32 hex digits with hyphens in their four places")
    func refusesMalformedText() {
        let malformed = [
            "", "E621E1F8-C36C-495A-93FC-0C247A3E6E5", "E621E1F8-C36C-495A-93FC-0C247A3E6E5FF", "E621E1F8C-36C-495A-93FC-0C247A3E6E5F",
            "E621E1F8-C36C-495A-93FC-0C247A3E6E5G", "E621E1F8_C36C_495A_93FC_0C247A3E6E5F", "{621E1F8-C36C-495A-93FC-0C247A3E6E5F",
            "E621E1F8-C36C-495A-93FC-0C247A3E6E-F", "E621E1F8 C36C-495A-93FC-0C247A3E6E5F",
        ]
        for text in malformed {
            #expect(UUID.parse(text.utf8) == nil, "\(text)")
        }
    }
}
