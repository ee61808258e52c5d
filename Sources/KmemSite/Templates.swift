import Foundation
import KmemCore
import MarkdownRender
import Mustache

/// The templates of `templates/`, parsed and checked before anything is written.
///
/// swift-mustache renders a missing template, partial or variable as nothing; a site with a
/// silently empty header is worse than a failed build, so all three are checked here.
public struct TemplateSet: Sendable {
    public static let required = ["root", "home", "page", "search", "quiz", "downloads", "partials/sidebar"]

    let library: MustacheLibrary
    /// Where the templates came from (assets are copied from its `assets/`).
    public let source: SourceTree

    /// Every variable or section name the site provides to templates: the fields of the models.
    static var knownNames: Set<String> { TemplateNames.all }

    /// Loads a templates folder (a symlinked folder is followed).
    public static func load(from given: URL) throws(DiagnosticList) -> TemplateSet {
        try load(SourceTree(folder: given.resolvingSymlinksInPath(), displayName: given.lastPathComponent))
    }

    public static func load(_ tree: SourceTree) throws(DiagnosticList) -> TemplateSet {
        HTMLEscaping.register()
        var c = DiagnosticCollector()
        var library = MustacheLibrary()
        guard tree.isDirectory("") else {
            throw DiagnosticList([Diagnostic(.noInput, at: SourceLocation(file: tree.display("")), "templates folder does not exist",
                                             hint: tree.hint(forAuthor: "run from the project folder or pass --templates DIR"))])
        }
        var names: [String: String] = [:]  // template name -> display path
        var texts: [String: String] = [:]
        let files = tree.files(under: "").filter { $0.hasSuffix(".mustache") }
        for rel in files {
            let name = String(rel.dropLast(".mustache".count))
            let shown = tree.display(rel)
            guard let data = tree.data(rel), let text = String(data: data, encoding: .utf8) else {
                c.report(Diagnostic(.noInput, at: SourceLocation(file: shown), "template cannot be read as UTF-8", hint: tree.hint(forAuthor: "save it as UTF-8")))
                continue
            }
            do {
                try library.register(HTMLEscaping.pragma + text, named: name)
                names[name] = shown
                texts[name] = text
            } catch let e as MustacheTemplate.ParserError {
                // The pragma is a line of its own above the template's first line.
                c.report(Diagnostic(.data, at: SourceLocation(file: shown, line: e.context.lineNumber - 1, column: e.context.columnNumber),
                                    "template does not parse: \(e.error)", hint: "check the tag on that line: `\(e.context.line.trimmingCharacters(in: .whitespaces))`"))
            } catch {
                c.report(Diagnostic(.data, at: SourceLocation(file: shown), "template does not parse: \(error)", hint: "check the Mustache tags of this template"))
            }
        }
        for r in required where names[r] == nil && texts[r] == nil {
            let parsedButBroken = files.contains("\(r).mustache")
            if !parsedButBroken {
                c.report(Diagnostic(.data, at: SourceLocation(file: tree.display("\(r).mustache")), "required template is missing",
                                    hint: "every site needs \(required.map { $0 + ".mustache" }.joined(separator: ", "))"))
            }
        }
        // Partials and variables: find each tag and check it names something that exists.
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            for tag in scanTags(text) {
                let loc = SourceLocation(file: names[name] ?? name, line: tag.line)
                switch tag.kind {
                case ">":
                    if texts[tag.name] == nil {
                        c.report(Diagnostic(.data, at: loc, "partial `\(tag.name)` does not exist",
                                            hint: "create \(tree.display(tag.name)).mustache or fix the name"))
                    }
                case "!", "=": break
                default:
                    let head = String(tag.name.split(separator: ".").first ?? "")
                    if tag.name != "." && !knownNames.contains(head) {
                        c.report(Diagnostic(.data, at: loc, "unknown variable `\(tag.name)`",
                                            hint: Suggest.hint(head, in: knownNames, fallback: "the site provides: \(knownNames.sorted().joined(separator: ", "))")))
                    }
                }
            }
        }
        for d in partialCycles(texts, shown: names) { c.report(d) }
        do { try c.throwIfAny() } catch { throw error }
        return TemplateSet(library: library, source: tree)
    }

    /// Partials that include themselves, directly or through others. swift-mustache would
    /// recurse until the stack overflows (a crash with no message), so a cycle is an error
    /// before anything renders — at the tag that closes it.
    static func partialCycles(_ texts: [String: String], shown: [String: String]) -> [Diagnostic] {
        var edges: [String: [(to: String, line: Int)]] = [:]
        for (name, text) in texts {
            edges[name] = scanTags(text).filter { ($0.kind == ">" || $0.kind == "<") && texts[$0.name] != nil }.map { ($0.name, $0.line) }
        }
        var out: [Diagnostic] = []
        var done = Set<String>()
        var reported = Set<String>()
        // Depth-first with an explicit stack of (template, next edge): no recursion of our own.
        for start in texts.keys.sorted() where !done.contains(start) {
            var path: [(name: String, edge: Int)] = [(start, 0)]
            var onPath: Set<String> = [start]
            while let top = path.last {
                let list = edges[top.name] ?? []
                guard top.edge < list.count else {
                    done.insert(top.name); onPath.remove(top.name); path.removeLast(); continue
                }
                path[path.count - 1].edge += 1
                let (to, line) = list[top.edge]
                if onPath.contains(to) {
                    let cycle = path.map(\.name).drop { $0 != to } + [to]
                    let key = Set(cycle).sorted().joined(separator: " ")
                    if reported.insert(key).inserted {
                        out.append(Diagnostic(.data, at: SourceLocation(file: shown[top.name] ?? top.name, line: line),
                                              "partial `\(to)` includes itself: " + cycle.joined(separator: " → "),
                                              hint: "remove the `{{> \(to)}}` tag that closes the cycle"))
                    }
                } else if !done.contains(to) {
                    path.append((to, 0)); onPath.insert(to)
                }
            }
        }
        return out
    }

    struct Tag { var kind: Character; var name: String; var line: Int }

    /// Finds `{{x}}`, `{{{x}}}`, `{{#x}}`, `{{> x}}` … with their line numbers.
    static func scanTags(_ text: String) -> [Tag] {
        var tags: [Tag] = []
        var line = 1
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "\n" { line += 1; i = text.index(after: i); continue }
            if text[i...].hasPrefix("{{") {
                let start = text.index(i, offsetBy: 2)
                guard let close = text[start...].range(of: "}}") else { break }
                var inner = text[start..<close.lowerBound]
                var end = close.upperBound
                if inner.hasPrefix("{") { inner = inner.dropFirst(); if text[end...].hasPrefix("}") { end = text.index(after: end) } }
                let trimmed = inner.trimmingCharacters(in: .whitespaces)
                var kind: Character = " "
                var name = trimmed
                if let f = trimmed.first, "#^/>!&=$<".contains(f) {
                    kind = f
                    name = String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)
                }
                if kind != "/" { tags.append(Tag(kind: kind, name: name, line: line)) }
                line += text[i..<end].filter { $0 == "\n" }.count
                i = end
                continue
            }
            i = text.index(after: i)
        }
        return tags
    }

    func render(_ model: PageModel, template: String) throws(Diagnostic) -> String {
        guard let out = library.render(model.templateValue, withTemplate: template) else {
            throw Diagnostic(.data, at: SourceLocation(file: source.display("\(template).mustache")), "template is missing", hint: source.hint(forAuthor: "create the template, or restore it from the repository"))
        }
        return out
    }
}

/// The escaping every `{{value}}` gets: the same five characters as swift-mustache's own HTML
/// content type (`& < > " '`), but byte by byte. Mustache's escapes character by character
/// through a dictionary, which was a third of the time spent in templates. Each template is
/// registered with the pragma that selects it as a line of its own above its first line (a
/// standalone tag, so it leaves nothing in the output); parse errors subtract that line.
enum HTMLEscaping: MustacheContentType {
    case html
    static let name = "KMEMGUIDE_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name)}}\n"
    static func register() { MustacheContentTypes.register(HTMLEscaping.html, named: name) }
    func escapeText(_ text: String) -> String { Markdown.escapeAttribute(text) }
}
