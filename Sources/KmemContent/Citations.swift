import Foundation
import KmemCore

/// The kernel releases citations may name, each with the exact tag of the source tree its line
/// numbers were read from (content/kernels.yaml). The one place that maps "6.1" to "v6.1.192".
public struct KernelReleases: Sendable {
    public var tags: [String: String]
    public init(tags: [String: String] = [:]) { self.tags = tags }

    /// The short names, shortest-first then by version, for error hints.
    public var names: [String] { tags.keys.sorted { $0.split(separator: ".").map { Int($0) ?? 0 }.lexicographicallyPrecedes($1.split(separator: ".").map { Int($0) ?? 0 }) } }
}

/// `{{cite RELEASE PATH[:LINE | :FIRST-LAST]}}`: a place in the kernel source, linked to
/// Bootlin's Elixir at the exact release tag.
public struct Citation: Sendable, Equatable {
    public var release: String
    public var tag: String
    public var path: String
    public var first: Int?
    public var last: Int?

    public init(release: String, tag: String, path: String, first: Int? = nil, last: Int? = nil) {
        self.release = release; self.tag = tag; self.path = path; self.first = first; self.last = last
    }

    /// The Elixir address of the cited lines (the first line is the anchor Elixir scrolls to).
    public var url: String {
        var u = "https://elixir.bootlin.com/linux/\(tag)/source/\(path)"
        if let first { u += "#L\(first)" }
        return u
    }

