import Foundation
import KmemContent
import KmemCore

/// Pages a hosted site needs beside the content: a 404 page and, when the site's address is
/// known (`--base-url`), a sitemap.
extension PageWriter {
    /// The 404 page is served for any missing address at any depth, so its links cannot be
    /// relative: they start at the base URL when one is given, else at the server's root.
    func notFoundContext() throws(Diagnostic) -> PageModel {
        var ctx = try rootContext()
        let root = options.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "/"
        ctx.root = root
        ctx.title = site.ui("notfound.title", .en)
        ctx.canonical = nil
        ctx.alternates = []
        ctx.languages = Language.allCases.map { l in
            LanguageLink(code: l.rawValue, name: l.nativeName, href: root + "\(l.rawValue)/index.html", hreflang: l.htmlLang,
                         title: site.ui("notfound.title", l), summary: site.ui("notfound.text", l),
                         label: site.ui("root.choose_language", l))
        }
        return ctx
    }

    /// sitemap.xml: every page of every language with its translations as alternates.
    /// Sitemaps need absolute addresses, so there is none without a base URL.
    func sitemap(base: String) -> String {
        var paths = ["index.html"]
        for t in site.topics { paths.append("\(t.slug)/index.html") }
        paths += ["search/index.html", "quiz/index.html", "downloads/index.html"]
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        for lang in Language.allCases {
            for p in paths {
                s += "<url><loc>\(HTML.escape(absolute(base, "\(lang.rawValue)/" + p)))</loc>"
                for l in Language.allCases {
                    s += "<xhtml:link rel=\"alternate\" hreflang=\"\(l.htmlLang)\" href=\"\(HTML.escape(absolute(base, "\(l.rawValue)/" + p)))\"/>"
                }
                s += "</url>\n"
            }
        }
        return s + "</urlset>\n"
    }
}
