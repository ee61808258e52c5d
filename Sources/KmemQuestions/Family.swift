import KernelSim
import KmemCore

/// A generator of questions whose numbers are computed live by the simulator.
///
/// `generate(seed:)` is a pure function: the same family and seed give the same question,
/// options and option order on every platform (SplitMix64 seeded from the family id and the
/// seed). The question id is `family/seed`. Wrong options stand for named misconceptions
/// (`Choice.misconception`, described in `Misconceptions.catalog`), never random noise; a
/// misconception whose value coincides with the right answer, or with another option, is
/// dropped in favour of the next one.
public struct QuestionFamily: Sendable {
    public let id: String
    /// A page slug.
    public let topic: String
    public let kind: QuestionKind
    public let difficulty: Int
    /// What the family asks, one line (for listings and the bank's category names).
    public let title: Localized
    let draft: @Sendable (inout SplitMix64) -> Draft

    init(id: String, topic: String, kind: QuestionKind, difficulty: Int, title: Localized,
         draft: @escaping @Sendable (inout SplitMix64) -> Draft) {
        self.id = id; self.topic = topic; self.kind = kind; self.difficulty = difficulty
        self.title = title; self.draft = draft
    }

    /// Most wrong options a generated choice question shows.
    public static let maxWrongOptions = 3

    public func generate(seed: UInt64) -> Question {
        var rng = SplitMix64(name: id, seed: seed)
        let d = draft(&rng)
        let qid = "\(id)/\(seed)"
        var q = build(d, qid: qid, rng: &rng)
        q.parameters = d.parameters
        return q.withLocalizedByteUnits()
    }

    private func build(_ d: Draft, qid: String, rng: inout SplitMix64) -> Question {
        switch d.answer {
        case .choice(let right, let candidates):
            let wrong = Self.distinct(candidates, excluding: right.key).prefix(Self.maxWrongOptions)
            var options = [right] + wrong
            rng.shuffle(&options)
            let choices = options.enumerated().map { i, o in
                Choice(id: Presentation.label(i), text: o.text, correct: o.key == right.key,
                       misconception: o.key == right.key ? nil : o.misconception)
            }
            let rightId = choices.first(where: \.correct)!.id
            return Question(id: qid, topic: topic, difficulty: difficulty, kind: kind, prompt: d.prompt, choices: choices,
                            answer: .choices([rightId]), explanation: d.explanation, sources: d.sources, family: id)
        case .hex(let value, let candidates):
            let wrong = Self.distinct(candidates, excluding: d.rightKey)
            return Question(id: qid, topic: topic, difficulty: difficulty, kind: kind, prompt: d.prompt,
                            answer: .hex(value), explanation: d.explanation, sources: d.sources, family: id,
                            knownWrongAnswers: wrong.map(Self.knownWrong))
        case .numeric(let value, let candidates):
            let wrong = Self.distinct(candidates, excluding: d.rightKey)
            return Question(id: qid, topic: topic, difficulty: difficulty, kind: kind, prompt: d.prompt,
                            answer: .numeric(value: value, tolerance: 0), explanation: d.explanation, sources: d.sources,
                            family: id, knownWrongAnswers: wrong.map(Self.knownWrong))
        }
    }

    static func knownWrong(_ c: Candidate) -> Choice {
        Choice(id: c.misconception ?? c.key, text: c.text, correct: false, misconception: c.misconception)
    }

    /// Candidates in priority order, without the right answer and without repeats (by value).
    static func distinct(_ candidates: [Candidate], excluding right: String) -> [Candidate] {
        var seen: Set<String> = [right]
        return candidates.filter { seen.insert($0.key).inserted }
    }
}

/// One possible answer: `key` is its value (what makes two options the same), `text` what is
/// shown, `misconception` the named mistake that leads to it (nil only for the right one).
struct Candidate: Sendable {
    var key: String
    var text: Localized
    var misconception: String?

    init(key: String, text: Localized, misconception: String? = nil) {
        self.key = key; self.text = text; self.misconception = misconception
    }
    /// Text that reads the same in all languages (an address, a cache name, flag names).
    init(_ text: String, misconception: String? = nil) {
        self.init(key: text, text: Localized(all: text), misconception: misconception)
    }
}

enum DraftAnswer: Sendable {
    case choice(right: Candidate, wrong: [Candidate])
    case hex(UInt64, wrong: [Candidate])
    case numeric(Double, wrong: [Candidate])
}

