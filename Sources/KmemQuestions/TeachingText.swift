import KernelSim
import KmemCore

/// The teaching text of the generated questions and the misconception catalog, read from
/// content/ (`families/*.yaml`, `misconceptions.yaml`) so that translators edit YAML, not
/// Swift, and `kmemguide check` holds them to the same rules as the pages.
///
/// Families compute numbers only: a family fills `{placeholders}` of its texts with values it
/// computed, per language (sizes in the language's unit, CJK spacing around Latin values).
/// Every text is checked when loaded: all three languages present, and exactly the
/// placeholders the generator provides (`FamilyTextSpec`), each with its file and line.
public struct TeachingText: Sendable {
    public static let familiesFolder = "families"
    public static let misconceptionsFile = "misconceptions.yaml"

    /// Text key (`get-order.prompt`) → its text in each language.
    public private(set) var texts: [String: Localized]
    /// Misconception id → what the mistake is, in each language.
    public private(set) var misconceptions: [String: Localized]

    public init(texts: [String: Localized], misconceptions: [String: Localized]) {
        self.texts = texts; self.misconceptions = misconceptions
    }

    /// The generated families, their texts bound to this content.
    public var families: [QuestionFamily] { Families.definitions.map { $0.bound(to: self) } }

    public func family(_ id: String) -> QuestionFamily? { Families.definition(id)?.bound(to: self) }

    /// Regenerates a generated question from its id (`family/v<version>/seed`). Nil for anything
    /// else, and for an id of another generator version: progress saved under an old version is
    /// retired, never silently pointed at a different question.
    public func question(id: String) -> Question? {
        guard let (familyID, version, seed) = QuestionFamily.parse(id: id), let f = family(familyID),
              f.version == version else { return nil }
        return f.generate(seed: seed)
    }

    public func describe(misconception id: String) -> Localized? { misconceptions[id] }

    /// The files this reads, relative to the content folder (for the quiz's cache key).
    public static func files(in tree: SourceTree) -> [String] {
        [misconceptionsFile] + tree.children(familiesFolder).filter { $0.hasSuffix(".yaml") }.sorted().map { "\(familiesFolder)/\($0)" }
    }