    /// The template in the reader's language with everything but the file filled in.
    private func template(_ w: Wording) -> String {
        let subs = ["release": release, "first": first.map(String.init) ?? "", "last": last.map(String.init) ?? ""]
        let key = first == nil ? "l10n.cite.file" : (last == nil || last == first) ? "l10n.cite.line" : "l10n.cite.lines"
        var s = w.ui(key, w.lang)
        for (k, v) in subs { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
        return s
    }

    /// "mm/vmalloc.c, 6.1, lines 1313–1330" / "mm/vmalloc.c，6.1 第 1313–1330 行".
    public func text(_ w: Wording) -> String { template(w).replacingOccurrences(of: "{file}", with: path) }

    /// The same text as a link, the file in code font.
    public func html(_ w: Wording) -> String {
        let label = HTMLText.escape(template(w)).replacingOccurrences(of: "{file}", with: "<code>\(HTMLText.escape(path))</code>")
        return "<a class=\"cite\" href=\"\(HTMLText.escape(url))\">\(label)</a>"
    }

    /// Parses the words after `cite`. Every malformed form is a located error.
    public static func parse(_ words: [String], releases: KernelReleases, at loc: SourceLocation) throws(Diagnostic) -> Citation {
        let form = "write {{cite RELEASE PATH}}, {{cite RELEASE PATH:LINE}} or {{cite RELEASE PATH:FIRST-LAST}}, e.g. {{cite 6.1 mm/vmalloc.c:1313-1330}}"
        guard words.count == 2 else {
            throw Diagnostic(.data, at: loc, "`{{cite \(words.joined(separator: " "))}}` needs a release and a path, nothing else", hint: form)
        }
        let release = words[0]
        guard let tag = releases.tags[release] else {
            throw Diagnostic(.data, at: loc, "citation names release `\(release)`, which content/kernels.yaml does not list",
                             hint: "use one of \(releases.names.joined(separator: ", ")), or add the release and its exact tag to content/kernels.yaml")
        }
        var path = Substring(words[1])
        var first: Int?, last: Int?
        if let colon = path.lastIndex(of: ":") {
            let spec = path[path.index(after: colon)...]
            path = path[..<colon]
            let parts = spec.split(separator: "-", omittingEmptySubsequences: false)
            let nums = parts.map { p -> Int? in
                guard !p.isEmpty, p.count <= 7, p.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(p), n > 0 else { return nil }
                return n
            }
            guard (1...2).contains(parts.count), nums.allSatisfy({ $0 != nil }) else {
                throw Diagnostic(.data, at: loc, "citation `\(words[1])`: `\(spec)` is not a line or a range of lines", hint: form)
            }
            first = nums[0]
            if nums.count == 2 {
                last = nums[1]
                guard last! >= first! else {
                    throw Diagnostic(.data, at: loc, "citation `\(words[1])`: the range \(spec) ends before it starts", hint: "write the first line, then the last")
                }
            }
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./+-,")
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasSuffix("/"), path.allSatisfy({ allowed.contains($0) }),
              !path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw Diagnostic(.data, at: loc, "citation path `\(path)` is not a file of the kernel tree",
                             hint: "write the path from the top of the tree, e.g. mm/vmalloc.c or arch/x86/include/asm/page.h")
        }
        return Citation(release: release, tag: tag, path: String(path), first: first, last: last)
    }
}

/// Minimal HTML escaping for text and attribute values (KmemSite has its own for templates;
/// this target renders only citation links).
enum HTMLText {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension CatalogLoader {
    /// `kernels: {"6.1": {tag: v6.1.192}, …}`.
    static func releases(_ root: YAMLValue, file: String, into c: inout DiagnosticCollector) -> KernelReleases {
        let r = YAMLReader(file: file)
        guard let entries = root["kernels"]?.entries else {
            c.report(Diagnostic(.data, at: r.at(root.line), "expected a `kernels:` mapping",
                                hint: "start the file with `kernels:` and one `\"6.1\": {tag: v6.1.192}` line per release"))
            return KernelReleases()
        }
        var tags: [String: String] = [:]
        for (name, v, line) in entries {
            guard let tag = v["tag"]?.string, tag.hasPrefix("v"),
                  tag.dropFirst().split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
                c.report(Diagnostic(.data, at: r.at(line), "kernel `\(name)` has no `tag:` like v6.1.192",
                                    hint: "write the exact tag of the tree the line numbers come from, e.g. `\"6.1\": {tag: v6.1.192}`"))
                continue
            }
            tags[name] = tag
        }
        return KernelReleases(tags: tags)
    }
}

/// Finds citations of the kernel source typed as prose instead of `{{cite …}}`: a source
/// path next to a release ("`mm/vmalloc.c`, 3.4", "`gfp_types.h`（6.12）"), or a line number
/// phrase ("lines 786–815", "第 41–43 行", "の 12–16 行").
public enum CitationLint {
    // ICU patterns (NSRegularExpression): ASCII digits only ("第二行" is not a line number), and
    // a path must not start at `/` (`/proc/vmallocinfo` is a file of the running system).
    static let patterns: [NSRegularExpression] = [
        // A path with a directory, then within a few characters a release.
        #"(?<![/A-Za-z0-9_.+-])`?[A-Za-z0-9_.+-]+(?:/[A-Za-z0-9_.+-]+)+`?\s*[,，、(（]?\s*[0-9]\.[0-9]+(?:\.[0-9]+)?(?![0-9]*[A-Za-z0-9])"#,
        // A source file's short name, then a release or a line part.
        #"\b[A-Za-z0-9_+-]+\.[chS]`?\s*[,，、(（]\s*(?:[0-9]\.[0-9]+|lines?\s+[0-9]|第\s*[0-9])"#,
        #"\blines?\s+[0-9]+(?:\s*[–-]\s*[0-9]+)?\b"#,
        #"第\s*[0-9]+(?:\s*[–-]\s*[0-9]+)?\s*行"#,
        #"[のと]\s*[0-9]+\s*[–-]\s*[0-9]+\s*行"#,
        #"[のと]\s*[0-9]+\s*行[）)、。と]"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    /// The first free-text citation in `line`, if any; `{{…}}` references are removed first.
    public static func freeText(_ line: String) -> String? {
        var text = line
        while let open = text.range(of: "{{"), let close = text[open.upperBound...].range(of: "}}") {
            text.replaceSubrange(open.lowerBound..<close.upperBound, with: " ")
        }
        let ns = text as NSString
        for p in patterns {
            if let m = p.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) { return ns.substring(with: m.range) }
        }
        return nil
    }
}
