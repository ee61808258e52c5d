import Foundation
import Testing
import TestSupport
@testable import KmemContent
import KernelSim
import KmemCore

/// Whole content folders: one complete site, and one broken copy per kind of error, each with
/// the exact messages `kmemguide check` must print (`expected.txt` beside it).
@Suite struct CheckFixtureTests {
    static let fixtures = Golden.folder().appendingPathComponent("Fixtures")
    static let brokenNames: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("broken").path)) ?? []).sorted()

    @Test func goodSiteLoadsCompletely() throws {
        let site = try ContentLoader.load(from: Self.fixtures.appendingPathComponent("good"))
        #expect(site.topics.map(\.slug) == ["intro", "second"])
        #expect(site.topics.allSatisfy { $0.pages.count == 3 })
        let intro = try #require(site.topics.first?.pages[.en])
        // The fact is computed, not typed: 160 MiB of lowmem plus the 8 MiB hole above PAGE_OFFSET.
        #expect(intro.expanded.facts == [hexAddress(0xc000_0000 + (160 + 8) << 20, digits: 8)])
    }

    @Test func everyBrokenFixtureIsCovered() {
        #expect(Self.brokenNames.count >= 27)
    }

    @Test(arguments: brokenNames)
    func brokenSiteReportsItsError(name: String) throws {
        let dir = Self.fixtures.appendingPathComponent("broken").appendingPathComponent(name)
        var messages = ""
        do {
            _ = try ContentLoader.load(from: dir)
            Issue.record("\(name) loaded without error")
        } catch {
            messages = error.diagnostics.map(\.description).joined(separator: "\n") + "\n"
            #expect(error.diagnostics.allSatisfy { $0.location != nil }, "every message names a file")
        }
        Golden.check(messages, against: dir.appendingPathComponent("expected.txt"))
    }
}

/// Issue 14: values that trapped, links that could run script.
@Suite struct ContentHardeningTests {
    static let site = try? ContentLoader.load(from: CheckFixtureTests.fixtures.appendingPathComponent("good"))

    @Test(arguments: ["vmalloc.footprint size=0xffffffffffffffff", "vmalloc.pages size=18446744073709551615",
                      "vmalloc.footprint size=0xfffffffffffff000", "vmalloc.pages size=0xfffffffffffff001",
                      "page.order_bytes size=0xffffffffffffffff arch=x86_64", "kmalloc.ksize size=0xffffffffffffffff kernel=6.1",
                      "kmalloc.cache size=0xffffffffffffffff kernel=2.6 allocator=slab", "page.order size=0"])
    func hugeSizesAreLocatedErrorsOrValuesNeverTraps(_ words: String) throws {
        let site = try #require(Self.site)
        let resolver = FactResolver(machines: site.machines, ui: site.ui, simulation: Simulation())
        let loc = SourceLocation(file: "content/pages/x/en.md", line: 7)
        do {
            let v = try resolver.resolve(words.split(separator: " ").map(String.init), at: loc, lang: .en)
            #expect(!v.isEmpty && !words.hasPrefix("vmalloc"), "\(words) gave \(v)")
        } catch {
            #expect(error.location == loc && error.hint != nil)
        }
    }

    @Test func theLargestVmallocThatFitsStillResolves() throws {
        let site = try #require(Self.site)
        let resolver = FactResolver(machines: site.machines, ui: site.ui, simulation: Simulation())
        let loc = SourceLocation(file: "f.md", line: 1)
        #expect(try resolver.resolve(["vmalloc.pages", "size=0xffffffffffffe000"], at: loc, lang: .en) == String(UInt64(0xffffffffffffe000) / 4096))
        #expect(try resolver.resolve(["vmalloc.footprint", "size=1", "unit=bytes"], at: loc, lang: .en) == "8192 bytes")
    }

    @Test(arguments: ["javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "//evil.example", "http://", "https://a b", "ftp://x.example"])
    func seedURLsOtherThanHTTPAreRefused(_ url: String) {
        let yaml = "s1: {file: f, url: \"\(url)\"}\n"
        do {
            let v = try YAMLValue.parse(yaml, file: "content/seeds.yaml")
            _ = try CatalogLoader.seedURL(v["s1"]?["url"], r: YAMLReader(file: "content/seeds.yaml"))
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.location == SourceLocation(file: "content/seeds.yaml", line: 1))
        }
    }

    @Test func httpSeedURLsPass() throws {
        let v = try YAMLValue.parse("u: https://lwn.net/Articles/1/\nv: HTTP://example.org\n", file: "s.yaml")
        #expect(try CatalogLoader.seedURL(v["u"], r: YAMLReader(file: "s.yaml")) == "https://lwn.net/Articles/1/")
        #expect(try CatalogLoader.seedURL(v["v"], r: YAMLReader(file: "s.yaml")) == "HTTP://example.org")
    }

    @Test func rawHTMLIsNotAFrontMatterKey() {
        let page = "---\ntitle: T\nsummary: S\norder: 1\nseeds: []\nkernels: []\nraw_html: true\n---\n# T\n"
        do {
            _ = try FrontMatterParser.parse(page, file: "p/en.md")
            Issue.record("raw_html was accepted")
        } catch {
            #expect(error.location == SourceLocation(file: "p/en.md", line: 7))
        }
    }
}
