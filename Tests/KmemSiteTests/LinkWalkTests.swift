import Foundation
import Testing
import TestSupport
@testable import KmemSite

/// Builds the real site and follows every link in every page, as a reader clicking would.
@Suite struct LinkWalkTests {
    static let repo = Golden.folder().deletingLastPathComponent().deletingLastPathComponent()

    static func attributes(_ name: String, in html: String) -> [String] {
        let pattern = "\(name)=\"([^\"]*)\""
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        return re.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    @Test func everyInternalLinkAndAnchorResolves() throws {
        let out = TestFolders.root.appendingPathComponent("kmemguide-links-\(getpid())")
        try? FileManager.default.removeItem(at: out)
        _ = try SiteBuilder.build(BuildOptions(content: Self.repo.appendingPathComponent("content"),
                                               templates: Self.repo.appendingPathComponent("templates"), output: out, searchIndex: false))
        let files = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".html") }.sorted()
        #expect(files.count >= 3 * 13 + 3 * 4 + 1)
        var ids: [String: Set<String>] = [:]
        var htmls: [String: String] = [:]
        for f in files {
            let html = try String(contentsOf: out.appendingPathComponent(f), encoding: .utf8)
            htmls[f] = html
            ids[f] = Set(Self.attributes("id", in: html))
        }
        var broken: [String] = []
        var checked = 0
        for f in files {
            let html = htmls[f] ?? ""
            let base = out.appendingPathComponent(f).deletingLastPathComponent()
            for link in Self.attributes("href", in: html) + Self.attributes("src", in: html) {
                if link.hasPrefix("http://") || link.hasPrefix("https://") || link.hasPrefix("mailto:") { continue }
                if link.hasPrefix("../../pagefind/") || link.hasPrefix("../pagefind/") || link.hasPrefix("pagefind/") { continue } // made by the indexer
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? out.appendingPathComponent(f) : base.appendingPathComponent(parts[0]).standardizedFileURL
                checked += 1
                guard FileManager.default.fileExists(atPath: target.path) else { broken.append("\(f): \(link)"); continue }
                if parts.count > 1, !parts[1].isEmpty {
                    let rel = String(target.path.dropFirst(out.standardizedFileURL.path.count + 1))
                    if ids[rel]?.contains(parts[1]) != true { broken.append("\(f): \(link) (no such anchor)") }
                }
            }
        }
        #expect(checked > 1000)
        #expect(broken.isEmpty, "broken links:\n\(broken.prefix(20).joined(separator: "\n"))")
    }
}
