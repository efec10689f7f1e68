import Foundation

@testable import ItakuCore

/// A small demo portfolio under the shipped policy and questionnaire, the same on every call.
func demoPortfolio(contractors: Int = 300) throws -> DemoPortfolio {
    let catalog = try Catalog.bundled()
    let moment = Date(timeIntervalSince1970: 1_790_000_000)
    let policy = PolicyVersion(version: 1, content: try PolicyContent.shippedDefault(catalog: catalog), createdAt: moment, createdBy: "test", note: nil)
    let questionnaire = Questionnaire(
        version: 1, content: try QuestionnaireContent.shippedDefault(), publishedAt: moment, publishedBy: "test", note: nil)
    return DemoPortfolio.generate(
        contractors: contractors, policy: policy, catalog: catalog, questionnaire: questionnaire, today: CalendarDay("2026-11-25")!)
}
