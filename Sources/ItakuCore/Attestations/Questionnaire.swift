import Foundation
import Yams

/// The type of answer a control question takes.
public enum AnswerType: String, Codable, Sendable, CaseIterable {
    case yesNo = "yes_no"
    case number, choice, text
}

/// What a control question expects; a question without one is informational.
public struct ExpectedAnswer: Codable, Sendable, Equatable {
    /// For yes/no questions.
    public var equals: Bool?
    /// For numbers: the answer must be at least `min` and at most `max`.
    public var min: Int?
    public var max: Int?
    /// For choices: the acceptable choices.
    public var oneOf: [String]?

    public init(equals: Bool? = nil, min: Int? = nil, max: Int? = nil, oneOf: [String]? = nil) {
        self.equals = equals
        self.min = min
        self.max = max
        self.oneOf = oneOf
    }

    /// Whether `answer` meets the expectation.
    public func isMet(by answer: AnswerValue) -> Bool {
        switch answer {
        case .yesNo(let value): equals.map { $0 == value } ?? true
        case .number(let value): (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
        case .text(let value): oneOf.map { $0.contains(value) } ?? true
        }
    }

    /// The expectation in words, for reviewers.
    public var description: String {
        if let equals { return equals ? "yes" : "no" }
        if let oneOf { return oneOf.joined(separator: " or ") }
        switch (min, max) {
        case (let low?, let high?): return "between \(low) and \(high)"
        case (let low?, nil): return "at least \(low)"
        case (nil, let high?): return "at most \(high)"
        default: return "any answer"
        }
    }
}

/// An answer to a control question. A choice is answered with the chosen value as text.
public enum AnswerValue: Codable, Sendable, Equatable {
    case yesNo(Bool)
    case number(Int)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .yesNo(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .yesNo(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }
}

/// One control question.
public struct Question: Codable, Sendable, Equatable {
    public var code: String
    public var area: String?
    public var type: AnswerType
    public var text: String
    public var choices: [String]?
    public var expected: ExpectedAnswer?
    /// A wrong answer is a finding on its own.
    public var critical: Bool

    public init(
        code: String, area: String? = nil, type: AnswerType, text: String, choices: [String]? = nil,
        expected: ExpectedAnswer? = nil, critical: Bool = false
    ) {
        self.code = code
        self.area = area
        self.type = type
        self.text = text
        self.choices = choices
        self.expected = expected
        self.critical = critical
    }

    /// Reads a raw answer as this question's type, or says why it does not fit.
    public func interpret(_ raw: AnswerValue) -> Result<AnswerValue, AnswerProblem> {
        switch (type, raw) {
        case (.yesNo, .yesNo), (.number, .number): return .success(raw)
        case (.choice, .text(let value)):
            guard (choices ?? []).contains(value) else {
                return .failure(AnswerProblem(message: "'\(value)' is not one of \((choices ?? []).joined(separator: ", "))"))
            }
            return .success(raw)
        case (.text, .text(let value)):
            return value.count <= 4000 ? .success(raw) : .failure(AnswerProblem(message: "must be at most 4000 characters"))
        case (.yesNo, _): return .failure(AnswerProblem(message: "must be true or false"))
        case (.number, _): return .failure(AnswerProblem(message: "must be an integer"))
        case (.choice, _): return .failure(AnswerProblem(message: "must be one of \((choices ?? []).joined(separator: ", "))"))
        case (.text, _): return .failure(AnswerProblem(message: "must be text"))
        }
    }
}

/// Why an answer does not fit its question.
public struct AnswerProblem: Error, Equatable, Sendable {
    public var message: String
}

/// The content of a questionnaire version: its title and questions.
public struct QuestionnaireContent: Codable, Sendable, Equatable {
    public var title: String
    public var questions: [Question]

    public init(title: String, questions: [Question]) {
        self.title = title
        self.questions = questions
    }

    public func question(_ code: String) -> Question? {
        questions.first { $0.code == code }
    }

    /// Checks codes, types, choices and expectations; every problem is named.
    public func validated() throws(ItakuError) -> QuestionnaireContent {
        var issues = IssueList()
        if title.trimmingCharacters(in: .whitespaces).isEmpty { issues.add("title", "is required") }
        if questions.isEmpty { issues.add("questions", "must hold at least one question") }
        if questions.count > 500 { issues.add("questions", "must hold at most 500 questions") }
        var seen: Set<String> = []
        for (index, question) in questions.enumerated() {
            let path = "questions[\(index)]"
            if !CodePattern.snake.matches(question.code) { issues.add("\(path).code", "'\(question.code)' is not a snake_case code") }
            if !seen.insert(question.code).inserted { issues.add("\(path).code", "'\(question.code)' appears twice") }
            if question.text.trimmingCharacters(in: .whitespaces).isEmpty { issues.add("\(path).text", "is required") }
            let choices = question.choices ?? []
            if question.type == .choice {
                if choices.count < 2 { issues.add("\(path).choices", "a choice question needs at least two choices") }
                if Set(choices).count != choices.count { issues.add("\(path).choices", "choices repeat") }
            } else if question.choices != nil {
                issues.add("\(path).choices", "only choice questions have choices")
            }
            guard let expected = question.expected else {
                if question.critical && question.type != .text {
                    issues.add("\(path).expected", "a critical question needs an expected answer")
                }
                continue
            }
            switch question.type {
            case .yesNo:
                if expected.equals == nil || expected.min != nil || expected.max != nil || expected.oneOf != nil {
                    issues.add("\(path).expected", "a yes/no question expects {equals: true|false}")
                }
            case .number:
                if (expected.min == nil && expected.max == nil) || expected.equals != nil || expected.oneOf != nil {
                    issues.add("\(path).expected", "a number question expects {min} and/or {max}")
                } else if let low = expected.min, let high = expected.max, low > high {
                    issues.add("\(path).expected", "min is above max")
                }
            case .choice:
                if let allowed = expected.oneOf, !allowed.isEmpty, expected.equals == nil, expected.min == nil, expected.max == nil {
                    for value in allowed where !choices.contains(value) {
                        issues.add("\(path).expected", "'\(value)' is not among the choices")
                    }
                } else {
                    issues.add("\(path).expected", "a choice question expects {oneOf: [choices]}")
                }
            case .text:
                issues.add("\(path).expected", "a text question cannot expect an answer")
            }
        }
        try issues.throwIfAny()
        return self
    }

    /// The questionnaire shipped with the product.
    public static func shippedDefault() throws -> QuestionnaireContent {
        let text = try String(contentsOf: try bundledResource("default-questionnaire"), encoding: .utf8)
        do {
            return try YAMLDecoder().decode(QuestionnaireContent.self, from: text).validated()
        } catch let error as ItakuError {
            throw CatalogError(problems: [CatalogProblem(path: "default-questionnaire", message: error.description)])
        } catch {
            throw CatalogError(problems: [decodingProblem(error)])
        }
    }
}

/// A published questionnaire version.
public struct Questionnaire: Codable, Sendable, Equatable {
    public var version: Int
    public var content: QuestionnaireContent
    public var publishedAt: Date
    public var publishedBy: String
    public var note: String?

    public init(version: Int, content: QuestionnaireContent, publishedAt: Date, publishedBy: String, note: String?) {
        self.version = version
        self.content = content
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
        self.note = note
    }
}
