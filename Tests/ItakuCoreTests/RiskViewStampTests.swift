import ItakuCore
import Testing

@Suite("What moves a risk view's structure")
struct RiskViewStampTests {
    @Test("writes that reach a view only through its flags leave the structure alone")
    func flagOnlyWrites() {
        for subject in ["attestation", "evidence", "incident", "flag", "scan", "document", "template", "token", "user", "questionnaire"] {
            #expect(!RiskViewStamp.movesStructure(subjectType: subject), "\(subject)")
        }
    }

    @Test("contracts, entrustments, sub-contracting, the policy, profiles — and anything new — move it")
    func structuralWrites() {
        for subject in ["contract", "entrustment", "subcontracting", "policy", "contractor", "portfolio", "something-added-later"] {
            #expect(RiskViewStamp.movesStructure(subjectType: subject), "\(subject)")
        }
    }
}
