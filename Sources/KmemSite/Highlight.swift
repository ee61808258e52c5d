import Foundation
import KmemContent
import KmemCore

/// Syntax highlighting of fenced code blocks at build time, by Pygments (the highlighter
/// MkDocs uses), through a cache committed in `content/highlight/`.
///
/// Each block's HTML is stored under a key made of the pinned Pygments version, the block's
/// language and its code, so the installed binary — which carries content/ built in and may
/// run where there is no Python — finds every block of the site it ships with. Python is
/// started once per build, only for blocks the cache lacks; the result is written into the
/// cache when the content is a folder (an author's checkout). Output depends only on the cache
/// files, so builds are byte-identical.
struct Highlighter {
    static let folder = "highlight"
    /// The one place the Pygments version is pinned; scripts/setup.sh installs that version.
    static let versionFile = "highlight/pygments-version"

    let content: SourceTree
    let pin: String

    struct Block: Hashable, Sendable {
        var lang: String
        var code: String
    }

    /// Where a block was written, for the message when it cannot be highlighted.
    struct Origin {
        var file: String
        var line: Int
    }

    init(content: SourceTree) throws(Diagnostic) {
        self.content = content
        guard let data = content.data(Self.versionFile) else {
            throw Diagnostic(.noInput, at: SourceLocation(file: content.display(Self.versionFile)), "the pinned Pygments version is missing",
                             hint: "restore the file: it holds one line such as 2.20.0")
        }
        pin = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func key(_ b: Block) -> String {
        String(SHA256.hex(Array("pygments \(pin)\u{0}\(b.lang)\u{0}\(b.code)".utf8)).prefix(32))
    }

    func cachePath(_ b: Block) -> String { "\(Self.folder)/\(key(b)).html" }

    // MARK: finding blocks

    static let open = "<pre><code class=\"language-"

    /// The code blocks libcmark wrote into `html` that name a language, with the ranges of
    /// their whole `<pre>` element. Fact placeholders inside are replaced by their values:
    /// the highlighter sees what the reader reads.
    static func blocks(in html: String, facts: [String]) -> [(range: Range<String.Index>, block: Block)] {
        var out: [(Range<String.Index>, Block)] = []
        var rest = html[...]
        while let start = rest.utf8Range(of: open) {
            let afterOpen = rest[start.upperBound...]
            guard let quote = afterOpen.firstIndex(of: "\""),
                  let gt = afterOpen[quote...].firstIndex(of: ">"),
                  let end = afterOpen.utf8Range(of: "</code></pre>") else { break }
            let lang = String(afterOpen[..<quote])
            let body = String(afterOpen[afterOpen.index(after: gt)..<end.lowerBound])
            let code = Placeholder.substitute(unescape(body), facts: facts)
            out.append((start.lowerBound..<end.upperBound, Block(lang: lang, code: code)))
            rest = afterOpen[end.upperBound...]
        }
        return out
    }

    /// libcmark escapes exactly these four in code.
    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `html` with every code block replaced by its highlighted form from `table`.
    static func apply(_ html: String, facts: [String], table: [Block: String]) -> String {
        let found = blocks(in: html, facts: facts)
        guard !found.isEmpty else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count * 2)
        var at = html.startIndex
        for (range, block) in found {
            out += html[at..<range.lowerBound]
            if let h = table[block] {
                out += "<pre class=\"highlight\"><code class=\"language-\(block.lang)\">\(h)</code></pre>"
            } else {
                out += html[range]
            }
            at = range.upperBound
        }
        out += html[at...]
        return out
    }

    // MARK: the cache and Pygments

