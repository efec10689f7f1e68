import Foundation
import Testing

@testable import ItakuCore

@Suite("Stored timestamps")
struct TimestampTests {
    @Test("truncating a moment gives exactly what formatting and parsing it back gives")
    func truncationMatchesTheRoundTrip() {
        var generator = SystemRandomNumberGenerator()
        var moments = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0004), Date(timeIntervalSince1970: 1_795_000_000.9995)]
        for _ in 0..<5000 {
            moments.append(Date(timeIntervalSince1970: Double.random(in: -2_000_000_000...4_000_000_000, using: &generator)))
        }
        for moment in moments {
            let viaText = Timestamp.date(Timestamp.string(moment))
            #expect(Timestamp.truncated(moment) == viaText, "\(moment.timeIntervalSince1970)")
            #expect(Timestamp.string(Timestamp.truncated(moment)) == Timestamp.string(moment))
        }
    }
}