    /// Reads and checks `families/*.yaml` and `misconceptions.yaml` of `tree`. Every problem is
    /// reported at once, with its file and line.
    public static func load(_ tree: SourceTree) throws(DiagnosticList) -> TeachingText {
        var c = DiagnosticCollector()
        var texts: [String: Localized] = [:]
        var misconceptions: [String: Localized] = [:]
        var firstSeen: [String: SourceLocation] = [:]
        let folder = tree.display(familiesFolder)
        if !tree.isDirectory(familiesFolder) {
            c.report(Diagnostic(.noInput, at: SourceLocation(file: folder), "the folder of generated-question texts does not exist",
                                hint: tree.hint(forAuthor: "create \(folder)/ with the texts of the generated question families")))
        }
        for rel in files(in: tree) {
            let file = tree.display(rel)
            let root: YAMLValue
            do throws(Diagnostic) {
                root = try YAMLValue.parse(try tree.text(rel), file: file)
            } catch { c.report(error); continue }
            let isMisconceptions = rel == misconceptionsFile
            let top = isMisconceptions ? "misconceptions" : "texts"
            guard let entries = root[top]?.entries else {
                c.report(Diagnostic(.data, at: SourceLocation(file: file, line: root.line), "expected a `\(top):` mapping",
                                    hint: "start the file with `\(top):` and one `key:` entry with `en:`, `zh:` and `ja:` per text"))
                continue
            }
            for (key, value, line) in entries {
                let loc = SourceLocation(file: file, line: line)
                if let first = firstSeen[(isMisconceptions ? "m:" : "t:") + key] {
                    c.report(Diagnostic(.data, at: loc, "`\(key)` is defined twice (first at \(first))", hint: "keep one of them"))
                    continue
                }
                firstSeen[(isMisconceptions ? "m:" : "t:") + key] = loc
                guard let text = localized(value, key: key, at: loc, into: &c) else { continue }
                if isMisconceptions {
                    misconceptions[key] = text
                    continue
                }
                guard let wanted = FamilyTextSpec.placeholders[key] else {
                    c.report(Diagnostic(.data, at: loc, "no generator uses the text `\(key)`",
                                        hint: Suggest.hint(key, in: FamilyTextSpec.placeholders.keys,
                                                          fallback: "remove it, or name it after a text the families use (`<family>.<text>`)")))
                    continue
                }
                for lang in Language.allCases {
                    let used = placeholders(in: text[lang])
                    let langLine = value[lang.rawValue]?.line ?? line
                    let at = SourceLocation(file: file, line: langLine)
                    for p in used.subtracting(wanted).sorted() {
                        c.report(Diagnostic(.data, at: at, "the \(lang.rawValue) text of `\(key)` has the placeholder `{\(p)}`, which the generator does not provide",
                                            hint: wanted.isEmpty ? "this text takes no placeholders" : "it provides: \(wanted.sorted().map { "{\($0)}" }.joined(separator: ", "))"))
                    }
                    for p in wanted.subtracting(used).sorted() {
                        c.report(Diagnostic(.data, at: at, "the \(lang.rawValue) text of `\(key)` lacks the placeholder `{\(p)}`",
                                            hint: "every language shows every value the generator computes: add `{\(p)}`"))
                    }
                }
                texts[key] = text
            }
        }
        if tree.isDirectory(familiesFolder) {
            for key in FamilyTextSpec.placeholders.keys.sorted() where texts[key] == nil && firstSeen["t:" + key] == nil {
                c.report(Diagnostic(.data, at: SourceLocation(file: folder), "the text `\(key)` of a generated family is missing",
                                    hint: "add `\(key):` with en, zh and ja to a file of \(folder)/"))
            }
        }
        try c.throwIfAny()
        return TeachingText(texts: texts, misconceptions: misconceptions)
    }

    /// `en:`, `zh:` and `ja:` of one entry; nil (with a diagnostic per gap) when one is missing.
    static func localized(_ v: YAMLValue, key: String, at loc: SourceLocation, into c: inout DiagnosticCollector) -> Localized? {
        var out: [Language: String] = [:]
        for lang in Language.allCases {
            if let s = v[lang.rawValue]?.string, !s.trimmingCharacters(in: .whitespaces).isEmpty { out[lang] = s } else {
                c.report(Diagnostic(.data, at: loc, "`\(key)` has no \(lang.rawValue) text",
                                    hint: "add `\(lang.rawValue): …`: every text exists in en, zh and ja"))
            }
        }
        guard let en = out[.en], let zh = out[.zh], let ja = out[.ja] else { return nil }
        return Localized(en: en, zh: zh, ja: ja)
    }

    /// The `{name}` placeholders of a text.
    public static func placeholders(in text: String) -> Set<String> {
        var out: Set<String> = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) { out.insert(String(name)) }
            rest = after[close...]
        }
        return out
    }

    /// `key` with its placeholders filled (see `fill(_:_:)`); the generator must provide
    /// exactly the placeholders `FamilyTextSpec` lists, which `load` holds the content to.
    func fill(_ key: String, _ args: [String: Localized]) -> Localized {
        assert(Set(args.keys) == FamilyTextSpec.placeholders[key] ?? [], "\(key): the generator provides \(args.keys.sorted()), the spec says \((FamilyTextSpec.placeholders[key] ?? []).sorted())")
        guard let text = texts[key] else { return Localized(all: "⟦\(key)⟧") }
        return Self.fill(text, args)
    }

    /// `text` with its `{name}` placeholders filled, per language. In Chinese and Japanese a
    /// value that begins or ends with a Latin letter or digit gets a space where it touches a
    /// CJK letter of the text ("属于{region}。" → "属于 fixmap。"); a value written in CJK
    /// joins without one ("{bytes}以上" → "73 バイト以上"). An unknown name stays as written.
    public static func fill(_ text: Localized, _ args: [String: Localized]) -> Localized {
        func one(_ lang: Language) -> String {
            let template = Array(text[lang])
            var out = ""
            var i = 0
            while i < template.count {
                if template[i] == "{", let close = template[i...].firstIndex(of: "}"),
                   let value = args[String(template[(i + 1)..<close])] {
                    var v = value[lang]
                    if lang != .en {
                        if i > 0, CJKText.isLetter(template[i - 1]), let f = v.first, !CJKText.isWide(f), f != " " { v = " " + v }
                        if close + 1 < template.count, CJKText.isLetter(template[close + 1]), let l = v.last, !CJKText.isWide(l), l != " " { v += " " }
                    }
                    out += v
                    i = close + 1
                    continue
                }
                out.append(template[i])
                i += 1
            }
            return out
        }
        return Localized(en: one(.en), zh: one(.zh), ja: one(.ja))
    }
}

