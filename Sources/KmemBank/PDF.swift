import Foundation
import KmemCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--format pdf`: the printed exams and keys (the `print` HTML) laid out by headless
/// Chromium, which implements the CSS paged media the pages rely on (version, name line and
/// "page n / m" in the `@page` margin boxes). kmemguide does not lay out pages itself.
public enum Chromium {
    /// Looked for on PATH, in this order.
    public static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The browser to print with: `explicit` (a path or a name on PATH) when given, else the
    /// first of `names` on `path`. Nil when there is none.
    public static func find(explicit: String? = nil, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        let dirs = (path ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        func lookup(_ name: String) -> String? {
            if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
            for d in dirs where FileManager.default.isExecutableFile(atPath: d + "/" + name) { return d + "/" + name }
            return nil
        }
        if let explicit { return lookup(explicit) }
        for n in names { if let p = lookup(n) { return p } }
        return nil
    }

    /// The one message when no browser is found: what to install, or how to do without.
    public static func missing(explicit: String? = nil) -> Diagnostic {
        let what = explicit.map { "the browser `\($0)` given with --chromium is not an executable file" }
            ?? "--format pdf needs headless Chromium, and none of \(names.joined(separator: ", ")) is on PATH"
        return Diagnostic(.unavailable, what,
                          hint: "install it (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk) or give its path with --chromium; "
                              + "or write --format print and print exam-v<N>-<lang>.html from any browser (A4, without the browser's headers and footers)")
    }

    /// How long one page may take to print before Chromium is considered stuck.
    static let timeout: TimeInterval = 180

    /// Prints `html` to the PDF `pdf` (written by Chromium as is; see `PDFBytes.normalize`).
    static func printToPDF(browser: String, html: URL, pdf: URL) throws(Diagnostic) {
        let fm = FileManager.default
        // A profile of its own, so the run neither reads nor writes the user's browser
        // settings and two runs start alike.
        let profile = fm.temporaryDirectory.appendingPathComponent("kmemguide-chromium-\(getpid())-\(UUID().uuidString.prefix(8))")
        defer { try? fm.removeItem(at: profile) }
        var args = ["--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                    "--disable-sync", "--user-data-dir=\(profile.path)", "--no-pdf-header-footer",
                    "--print-to-pdf=\(pdf.path)", html.absoluteString]
        // Chromium refuses to run as root with its sandbox.
        if geteuid() == 0 { args.insert("--no-sandbox", at: 1) }
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        // Chromium writes into HOME (a certificate store, caches): give it the scratch profile.
        env["HOME"] = profile.path
        let r: ChildProcess.Result
        do { r = try ChildProcess.run(browser, args, environment: env, timeout: timeout) } catch {
            throw Diagnostic(.unavailable, "cannot start \(browser): \(error.reason)",
                             hint: "check the browser, or write --format print and print the HTML from a browser")
        }
        if r.timedOut {
            throw Diagnostic(.unavailable, at: SourceLocation(file: html.path), "\(browser) did not finish printing within \(Int(timeout)) s",
                             hint: "try again, or print the HTML from a browser")
        }
        let head = fm.contents(atPath: pdf.path)?.prefix(5)
        guard r.status == 0, head == Data("%PDF-".utf8) else {
            let last = r.lastErrorLine
            throw Diagnostic(.unavailable, at: SourceLocation(file: html.path),
                             "\(browser) did not print the PDF (exit \(r.status))" + (last.isEmpty ? "" : ": \(last)"),
                             hint: "run it by hand with --headless --print-to-pdf to see why, or print the HTML from a browser")
        }
    }
}

/// Makes Chromium's PDF reproducible: Skia writes the time of printing as `/CreationDate` and
/// `/ModDate` (and some versions a random trailer `/ID`). They are overwritten in place with
/// values of the same length — a fixed date (1980-01-01, as in our zips) and an ID derived from
/// the rest of the file — so every byte offset in the cross-reference table stays valid.
enum PDFBytes {
    static let fixedDate = Array("D:19800101000000+00'00'".utf8)

    static func normalize(_ input: [UInt8]) -> [UInt8] {
        var b = input
        for key in ["/CreationDate", "/ModDate"] {
            for start in occurrences(of: Array(key.utf8), in: b) {
                // `/Key (D:…)`: the string's bytes between the parentheses.
                var i = start + key.utf8.count
                while i < b.count, b[i] == 0x20 { i += 1 }
                guard i < b.count, b[i] == UInt8(ascii: "(") else { continue }
                guard let close = b[(i + 1)...].firstIndex(of: UInt8(ascii: ")")) else { continue }
                let n = close - i - 1
                // A longer date cannot be written in the same bytes; a shorter one is cut
                // (PDF dates may stop after any field).
                guard n <= fixedDate.count, n >= 6 else { continue }
                b.replaceSubrange((i + 1)..<close, with: fixedDate.prefix(n))
            }
        }
        // `/ID [<hex> <hex>]`: hex digits replaced by a hash of the file with dates fixed.
        var h = FNV1a()
        h.mix(b)
        var hexSource = Array(String(format: "%016llx", h.value).utf8)
        for start in occurrences(of: Array("/ID".utf8), in: b) {
            var i = start + 3
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
            guard i < b.count, b[i] == UInt8(ascii: "[") else { continue }
            guard let end = b[i...].firstIndex(of: UInt8(ascii: "]")) else { continue }
            var k = 0
            var inHex = false
            for j in i..<end {
                switch b[j] {
                case UInt8(ascii: "<"): inHex = true
                case UInt8(ascii: ">"): inHex = false
                default:
                    if inHex, isHex(b[j]) {
                        b[j] = hexSource[k % hexSource.count]
                        k += 1
                        if k % hexSource.count == 0 { hexSource = Array(String(format: "%016llx", FNV1a.hash(String(decoding: hexSource, as: UTF8.self))).utf8) }
                    }
                }
            }
        }
        return b
    }

    static func isHex(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x46).contains(c) || (0x61...0x66).contains(c)
    }

    /// Start offsets of `needle` in `hay` (non-overlapping).
    static func occurrences(of needle: [UInt8], in hay: [UInt8]) -> [Int] {
        guard !needle.isEmpty, hay.count >= needle.count else { return [] }
        var out: [Int] = []
        var i = 0
        let first = needle[0]
        while i <= hay.count - needle.count {
            if hay[i] == first, Array(hay[i..<(i + needle.count)]) == needle { out.append(i); i += needle.count } else { i += 1 }
        }
        return out
    }
}

extension PrintExam {
    /// `exam-v1-ja.html` → `exam-v1-ja.pdf`.
    static func pdfName(_ html: String) -> String {
        (html.hasSuffix(".html") ? String(html.dropLast(5)) : html) + ".pdf"
    }

    /// Prints one page of the print format to `pdf`: Chromium writes a temporary file, whose
    /// dates are then fixed (`PDFBytes`) as it is copied into place.
    static func printPDF(browser: String, html: URL, into pdf: URL) throws(Diagnostic) {
        let raw = pdf.deletingLastPathComponent().appendingPathComponent("." + pdf.lastPathComponent + ".chromium")
        defer { unlink(raw.path) }
        try Chromium.printToPDF(browser: browser, html: html, pdf: raw)
        guard let data = FileManager.default.contents(atPath: raw.path) else {
            throw Diagnostic(.cantCreate, at: SourceLocation(file: raw.path), "cannot read back the PDF", hint: "check the output folder")
        }
        let out = try OutputFile(pdf)
        try out.write(PDFBytes.normalize([UInt8](data)))
        try out.commit()
    }
}
