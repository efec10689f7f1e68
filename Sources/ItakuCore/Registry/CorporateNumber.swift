/// Japan's 13-digit corporate number (法人番号), whose first digit checks the other twelve.
public enum CorporateNumber {
    /// Why a string is not a corporate number, or nil when it is one.
    public static func problem(_ text: String) -> String? {
        guard text.count == 13, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "must be exactly 13 digits"
        }
        let digits = text.compactMap(\.wholeNumberValue)
        guard digits[0] == checkDigit(forBase: Array(digits[1...])) else {
            return "check digit \(digits[0]) does not match the other twelve digits (expected \(checkDigit(forBase: Array(digits[1...]))))"
        }
        return nil
    }

    public static func isValid(_ text: String) -> Bool { problem(text) == nil }

    /// The check digit for the twelve base digits (most significant first):
    /// 9 − (Σ Pn × Qn mod 9), with Pn the n-th digit from the right and Qn 1 for odd n, 2 for even n.
    public static func checkDigit(forBase base: [Int]) -> Int {
        precondition(base.count == 12, "a corporate number has twelve base digits")
        var sum = 0
        for (offset, digit) in base.reversed().enumerated() {
            sum += digit * (offset % 2 == 0 ? 1 : 2)
        }
        return 9 - sum % 9
    }
}
