import Testing

@testable import ItakuCore

@Suite("Corporate number check digit")
struct CorporateNumberTests {
    @Test("the National Tax Agency's own number is valid", arguments: ["7000012050002"])
    func knownNumber(_ number: String) {
        #expect(CorporateNumber.isValid(number))
        #expect(CorporateNumber.checkDigit(forBase: number.dropFirst().compactMap(\.wholeNumberValue)) == 7)
    }

    @Test("changing any single digit breaks the check")
    func everySingleDigitChangeIsCaught() {
        let valid = Array("7000012050002")
        for position in 1..<13 {
            var changed = valid
            let digit = changed[position].wholeNumberValue!
            changed[position] = Character(String((digit + 1) % 10))
            #expect(!CorporateNumber.isValid(String(changed)), "position \(position)")
        }
    }

    @Test("wrong lengths and non-digits are refused with a reason", arguments: ["", "700001205000", "70000120500021", "7000O12050002", "７０００１２０５０００２"])
    func malformed(_ text: String) {
        #expect(CorporateNumber.problem(text) == "must be exactly 13 digits")
    }

    @Test("a wrong check digit says which digit was expected")
    func wrongCheckDigit() {
        #expect(CorporateNumber.problem("1000012050002")?.contains("expected 7") == true)
    }
}
