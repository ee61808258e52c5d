import Foundation
import KmemCore
import KmemQuestions

/// Everything kmemguide reads — content, templates, kernel captures — from folders an author
/// names or the copies compiled into the program. With the loaders it calls, this is the only
/// code that knows how content/ is laid out; commands ask it, never the file system.
///
/// Loading is by part, so a command pays only for what it uses: the quiz needs the UI strings
/// and the questions, not the rendered pages.
public struct Library: Sendable {
    public var content: SourceTree
    public var templates: SourceTree
    /// verify/captures; nil when none is at hand (the verification page then fails to build).
    public var captures: SourceTree?

    public init(content: SourceTree, templates: SourceTree, captures: SourceTree?) {
        self.content = content; self.templates = templates; self.captures = captures
    }

    /// verify/captures beside a content folder, as the repository lays them out; nil when there
    /// is none (the caller then uses the built-in copy or none).
    public static func captures(besideContent content: URL) -> SourceTree? {
        let beside = content.standardizedFileURL.deletingLastPathComponent().appendingPathComponent("verify/captures")
        let tree = SourceTree(folder: beside, displayName: "verify/captures")
        return tree.isDirectory("") ? tree : nil
    }

    /// The topics: folders of `pages/` that hold an English page.
    public func topicSlugs() -> Set<String> {
        Set(content.children("pages").filter { content.isFile("pages/\($0)/en.md") })
    }

    /// Topic slug → its page's title in `lang` (front matter only, nothing is rendered). A page
    /// whose front matter does not parse is left out (the quiz then shows the slug; `check`
    /// and `build` report the page).
    public func topicTitles(_ lang: Language, slugs: Set<String>? = nil) -> [String: String] {
        var out: [String: String] = [:]
        for slug in (slugs ?? topicSlugs()).sorted() {
            let rel = "pages/\(slug)/\(lang.rawValue).md"
            guard let text = try? content.text(rel), let parsed = try? FrontMatterParser.parse(text, file: content.display(rel)),
                  !parsed.0.title.isEmpty else { continue }
            out[slug] = parsed.0.title
        }
        return out
    }

    public func loadUI() throws(DiagnosticList) -> UIStrings { try ContentLoader.loadUI(content) }

    /// The authored questions on the given topics (all topics when nil).
    public func loadQuestions(topics: Set<String>? = nil) throws(DiagnosticList) -> [Question] {
        try QuestionLoader.load(content, topics: topics ?? topicSlugs())
    }

    /// The texts of the generated questions and the misconception catalog, checked.
    public func loadTeachingText() throws(DiagnosticList) -> TeachingText { try TeachingText.load(content) }

    /// Pages, catalogs and glossary, expanded and checked in every language.
    public func loadSite() throws(DiagnosticList) -> ContentSite { try ContentLoader.load(content, captures: captures) }

    /// The files the quiz reads before its first question, for its cache key.
    public var quizInputs: [String] { ["ui.yaml", "seeds.yaml"] + QuestionLoader.files(in: content) + TeachingText.files(in: content) }
}
