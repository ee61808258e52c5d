import Foundation
import Testing

/// Golden files sit beside the tests that read them. Set `KMEMGUIDE_RECORD=1` to re-record,
/// then review the change as a diff before committing it.
public enum Golden {
    public static var recording: Bool { ProcessInfo.processInfo.environment["KMEMGUIDE_RECORD"] == "1" }

    /// Compares `actual` with the file at `url` (or writes it when recording).
    public static func check(_ actual: String, against url: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        if recording {
            // Recording writes the new file and fails when it changed, so that a recorded run
            // is never mistaken for a passing one: review the diff, then run again.
            if FileManager.default.contents(atPath: url.path) == Data(actual.utf8) { return }
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
                Issue.record("recorded \(url.path): review the change (git diff) and run again without KMEMGUIDE_RECORD", sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot record \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("golden file \(url.path) is missing; run with KMEMGUIDE_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            let exp = first < e.count ? String(e[first]) : "<end>"
            let act = first < a.count ? String(a[first]) : "<end>"
            Issue.record("differs from \(url.lastPathComponent) at line \(first + 1):\n  expected: \(exp)\n  actual:   \(act)", sourceLocation: sourceLocation)
        }
    }

    /// The folder of the calling test file: fixtures live beside their tests.
    public static func folder(of file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent()
    }
}
