import Foundation
import ItakuCore

/// How pages print values: one place, so every page reads the same.
public enum WebFormat {
    /// `2026-11-26 14:05 UTC`.
    public static func moment(_ date: Date) -> String {
        let parts = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d UTC", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    public static func moment(_ date: Date?) -> String? {
        date.map { moment($0) }
    }

    /// A catalog code for people: `leak_reporting` → `leak reporting`.
    public static func code(_ code: String) -> String {
        code.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
    }

    /// `3 days left`, `due today`, `2 days overdue`.
    public static func daysLeft(until day: CalendarDay, today: CalendarDay) -> String {
        let days = Int((day.startDate.timeIntervalSince(today.startDate) / 86_400).rounded())
        switch days {
        case 0: return "due today"
        case 1...: return days == 1 ? "1 day left" : "\(days) days left"
        default: return -days == 1 ? "1 day overdue" : "\(-days) days overdue"
        }
    }

    /// `5 h left` / `3 h overdue`, for deadlines counted in hours.
    public static func hoursLeft(until deadline: Date, now: Date) -> String {
        let hours = Int((deadline.timeIntervalSince(now) / 3600).rounded(.down))
        if hours >= 48 { return "\(hours / 24) days left" }
        if hours >= 0 { return "\(hours) h left" }
        return -hours >= 48 ? "\(-hours / 24) days overdue" : "\(-hours) h overdue"
    }

    public static func lowercased(_ id: UUID) -> String {
        id.uuidString.lowercased()
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
