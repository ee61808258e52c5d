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
