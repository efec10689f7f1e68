import Foundation
import Testing

@testable import ItakuCore

/// The Gregorian calendar as Foundation computes it, which the integer arithmetic must agree with.
private let gregorian: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar
}()

private func foundationDay(_ date: Date) -> CalendarDay {
    let parts = gregorian.dateComponents([.year, .month, .day], from: date)
    return CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)!
}

/// `day` moved by `months`, kept to the target month's last day. Foundation's own
/// `date(byAdding: .month)` on Linux sometimes judges February by the starting year's leap-ness
/// (8576-08-30 − 30 months gives 8574-03-01), so the month is shifted from the first of the month
/// and the day clamped to that month's length as Foundation counts it.
private func foundationMonthShift(_ day: CalendarDay, _ months: Int) -> CalendarDay {
    let first = gregorian.date(from: DateComponents(year: day.year, month: day.month, day: 1))!
    let target = gregorian.date(byAdding: .month, value: months, to: first)!
    let length = gregorian.range(of: .day, in: .month, for: target)!.count
    let parts = gregorian.dateComponents([.year, .month], from: target)
    return CalendarDay(year: parts.year!, month: parts.month!, day: min(day.day, length))!
}

@Suite("Calendar days")
struct CalendarDayTests {
    @Test("arithmetic agrees with Foundation's Gregorian calendar on 5,000 days and month ends")
    func arithmeticMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        var days: [CalendarDay] = [
            CalendarDay("1970-01-01")!, CalendarDay("2000-02-29")!, CalendarDay("2024-01-31")!, CalendarDay("2100-02-28")!,
            CalendarDay("1600-01-01")!, CalendarDay("9999-12-31")!, CalendarDay("1899-12-31")!,
        ]
        for _ in 0..<5000 {
            let year = Int.random(in: 1600...9990, using: &generator)
            let month = Int.random(in: 1...12, using: &generator)
            days.append(CalendarDay(year: year, month: month, day: Int.random(in: 28...31, using: &generator))
                ?? CalendarDay(year: year, month: month, day: Int.random(in: 1...28, using: &generator))!)
        }
        for day in days {
            let start = gregorian.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
            #expect(day.startDate == start, "\(day)")
            #expect(CalendarDay(start.addingTimeInterval(86_399)) == day)
            #expect(CalendarDay(day.description) == day)
            let shift = Int.random(in: -800...800, using: &generator)
            let months = Int.random(in: -40...40, using: &generator)
            if day.year > 1603, day.year < 9996 {
                #expect(day.adding(days: shift) == foundationDay(gregorian.date(byAdding: .day, value: shift, to: start)!), "\(day) + \(shift) days")
                #expect(day.adding(months: months) == foundationMonthShift(day, months), "\(day) + \(months) months")
                let other = day.adding(days: shift)
                #expect(day.days(until: other) == shift)
            }
        }
    }

    @Test("text parses only as YYYY-MM-DD of a day that exists, and prints back padded")
    func text() {
        #expect(CalendarDay("2026-11-25") == CalendarDay(year: 2026, month: 11, day: 25))
        #expect(CalendarDay("0007-03-04")?.description == "0007-03-04")
        for bad in ["2026-02-30", "2026-13-01", "2026-1-01", "2026/01/01", "20260101", "2026-01-0a", "", "２０２６-01-01", "2026-01-001"] {
            #expect(CalendarDay(bad) == nil, "\(bad)")
        }
    }

    @Test("outside the arithmetic's range Foundation still answers")
    func outsideTheRange() {
        let early = CalendarDay(year: 1500, month: 3, day: 1)!
        #expect(early.adding(days: 1) == CalendarDay(year: 1500, month: 3, day: 2))
        #expect(early.adding(months: 1) == CalendarDay(year: 1500, month: 4, day: 1))
        #expect(early.days(until: CalendarDay(year: 1500, month: 3, day: 11)!) == 10)
    }
}

@Suite("Organisation names")
struct NormalisedNameTests {
    @Test("plain ASCII names normalise byte by byte exactly as with Unicode folding")
    func asciiMatchesFolding() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "b", "X", "Z", "0", "9", " ", ".", ",", "-", "&", "(", ")", "'", "/", "\t", "KK", "Co", "LTD", "inc", "K", "plc"]
        var names = ["ACME Co., Ltd.", "Acme KK", "  ", "", "K.K. Blue-Sky 2", "O'Brien & Sons GmbH", "Co., Ltd.", "KK"]
        for _ in 0..<3000 {
            names.append((0..<Int.random(in: 0...16, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for name in names {
            #expect(Contractor.asciiNormalisedName(name) == Contractor.joinedWithoutDesignators(Contractor.foldedWords(name)), "\(name)")
        }
        #expect(Contractor.normalisedName("ACME Co., Ltd.") == "acme")
        #expect(Contractor.normalisedName("Co., Ltd.") == "coltd")
    }
}