/// What a family's draft uses to word its question: the content's texts, and the locale-aware
/// formatting of the values it fills in.
struct FamilyWords: Sendable {
    let teaching: TeachingText

    func callAsFunction(_ key: String, _ args: [String: Localized] = [:]) -> Localized { teaching.fill(key, args) }

    /// A size as the pages show it, exact: the largest binary unit that divides it ("8 MiB"),
    /// else bytes in the language's word ("2443 bytes", "2443 字节", "2443 バイト").
    func size(_ bytes: UInt64) -> Localized {
        let s = FamilyText.size(bytes)
        return s.hasSuffix(" byte") || s.hasSuffix(" bytes") ? self.bytes(bytes) : .all(s)
    }

    /// A count of bytes in that unit, whatever its size ("4097 bytes", "4097 字节", "1 byte").
    func bytes(_ n: UInt64) -> Localized { n == 1 ? self("unit.byte") : self("unit.bytes", ["n": .all(String(n))]) }

    /// "1 page", "8 pages" / "8 页" / "8 ページ".
    func pages(_ n: Int) -> Localized { n == 1 ? self("unit.page") : self("unit.pages", ["n": .all(String(n))]) }

    /// "an x86-32 machine with 160 MiB of RAM running Linux 3.4 (…)" and its translations.
    func machine(_ c: MachineConfig) -> Localized {
        var args: [String: Localized] = ["ram": size(c.ramBytes), "kernel": .all(FamilyText.kernelName(c.kernel))]
        // 64-bit machines take no vmalloc= in the questions: their area is fixed.
        if c.arch != .x86_64 {
            args["boot"] = c.vmallocParam.map { self("machine.boot_param", ["param": .all("vmalloc=\(FamilyText.memparse($0))")]) } ?? .all("")
        }
        return self("machine.\(c.arch.rawValue)", args)
    }
}

extension Localized {
    /// The same text in every language (numbers, addresses, kernel identifiers).
    static func all(_ s: String) -> Localized { Localized(all: s) }
}

/// Every text a family fills, with the placeholders it provides: what `TeachingText.load`
/// holds content/families against.
enum FamilyTextSpec {
    static let common: [String: Set<String>] = [
        "unit.byte": [], "unit.bytes": ["n"], "unit.page": [], "unit.pages": ["n"],
        "machine.x86_32": ["ram", "kernel", "boot"], "machine.x86_32-pae": ["ram", "kernel", "boot"],
        "machine.arm32": ["ram", "kernel", "boot"], "machine.x86_64": ["ram", "kernel"], "machine.boot_param": ["param"],
    ]

    static let placeholders: [String: Set<String>] = [common, PageFamilies.texts, KmallocFamilies.texts, LayoutFamilies.texts,
                                                       TranslationFamilies.texts, GFPFamilies.texts, ProcFamilies.texts]
        .reduce(into: [:]) { all, part in all.merge(part) { a, _ in a } }
}