/// What a family computes before the common finishing (ids, dedupe, shuffle).
struct Draft: Sendable {
    var prompt: Localized
    var answer: DraftAnswer
    var explanation: Localized
    var sources: [QuestionSource]
    /// The inputs, for `Question.parameters`.
    var parameters: [String: String] = [:]

    /// The key of the right answer of a typed question (its canonical text).
    var rightKey: String {
        switch answer {
        case .choice(let r, _): return r.key
        case .hex(let v, _): return FamilyText.hex32(v)
        case .numeric(let v, _): return FamilyText.number(v)
        }
    }
}

/// All generated families, in a stable order (the order `QuestionSet` emits them).
public enum Families {
    public static let all: [QuestionFamily] = [
        TranslationFamilies.pa, TranslationFamilies.va, TranslationFamilies.regionOf,
        KmallocFamilies.cache, KmallocFamilies.ksize, KmallocFamilies.succeeds,
        PageFamilies.getOrderFamily, PageFamilies.allocBytes, PageFamilies.maxOrder,
        LayoutFamilies.vmallocStart, LayoutFamilies.highMemory, LayoutFamilies.lowmemSize, LayoutFamilies.armVmalloc,
        GFPFamilies.decode, GFPFamilies.context, GFPFamilies.maySleep,
        ProcFamilies.vmallocinfoSize, ProcFamilies.vmallocTotal,
    ]

    public static func family(_ id: String) -> QuestionFamily? { all.first { $0.id == id } }

    /// Regenerates a generated question from its id (`family/seed`); nil for anything else.
    public static func question(id: String) -> Question? {
        guard let slash = id.lastIndex(of: "/"), let seed = UInt64(id[id.index(after: slash)...]),
              let f = family(String(id[..<slash])) else { return nil }
        return f.generate(seed: seed)
    }
}

/// Formatting shared by the families: numbers exactly as the kernel or the pages print them.
enum FamilyText {
    static func hex32(_ v: UInt64) -> String { hexAddress(v, digits: 8) }
    static func hex64(_ v: UInt64) -> String { hexAddress(v, digits: 16) }
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
    /// Exact, like the pages' `unit=auto`: the largest binary unit that divides the value
    /// ("8 MiB", "4 KiB"), else bytes ("2443 bytes"). Never rounded: an answer must be exact.
    static func size(_ bytes: UInt64) -> String {
        if bytes == 1 { return "1 byte" }
        for (shift, name) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")] {
            let unit = UInt64(1) << UInt64(shift)
            if bytes >= unit && bytes % unit == 0 { return "\(bytes / unit) \(name)" }
        }
        return "\(bytes) bytes"
    }
    static func mib(_ bytes: UInt64) -> String { "\(bytes >> 20) MiB" }
    /// A size as memparse() reads it: "256M", "2000M", "1G".
    static func memparse(_ bytes: UInt64) -> String {
        for (shift, suffix) in [(40, "T"), (30, "G"), (20, "M"), (10, "K")] where bytes > 0 && bytes % (UInt64(1) << UInt64(shift)) == 0 {
            return "\(bytes >> UInt64(shift))\(suffix)"
        }
        return String(bytes)
    }

    static func kernelName(_ k: KernelVersion) -> String { "Linux \(k.rawValue)" }

    /// "an x86-32 machine with 160 MiB of RAM running Linux 3.4" and its translations.
    static func machine(_ c: MachineConfig) -> Localized {
        let ram = size(c.ramBytes)
        let k = kernelName(c.kernel)
        // As the kernel reads it on the command line: vmalloc=256M, never "vmalloc=256 MiB".
        let param = c.vmallocParam.map { memparse($0) }
        switch c.arch {
        case .x86_32, .x86_32_pae:
            let pae = c.arch == .x86_32_pae
            let enArch = pae ? "x86-32 machine with PAE" : "x86-32 machine (no PAE)"
            let zhArch = pae ? "x86-32（启用 PAE）" : "x86-32（不启用 PAE）"
            let jaArch = pae ? "x86-32（PAE 有効）" : "x86-32（PAE なし）"
            return Localized(
                en: "an \(enArch) with \(ram) of RAM running \(k) (3G/1G split, default configuration\(param.map { ", booted with vmalloc=\($0)" } ?? ""))",
                zh: "一台内存为 \(ram)、运行 \(k) 的 \(zhArch)机器（3G/1G 划分，默认配置\(param.map { "，启动参数 vmalloc=\($0)" } ?? "")）",
                ja: "RAM \(ram) で \(k) が動く \(jaArch)マシン（3G/1G 分割、デフォルト構成\(param.map { "、ブートパラメータ vmalloc=\($0)" } ?? "")）")
        case .arm32:
            return Localized(
                en: "a 32-bit ARM board with \(ram) of RAM in one bank running \(k) (3G/1G split\(param.map { ", booted with vmalloc=\($0)" } ?? ""))",
                zh: "一块内存为 \(ram)（单个 bank）、运行 \(k) 的 32 位 ARM 开发板（3G/1G 划分\(param.map { "，启动参数 vmalloc=\($0)" } ?? "")）",
                ja: "RAM \(ram)（バンク 1 つ）で \(k) が動く 32 ビット ARM ボード（3G/1G 分割\(param.map { "、ブートパラメータ vmalloc=\($0)" } ?? "")）")
        case .x86_64:
            return Localized(en: "an x86-64 machine with \(ram) of RAM running \(k) (4-level paging, KASLR off)",
                             zh: "一台内存为 \(ram)、运行 \(k) 的 x86-64 机器（4 级页表，关闭 KASLR）",
                             ja: "RAM \(ram) で \(k) が動く x86-64 マシン（4 レベルページング、KASLR 無効）")
        }
    }

    /// The slab allocator of a generation as the kernel configures it.
    static func allocatorName(_ k: KernelVersion, _ a: SlabAllocatorKind) -> String {
        if k == .v2_6 { return "SLAB" }
        if k == .v6_12 { return "SLUB" }
        return a == .slab ? "SLAB" : "SLUB"
    }
}

