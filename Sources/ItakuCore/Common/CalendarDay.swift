import Foundation

/// A calendar date without a time (ISO 8601 `YYYY-MM-DD`), as contracts and periods use them.
public struct CalendarDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD`; returns nil for anything else, including dates that do not exist.
    public init?(_ text: String) {
        // Byte by byte: a portfolio scan parses a few hundred thousand of these.
        let bytes = text.utf8
        guard bytes.count == 10 else { return nil }
        var fields = [0, 0, 0]
        for (offset, byte) in bytes.enumerated() {
            if offset == 4 || offset == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let field = offset < 4 ? 0 : offset < 7 ? 1 : 2
            fields[field] = fields[field] * 10 + Int(byte - UInt8(ascii: "0"))
        }
        self.init(year: fields[0], month: fields[1], day: fields[2])
    }

    /// Builds a day from its parts; returns nil when the date does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CalendarDay.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The UTC calendar day a moment falls on.
    public init(_ date: Date) {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        if Self.arithmeticDays.contains(days) {
            self = Self.civil(fromDays: days)
        } else {
            self.init(date, timeZone: "UTC")
        }
    }

    /// The calendar day a moment falls on in the named time zone (UTC if the name is unknown).
    public init(_ date: Date, timeZone: String) {
        var calendar = CalendarDay.utc
        if timeZone != "UTC", let zone = TimeZone(identifier: timeZone) { calendar.timeZone = zone }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = parts.year!
        self.month = parts.month!
        self.day = parts.day!
    }

    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// Midnight UTC at the start of this day.
    public var startDate: Date {
        guard let days = daysSinceEpoch else { return CalendarDay.utc.date(from: DateComponents(year: year, month: month, day: day))! }
        return Date(timeIntervalSince1970: Double(days) * 86_400)
    }

    public func adding(days: Int) -> CalendarDay {
        if let start = daysSinceEpoch, Self.arithmeticDays.contains(start + days) { return Self.civil(fromDays: start + days) }
        return CalendarDay(CalendarDay.utc.date(byAdding: .day, value: days, to: startDate)!)
    }

    public func adding(months: Int) -> CalendarDay {
        // As the Gregorian calendar does it: the same day of the month, or the month's last day.
        let target = (year * 12 + month - 1) + months
        let (targetYear, targetMonth) = (target / 12, target % 12 + 1)
        if Self.arithmeticYears.contains(targetYear), Self.arithmeticYears.contains(year) {
            return CalendarDay(uncheckedYear: targetYear, month: targetMonth, day: min(day, Self.daysIn(month: targetMonth, year: targetYear)))
        }
        return CalendarDay(CalendarDay.utc.date(byAdding: .month, value: months, to: startDate)!)
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDay) -> Int {
        if let start = daysSinceEpoch, let end = other.daysSinceEpoch { return end - start }
        return Int((other.startDate.timeIntervalSince(startDate) / 86_400).rounded())
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: Arithmetic

    // Rules compare and shift days constantly; going through `Calendar` for each was a visible
    // share of a scan. Integer arithmetic is used where it agrees with the Gregorian calendar
    // Foundation implements (which turns Julian before 1582); elsewhere `Calendar` still answers.
    static let arithmeticYears = 1600...9999
    static let arithmeticDays = daysFromCivil(year: 1600, month: 1, day: 1)...daysFromCivil(year: 9999, month: 12, day: 31)

    private init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days from 1970-01-01 to this day, where the arithmetic applies.
    var daysSinceEpoch: Int? {
        Self.arithmeticYears.contains(year) ? Self.daysFromCivil(year: year, month: month, day: day) : nil
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (the inverse of `daysFromCivil`).
    static func civil(fromDays days: Int) -> CalendarDay {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return CalendarDay(uncheckedYear: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
