import Foundation
import KmemCore
import KmemQuestions
import KmemQuiz
import TestSupport

/// Shared helpers: the fixture questions, the real UI strings, typed right and wrong answers.
enum Fixture {
    static let testsFolder = Golden.folder()
    static let repoRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let topics: Set<String> = ["quizdemo", "quizchoice"]

    /// A fresh temporary folder.
    static func tempDir(_ tag: String = "quiz") -> URL {
        TestFolders.make("kmemquiz-" + tag)
    }

    /// A content folder: the real ui.yaml and teaching texts, two empty pages and the fixture questions.
    static func content() -> URL {
        let dir = tempDir("content")
        let fm = FileManager.default
        // The real ui.yaml, generated-question texts and misconception catalog.
        for rel in ["ui.yaml", "families", "misconceptions.yaml"] {
            try? fm.copyItem(at: repoRoot.appendingPathComponent("content/\(rel)"), to: dir.appendingPathComponent(rel))
        }
        for t in topics {
            let page = dir.appendingPathComponent("pages/\(t)", isDirectory: true)
            try? fm.createDirectory(at: page, withIntermediateDirectories: true)
            fm.createFile(atPath: page.appendingPathComponent("en.md").path, contents: Data())
        }
        let q = dir.appendingPathComponent("questions", isDirectory: true)
        try? fm.createDirectory(at: q, withIntermediateDirectories: true)
        try? fm.copyItem(at: testsFolder.appendingPathComponent("Fixtures/questions/quiz-fixture.yaml"),
                         to: q.appendingPathComponent("quiz-fixture.yaml"))
        return dir
    }

    static let questions: [Question] = {
        do { return try QuestionLoader.load(from: content(), topics: topics) } catch {
            fatalError("fixture questions do not load: \(error)")
        }
    }()

    static func question(_ id: String) -> Question { questions.first { $0.id == id }! }

    /// content/ui.yaml, read with KmemCore's YAML reader (this target does not see KmemContent).
    static let table: [String: [Language: String]] = {
        let url = repoRoot.appendingPathComponent("content/ui.yaml")
        let text = String(decoding: FileManager.default.contents(atPath: url.path) ?? Data(), as: UTF8.self)
        var out: [String: [Language: String]] = [:]
        guard let root = try? YAMLValue.parse(text, file: "ui.yaml"), let entries = root["strings"]?.entries else { return out }
        for (key, v, _) in entries {
            var row: [Language: String] = [:]
            for l in Language.allCases { row[l] = v[l.rawValue]?.string }
            out[key] = row
        }
        return out
    }()

    static func strings(_ lang: Language) -> QuizStrings {
        let t = table
        return QuizStrings(lang: lang) { key, l in t[key]?[l] ?? "⟦\(key)⟧" }
    }

    /// What to type to answer `item` right.
    static func rightInput(_ item: QuizItem) -> String {
        let q = item.question, p = item.presentation
        switch q.answer {
        case .choices(let ids):
            return p.choiceOrder.enumerated().filter { ids.contains(q.choices[$0.element].id) }
                .map { Presentation.label($0.offset) }.joined(separator: " ")
        case .trueFalse(let b): return b ? "t" : "f"
        case .numeric(let v, _): return String(Int(v))
        case .hex(let v): return String(format: "0x%llx", v)
        case .text(let a): return a[0].en
        case .matching(let pairs):
            return pairs.indices.map { i in Presentation.label(p.rightOrder.firstIndex(of: i)!) }.joined(separator: " ")
        case .ordering(let items):
            return items.indices.map { k in Presentation.label(p.itemOrder.firstIndex(of: k)!) }.joined(separator: " ")
        }
    }

    /// A valid answer that is wrong.
    static func wrongInput(_ item: QuizItem) -> String {
        let q = item.question, p = item.presentation
        switch q.answer {
        case .choices(let ids):
            let pos = p.choiceOrder.firstIndex { !ids.contains(q.choices[$0].id) }!
            return Presentation.label(pos)
        case .trueFalse(let b): return b ? "f" : "t"
        case .numeric(let v, _): return String(Int(v) + 1)
        case .hex(let v): return String(format: "0x%llx", v + 0x1000)
        case .text: return "nothing-like-it"
        case .matching(let pairs):
            // every left item gets its neighbour's right side
            return pairs.indices.map { i in Presentation.label(p.rightOrder.firstIndex(of: (i + 1) % pairs.count)!) }.joined(separator: " ")
        case .ordering(let items):
            // every item one place off: none in its place, no partial credit
            return items.indices.map { k in Presentation.label(p.itemOrder.firstIndex(of: (k + 1) % items.count)!) }.joined(separator: " ")
        }
    }
}