extension Localized {
    /// Joins per language.
    static func + (a: Localized, b: Localized) -> Localized { Localized(en: a.en + b.en, zh: a.zh + b.zh, ja: a.ja + b.ja) }
    static func + (a: Localized, b: String) -> Localized { a.map { $0 + b } }
}

/// Shorthand for three-language text.
func L(_ en: String, _ zh: String, _ ja: String) -> Localized { Localized(en: en, zh: zh, ja: ja) }

/// A layout that the generator may use: retries `pick` until the kernel can boot the machine.
func bootableLayout(_ rng: inout SplitMix64, _ pick: (inout SplitMix64) -> MachineConfig) -> AddressSpaceLayout {
    for _ in 0..<64 {
        let c = pick(&rng)
        if let l = try? AddressSpaceLayout.compute(c) { return l }
    }
    // A configuration every generation boots.
    return try! AddressSpaceLayout.compute(MachineConfig(arch: .x86_32, kernel: .v3_4, ramBytes: 160 << 20))
}

/// The machine inputs of a generated question, for `Question.parameters`.
func machineParameters(_ c: MachineConfig) -> [String: String] {
    var p = ["arch": c.arch.rawValue, "kernel": c.kernel.rawValue, "ram": String(c.ramBytes)]
    if let v = c.vmallocParam { p["vmalloc"] = String(v) }
    return p
}

/// Source citations used by several families.
enum Src {
    static func k(_ s: String) -> QuestionSource { QuestionSource(kernelFile: s) }
    static func seed(_ s: String) -> QuestionSource { QuestionSource(seed: s) }
}

extension Question {
    /// Sizes are formatted once for all languages ("2443 bytes"); the Chinese and Japanese
    /// texts get their own word for the unit. KiB, MiB and GiB read the same in all three.
    func withLocalizedByteUnits() -> Question {
        var q = self
        q.prompt = prompt.withLocalizedByteUnits()
        q.explanation = explanation.withLocalizedByteUnits()
        q.choices = choices.map { var c = $0; c.text = c.text.withLocalizedByteUnits(); return c }
        q.knownWrongAnswers = knownWrongAnswers.map { var c = $0; c.text = c.text.withLocalizedByteUnits(); return c }
        return q
    }
}

extension Localized {
    func withLocalizedByteUnits() -> Localized {
        Localized(en: en, zh: Self.replacingByteUnit(zh, with: "字节"), ja: Self.replacingByteUnit(ja, with: "バイト"))
    }

    /// "<digits> byte" / "<digits> bytes" (a whole word) → "<digits> <unit>".
    static func replacingByteUnit(_ text: String, with unit: String) -> String {
        guard text.contains(" byte") else { return text }
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            if chars[i] == " ", i > 0, chars[i - 1].isASCII, chars[i - 1].isNumber,
               i + 5 <= chars.count, String(chars[(i + 1)..<(i + 5)]) == "byte" {
                var end = i + 5
                if end < chars.count, chars[end] == "s" { end += 1 }
                if end == chars.count || !(chars[end].isLetter || chars[end].isNumber) {
                    out += " " + unit
                    i = end
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }
}
