import Foundation
import KmemCore
import KmemQuestions
import TestSupport

/// The generated families worded with the repository's content/families and misconceptions.yaml
/// (a broken file there stops the tests here, with its diagnostics).
enum Generated {
    static let teaching: TeachingText = {
        do { return try TeachingText.load(SourceTree(folder: Shared.repository.appendingPathComponent("content"))) } catch {
            fatalError("content/families or content/misconceptions.yaml does not load:\n\(error)")
        }
    }()
    static var families: [QuestionFamily] { teaching.families }
    static func family(_ id: String) -> QuestionFamily? { teaching.family(id) }
}
