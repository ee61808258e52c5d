import KernelSim
import KmemCore

/// A generator of questions whose numbers are computed live by the simulator.
///
/// `generate(seed:)` is a pure function: the same family, seed and texts give the same
/// question, options and option order on every platform (SplitMix64 seeded from the family id
/// and the seed). The question id is `family/v<version>/seed`. Wrong options stand for named
/// misconceptions (`Choice.misconception`, described in content/misconceptions.yaml), never
/// random noise; a misconception whose value coincides with the right answer, or with another
/// option, is dropped in favour of the next one.
///
/// A family computes numbers only; its words are content (`content/families/*.yaml`), bound
/// with `TeachingText.families`.
public struct QuestionFamily: Sendable {
    public let id: String
    /// A page slug.
    public let topic: String
    public let kind: QuestionKind
    public let difficulty: Int
    /// The generator's version, part of every question id. Bump it when the same seed would
    /// give a different question (other numbers, options or answer), so that progress saved
    /// for the old question is retired instead of silently pointing at the new one. Wording
    /// changes in content/families do not need a bump.
    public let version: Int
    let draft: @Sendable (inout SplitMix64, FamilyWords) -> Draft
    let teaching: TeachingText

    init(id: String, topic: String, kind: QuestionKind, difficulty: Int, version: Int = 1,
         draft: @escaping @Sendable (inout SplitMix64, FamilyWords) -> Draft) {
        self.id = id; self.topic = topic; self.kind = kind; self.difficulty = difficulty; self.version = version
        self.draft = draft; self.teaching = TeachingText(texts: [:], misconceptions: [:])
    }

    private init(_ f: QuestionFamily, teaching: TeachingText) {
        id = f.id; topic = f.topic; kind = f.kind; difficulty = f.difficulty; version = f.version
        draft = f.draft; self.teaching = teaching
    }

    /// This family worded with `teaching`'s texts.
    func bound(to teaching: TeachingText) -> QuestionFamily { QuestionFamily(self, teaching: teaching) }

    /// What the family asks, one line (for listings and the bank's category names).
    public var title: Localized { teaching.fill("\(id).title", [:]) }

    public func questionID(seed: UInt64) -> String { "\(id)/v\(version)/\(seed)" }

    /// `family/v<version>/seed` → its parts; nil for any other form (authored ids, and the
    /// unversioned `family/seed` of earlier releases).
    public static func parse(id: String) -> (family: String, version: Int, seed: UInt64)? {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].first == "v", let v = Int(parts[1].dropFirst()), v > 0,
              let seed = UInt64(parts[2]), !parts[0].isEmpty else { return nil }
        return (String(parts[0]), v, seed)
    }

    /// Most wrong options a generated choice question shows.
    public static let maxWrongOptions = 3

    public func generate(seed: UInt64) -> Question {
        var rng = SplitMix64(name: id, seed: seed)
        let d = draft(&rng, FamilyWords(teaching: teaching))
        var q = build(d, qid: questionID(seed: seed), rng: &rng)
        q.parameters = d.parameters
        return q
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

/// All generated families, in a stable order (the order `QuestionSet` emits them), without
/// their texts: `TeachingText.families` binds them to the content's.
enum Families {
    static let definitions: [QuestionFamily] = [
        TranslationFamilies.pa, TranslationFamilies.va, TranslationFamilies.regionOf,
        KmallocFamilies.cache, KmallocFamilies.ksize, KmallocFamilies.succeeds,
        PageFamilies.getOrderFamily, PageFamilies.allocBytes, PageFamilies.maxOrder,
        LayoutFamilies.vmallocStart, LayoutFamilies.highMemory, LayoutFamilies.lowmemSize, LayoutFamilies.armVmalloc,
        GFPFamilies.decode, GFPFamilies.context, GFPFamilies.maySleep,
        ProcFamilies.vmallocinfoSize, ProcFamilies.vmallocTotal,
    ]

    static func definition(_ id: String) -> QuestionFamily? { definitions.first { $0.id == id } }
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
