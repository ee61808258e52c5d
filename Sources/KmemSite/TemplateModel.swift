import Foundation

/// What templates see. Every name a template may use is a stored property of one of these
/// types: `TemplateSet` checks each template's tags against them before anything renders, so
/// a misspelt `{{sidebr}}` is an error with its line, not a silently empty header.
///
/// An optional left nil is absent for the template, as Mustache expects: a section on it does
/// not render, and a name inside a section that the item lacks is looked up in the enclosing
/// context (a language link without `title` shows the page's title).
protocol TemplateModel {
    init()
}

extension TemplateModel {
    /// The model as the dictionaries and arrays swift-mustache renders.
    var templateValue: [String: Any] { TemplateValue.object(self) }

    /// The names this type offers templates.
    static var fieldNames: [String] { Mirror(reflecting: Self()).children.compactMap(\.label) }
}

/// A page of the site: the root, a language's home, a content page or one of the special pages.
struct PageModel: TemplateModel {
    var lang: String?
    var htmlLang: String?
    var title: String?
    var description: String?
    var siteTitle: String?
    /// Relative path from the page to the site root ("../../").
    var root: String?
    /// The UI strings as a tree, so templates say {{ui.nav.next}}.
    var ui: [String: Any]?
    var languages: [LanguageLink]?
    var alternates: [Alternate]?
    var sidebar: String?
    var canonical: String?
    var nav: [Link]?
    var isRoot: Bool?
    var intro: String?
    var topics: [Link]?
    // A content page.
    var slug: String?
    var content: String?
    var toc: [TocEntry]?
    var hasToc: Bool?
    var prev: Link?
    var next: Link?
    var sources: [SourceBox]?
    var hasSources: Bool?
    var updated: String?
    var updatedLabel: String?
    var hasIntro: Bool?
    var assumes: String?
    var assumesLabel: String?
    var outcomes: [TextItem]?
    var outcomesLabel: String?
    var kernels: String?
    var kernelsLabel: String?
    // The quiz, downloads and explorer pages.
    var questionCount: Int?
    var questionsJSON: String?
    var quizUI: String?
    var gradingJSON: String?
    var bankLinks: [BankLink]?
    var explorerUI: String?
}

/// A language in the switcher (or on the root and 404 pages, with that language's words).
struct LanguageLink: TemplateModel {
    var code = ""
    var name = ""
    var href = ""
    var hreflang = ""
    var current: Bool?
    var title: String?
    var summary: String?
    var intro: String?
    var label: String?
}

struct Alternate: TemplateModel {
    var hreflang = ""
    var href = ""
}

/// A link to a page: the sidebar, previous/next, the home page's topics (with `summary`).
struct Link: TemplateModel {
    var title = ""
    var href = ""
    var summary: String?
}

struct TocEntry: TemplateModel {
    var text = ""
    var id = ""
}

struct TextItem: TemplateModel {
    var text = ""
}

/// A source article in the page's sources box.
struct SourceBox: TemplateModel {
    var title = ""
    var file = ""
    var sourceLang = ""
    var note: String?
    var url: String?
}

/// One format on the downloads page.
struct BankLink: TemplateModel {
    var format = ""
    var description = ""
    var files: [FileLink] = []
}

struct FileLink: TemplateModel {
    var name = ""
    var href = ""
}

/// Every name the site provides to templates.
enum TemplateNames {
    static let all: Set<String> = Set([PageModel.self, LanguageLink.self, Alternate.self, Link.self, TocEntry.self, TextItem.self,
                                       SourceBox.self, BankLink.self, FileLink.self].flatMap { ($0 as any TemplateModel.Type).fieldNames })
}

/// Models to plain values by reflection: nil optionals are dropped, arrays and nested models
/// converted, strings, numbers, booleans and the UI tree passed as they are.
enum TemplateValue {
    static func object(_ model: any TemplateModel) -> [String: Any] {
        var out: [String: Any] = [:]
        for child in Mirror(reflecting: model).children {
            guard let label = child.label, let v = value(child.value) else { continue }
            out[label] = v
        }
        return out
    }

    static func value(_ v: Any) -> Any? {
        let mirror = Mirror(reflecting: v)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return value(wrapped)
        }
        if let model = v as? any TemplateModel { return object(model) }
        if let models = v as? [any TemplateModel] { return models.map(object) }
        return v
    }
}
