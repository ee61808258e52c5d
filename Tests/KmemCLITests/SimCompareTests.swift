import ArgumentParser
import Foundation
import Testing
@testable import KmemCLI
import KmemContent
import KmemCore
import KmemQuiz
import TestSupport

/// `kmemguide sim compare` (issue 18's lab): one capture beside the simulator, in the reader's
/// language, and a status a script can test.
@Suite struct SimCompareTests {
    static let repo = CLITests.repo
    static let captureName = "debian12-6.1.0-57-amd64-512M.json"
    static var capturePath: String { repo.appendingPathComponent("verify/captures/\(captureName)").path }

    static func ui() throws -> UIStrings {
        try ContentLoader.loadUI(SourceTree(folder: repo.appendingPathComponent("content"), displayName: "content"))
    }

    @Test func optionsParse() throws {
        let c = try SimCompare.parse(["verify/captures/x.json", "--lang", "ja"])
        #expect(c.capture == "verify/captures/x.json")
        #expect(c.lang == .ja)
        #expect(try SimCompare.parse(["x.json"]).lang == nil)
        #expect(throws: (any Error).self) { try SimCompare.parse([]) }
        #expect(throws: (any Error).self) { try SimCompare.parse(["x.json", "--lang", "fr"]) }
        // Reached from the root as `kmemguide sim compare`.
        #expect(try Kmemguide.parseAsRoot(["sim", "compare", "x.json"]) is SimCompare)
    }

    @Test func committedCaptureMatchesAndIsCounted() throws {
        let c = try CaptureComparison.load(path: Self.capturePath)
        // The kernel column is the capture's own value, and the simulator agrees with it.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.capturePath))) as? [String: Any])
        let probe = try #require(json["probe"] as? [String: String])
        let row = try #require(c.rows.first { $0.field == "PAGE_OFFSET" })
        #expect(row.kernel == probe["PAGE_OFFSET"])
        #expect(row.simulator == "0xffff888000000000" && row.matches)
        let ksize = try #require(c.rows.first { $0.field == "ksize(kmalloc(100))" })
        #expect(ksize.kernel == probe["ksize.100"] && ksize.matches)

        let ui = try Self.ui()
        let report = SimCompare.report(c, file: "verify/captures/\(Self.captureName)", ui: ui, lang: .en)
        #expect(report.allMatch && report.matched == c.rows.count)
        let lines = report.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Capture: verify/captures/\(Self.captureName)")
        #expect(lines.contains("Machine: Linux 6.1.0-57-amd64, x86_64, QEMU -m 512M"))
        #expect(lines.contains { $0.hasPrefix("PAGE_OFFSET ") && $0.hasSuffix("✓") })
        #expect(lines.dropLast().last == "All \(c.rows.count) values match.")

        // One value changed: counted, marked, and the summary says so.
        var broken = c
        let i = try #require(broken.rows.firstIndex { $0.field == "ksize(kmalloc(100))" })
        broken.rows[i].kernel = "96"
        let bad = SimCompare.report(broken, file: "x.json", ui: ui, lang: .en)
        #expect(!bad.allMatch && bad.matched == c.rows.count - 1)
        #expect(bad.text.contains("\(c.rows.count - 1) of \(c.rows.count) values match; 1 differ (✗)."))
        #expect(bad.text.split(separator: "\n").contains { $0.hasPrefix("ksize(kmalloc(100)) ") && $0.hasSuffix("✗") })
    }

    /// Chinese and Japanese: every word from ui.yaml, and the columns line up by display width.
    @Test(arguments: [Language.zh, .ja])
    func reportIsInTheLanguageAndAligned(lang: Language) throws {
        let c = try CaptureComparison.load(path: Self.capturePath)
        let ui = try Self.ui()
        let text = SimCompare.report(c, file: "f.json", ui: ui, lang: lang).text
        #expect(!text.contains("⟦missing"))
        #expect(text.contains(ui("table.kernel_reports", lang)) && text.contains(ui("cli.sim.compare.file", lang)))
        #expect(text.contains(ui("cli.sim.compare.all_match", lang).replacingOccurrences(of: "{n}", with: "\(c.rows.count)")))
        for english in ["Capture", "Machine", "Item", "values match"] { #expect(!text.contains(english), "\(lang): \(english)") }
        // The header and every row put the last column (= ✓ ✗) at the same display column.
        let table = text.split(separator: "\n").map(String.init).filter { $0.hasSuffix("=") || $0.hasSuffix("✓") || $0.hasSuffix("✗") }
        #expect(table.count == c.rows.count + 1)
        #expect(Set(table.map { TextWidth.width(of: String($0.dropLast())) }).count == 1, "\(table)")
    }

    @Test func brokenOrMissingFileIsOneClearDiagnostic() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kmemguide-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func failure(_ path: String) -> Diagnostic? {
            do { _ = try CaptureComparison.load(path: path); return nil } catch { return error }
        }
        let cut = dir.appendingPathComponent("cut.json").path
        try Data(#"{"arch": "x86_64", "#.utf8).write(to: URL(fileURLWithPath: cut))
        let d1 = try #require(failure(cut))
        #expect(d1.kind == .data && ExitCodes.code(for: d1.kind) == 65)
        #expect(d1.location?.file == cut && d1.message.contains("not a JSON object") && d1.hint?.contains("verify/run.sh") == true)

        let partial = dir.appendingPathComponent("partial.json").path
        try Data(#"{"arch": "x86_64", "kernel": "6.1"}"#.utf8).write(to: URL(fileURLWithPath: partial))
        let d2 = try #require(failure(partial))
        #expect(d2.kind == .data && d2.message.contains("`qemuRamBytes`"))

        let missing = dir.appendingPathComponent("nope.json").path
        let d3 = try #require(failure(missing))
        #expect(d3.kind == .noInput && ExitCodes.code(for: d3.kind) == 66)
        #expect(d3.location?.file == missing && d3.message.contains("no such capture file"))

        let d4 = try #require(failure(dir.path))
        #expect(d4.kind == .noInput && d4.message.contains("folder"))
    }

    /// The real binary: the status a script sees, and the locale choosing the language.
    @Test func binaryExitsZeroOnMatchAndSpeaksTheLocale() throws {
        let env = ["PATH": "/usr/bin:/bin", "LANG": "ja_JP.UTF-8", "KMEMGUIDE_NO_CACHE": "1"]
        let ok = try Command.run(CLITests.binary, ["sim", "compare", "verify/captures/\(Self.captureName)"], cwd: Self.repo, environment: env)
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("キャプチャ：verify/captures/\(Self.captureName)\n"))
        // A capture whose kernel reported another ksize: still printed, status 1.
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.capturePath))) as? [String: Any])
        var probe = try #require(json["probe"] as? [String: String])
        probe["ksize.100"] = "96"
        json["probe"] = probe
        let differing = FileManager.default.temporaryDirectory.appendingPathComponent("kmemguide-compare-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: json).write(to: differing)
        defer { try? FileManager.default.removeItem(at: differing) }
        let differs = try Command.run(CLITests.binary, ["sim", "compare", differing.path, "--lang", "en"], cwd: Self.repo, environment: env)
        #expect(differs.status == 1 && differs.stdout.contains("1 differ (✗)") && differs.stderr.isEmpty)
        let missing = try Command.run(CLITests.binary, ["sim", "compare", "verify/captures/none.json"], cwd: Self.repo, environment: env)
        #expect(missing.status == 66 && missing.stderr.contains("verify/captures/none.json"))
    }
}
