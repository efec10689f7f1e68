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

    @Test("are written as Foundation's calendar and formatter write them, before 1970 and after, leap days included")
    func sameTextAsFoundation() {
        var generator = SystemRandomNumberGenerator()
        var seconds: [Int64] = [0, -1, 86_399, 86_400, -86_400, 951_782_400, 951_868_799, 4_107_542_399, -11_644_473_600, 253_402_300_799]
        for _ in 0..<20_000 { seconds.append(Int64.random(in: -11_676_096_000...253_402_300_799, using: &generator)) }
        for second in seconds {
            for fraction in [0, 1, 999, Int.random(in: 0...999, using: &generator)] {
                let moment = Date(timeIntervalSince1970: Double(second) + Double(fraction) / 1000)
                #expect(Timestamp.string(moment) == Timestamp.foundationString(seconds: second, fraction: fraction), "\(second).\(fraction)")
            }
        }
    }
}