    /// Every block of every page, highlighted: from the cache, else from one run of Pygments
    /// (whose results are added to the cache when the content is a folder).
    func highlightAll(_ wanted: [Block: Origin]) throws(Diagnostic) -> [Block: String] {
        var table: [Block: String] = [:]
        var missing: [Block] = []
        for b in wanted.keys.sorted(by: { ($0.lang, $0.code) < ($1.lang, $1.code) }) {
            if let d = content.data(cachePath(b)) { table[b] = String(decoding: d, as: UTF8.self) } else { missing.append(b) }
        }
        guard !missing.isEmpty else { return table }
        let first = missing.min { a, b in
            let (oa, ob) = (wanted[a]!, wanted[b]!)
            return (oa.file, oa.line) < (ob.file, ob.line)
        }!
        let origin = wanted[first]!
        let results: [String?]
        do { results = try runPygments(missing) } catch {
            throw Diagnostic(.software, at: SourceLocation(file: origin.file, line: origin.line),
                             "\(missing.count) code block(s) are not in the highlight cache (\(content.display(Self.folder))), and Pygments \(pin) cannot highlight them: \(error.message)",
                             hint: "install it with `pip install pygments==\(pin)` (scripts/setup.sh does), then build again from the checkout; or refresh the cache with scripts/refresh-highlight-cache.sh")
        }
        for (b, h) in zip(missing, results) {
            guard let h else {
                let o = wanted[b]!
                throw Diagnostic(.data, at: SourceLocation(file: o.file, line: o.line), "Pygments knows no language `\(b.lang)`",
                                 hint: "name the code block's language as Pygments does (c, sh, console, make, python, text), see `pygmentize -L lexers`")
            }
            table[b] = h
            if case .folder(let root) = content.origin {
                try SafeFiles.write(Data(h.utf8), to: root.appendingPathComponent(cachePath(b)))
            }
        }
        return table
    }

    struct Failure: Error { var message: String }

    static let script = """
    import json, sys
    try:
        import pygments
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound
    except ImportError:
        print(json.dumps({"error": "Python has no pygments module"})); sys.exit(0)
    req = json.load(sys.stdin)
    if pygments.__version__ != req["version"]:
        print(json.dumps({"error": "Pygments " + pygments.__version__ + " is installed, the cache is made with " + req["version"]})); sys.exit(0)
    fmt = HtmlFormatter(nowrap=True)
    out = []
    for b in req["blocks"]:
        try:
            lexer = get_lexer_by_name(b["lang"], stripnl=False, ensurenl=True)
        except ClassNotFound:
            out.append(None); continue
        out.append(highlight(b["code"], lexer, fmt))
    print(json.dumps({"html": out}))
    """

    /// One `python3` process for all blocks; nil for a block whose language Pygments lacks.
    func runPygments(_ blocks: [Block]) throws(Failure) -> [String?] {
        let request: [String: Any] = ["version": pin, "blocks": blocks.map { ["lang": $0.lang, "code": $0.code] }]
        guard let input = try? JSONSerialization.data(withJSONObject: request) else { throw Failure(message: "the request could not be encoded") }
        let r: ChildProcess.Result
        do { r = try ChildProcess.run("/usr/bin/env", ["python3", "-c", Self.script], stdin: input) } catch {
            throw Failure(message: "python3 could not be started (\(error.reason))")
        }
        guard r.status == 0, let obj = try? JSONSerialization.jsonObject(with: r.stdout) as? [String: Any] else {
            throw Failure(message: "python3 exited with status \(r.status)")
        }
        if let e = obj["error"] as? String { throw Failure(message: e) }
        guard let list = obj["html"] as? [Any], list.count == blocks.count else { throw Failure(message: "Pygments gave no answer") }
        return list.map { $0 as? String }
    }
}

/// SHA-256 (FIPS 180-4), for cache keys that stay the same on every machine.
enum SHA256 {
    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var m = message
        let bitLength = UInt64(message.count) * 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for i in (0..<8).reversed() { m.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        var w = [UInt32](repeating: 0, count: 64)
        for chunk in stride(from: 0, to: m.count, by: 64) {
            for i in 0..<16 {
                let j = chunk + i * 4
                w[i] = UInt32(m[j]) << 24 | UInt32(m[j + 1]) << 16 | UInt32(m[j + 2]) << 8 | UInt32(m[j + 3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let ch = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ maj
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
        }
        return h.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - UInt32($0) * 8)) } }
    }

    static func hex(_ message: [UInt8]) -> String {
        digest(message).map { String(format: "%02x", $0) }.joined()
    }
}
