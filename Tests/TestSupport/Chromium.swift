import Foundation
import Testing

/// Headless Chromium for the tests that hold the browser quiz's scripts to the Swift code
/// (grading, FSRS, progress files): a test writes a page that loads a script of
/// `templates/assets/`, runs it over data the Swift side produced, and sets `window.kmemResult`;
/// `scripts/chromium-eval.py` (Selenium) loads the page and hands the result back.
///
/// Without chromium, chromedriver or Python's selenium the tests are skipped with the reason,
/// unless KMEMGUIDE_REQUIRE_TOOLS=1 (CI sets it), which makes a missing tool a failure.
public enum Chromium {
    public static let repository = Shared.repository

    static func which(_ name: String) -> Bool { Command.which(name) != nil }

    public static let isAvailable: Bool = {
        guard which("chromium") || which("chromium-browser") || which("google-chrome"), which("chromedriver"), which("python3") else { return false }
        return (try? run(["python3", "-c", "import selenium"]))?.status == 0
    }()

    public static var isRequired: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["KMEMGUIDE_REQUIRE_TOOLS"] == "1" || env["CI"] != nil
    }

    /// Run the test when Chromium is there, or when it must be (and then fail without it).
    public static var shouldRun: Bool { isAvailable || isRequired }
    public static let skipReason: Comment = "skipped: headless Chromium (chromium, chromedriver, python3 -m pip install selenium) is not installed; scripts/test.sh installs it, KMEMGUIDE_REQUIRE_TOOLS=1 makes this a failure"

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A `<script>` holding `json` as data: `</` cannot end it early.
    public static func dataScript(id: String, _ json: String) -> String {
        "<script type=\"application/json\" id=\"\(id)\">" + json.replacingOccurrences(of: "</", with: "<\\/") + "</script>\n"
    }

    /// Writes a page (in a temporary folder, removed afterwards) with `assets` of
    /// templates/assets/ loaded, `data` as JSON scripts and `script` run after them, loads it in
    /// headless Chromium and returns `window.kmemResult` as JSON data. The script reads its data
    /// with `data("id")`; an exception it throws fails the run with the message.
    public static func evaluate(assets: [String], data: [String: String], script: String) throws -> Data {
        guard isAvailable else { throw Failure(description: "headless Chromium is not installed (chromium, chromedriver, python3 selenium)") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kmemguide-chromium-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>test</title></head><body>\n"
        for (id, json) in data.sorted(by: { $0.key < $1.key }) { html += dataScript(id: id, json) }
        for a in assets {
            let src = repository.appendingPathComponent("templates/assets/\(a)")
            try FileManager.default.copyItem(at: src, to: dir.appendingPathComponent(a))
            html += "<script src=\"\(a)\"></script>\n"
        }
        html += """
        <script>
        "use strict";
        function data(id) { return JSON.parse(document.getElementById(id).textContent); }
        try {
        \(script)
        } catch (e) { window.kmemResult = { error: String(e && e.stack || e) }; }
        </script>
        </body></html>
        """
        let page = dir.appendingPathComponent("page.html"), out = dir.appendingPathComponent("result.json")
        try Data(html.utf8).write(to: page)
        let r = try run(["python3", repository.appendingPathComponent("scripts/chromium-eval.py").path, page.path, out.path])
        guard r.status == 0, let result = FileManager.default.contents(atPath: out.path) else {
            throw Failure(description: "chromium-eval.py failed (\(r.status)): \(r.output)")
        }
        if let obj = try? JSONSerialization.jsonObject(with: result) as? [String: Any], let error = obj["error"] as? String {
            throw Failure(description: "the page threw: \(error)")
        }
        return result
    }

    @discardableResult
    static func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let r = try Command.run(nil, args)
        return (r.status, r.combined)
    }
}
