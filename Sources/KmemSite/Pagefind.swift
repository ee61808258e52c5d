import Foundation
import KmemCore

/// The search index: Pagefind's extended build, which segments Chinese and Japanese text
/// (installed from PyPI as `pagefind[extended]`; `scripts/setup.sh` does it).
enum Pagefind {
    static func index(_ site: URL) throws(Diagnostic) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // `_` is a word character in kernel names (GFP_KERNEL, __get_free_pages).
        process.arguments = ["python3", "-m", "pagefind", "--site", site.path, "--keep-index-url",
                             "--include-characters", "_", "--silent"]
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw Diagnostic(.software, "cannot start python3 to run Pagefind: \(error.localizedDescription)",
                             hint: "run scripts/setup.sh, or build with --no-search")
        }
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Diagnostic(.software, "Pagefind failed (exit \(process.terminationStatus)): \(text.isEmpty ? "no message" : text)",
                             hint: "install it with `pip install 'pagefind[extended]'` (scripts/setup.sh), or build with --no-search")
        }
        try sortEntryKeys(site.appendingPathComponent("pagefind/pagefind-entry.json"))
    }

    /// Pagefind writes its entry file's language map in hash order, which changes from run to
    /// run; the rest of its output is content-addressed. Sorting the keys makes builds
    /// byte-identical.
    static func sortEntryKeys(_ url: URL) throws(Diagnostic) {
        guard let data = FileManager.default.contents(atPath: url.path),
              let json = try? JSONSerialization.jsonObject(with: data),
              let sorted = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            throw Diagnostic(.software, "Pagefind wrote no readable \(url.lastPathComponent)", hint: "check the Pagefind version (scripts/setup.sh pins it)")
        }
        try SafeFiles.write(sorted, to: url)
    }
}
