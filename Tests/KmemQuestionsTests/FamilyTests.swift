import Foundation
import Testing
@testable import KmemQuestions
import KmemCore

/// Every family, 200 seeds each: well-formed, deterministic, and right according to the
/// independent reference (Reference.swift), not to the simulator alone.
@Suite struct FamilyTests {
    static let seeds: [UInt64] = Array(0..<200)

    static func contains(_ text: String, han: Bool = false, kana: Bool = false) -> Bool {
        text.unicodeScalars.contains { u in
            (han && (0x4E00...0x9FFF).contains(u.value)) || (kana && ((0x3041...0x30FF).contains(u.value)))
        }
    }

    @Test func atLeastTenFamiliesWithUniqueIds() {
        #expect(Generated.families.count >= 10)
        #expect(Set(Generated.families.map(\.id)).count == Generated.families.count)
        let topics = Paths.topics
        for f in Generated.families {
            #expect(topics.contains(f.topic), "\(f.id): unknown topic \(f.topic)")
            #expect((1...3).contains(f.difficulty))
            for lang in Language.allCases { #expect(!f.title[lang].isEmpty) }
        }
    }

    @Test(arguments: Generated.families.map(\.id))
    func wellFormed(_ familyId: String) throws {
        let f = try #require(Generated.family(familyId))
        var distinctPrompts = Set<String>()
        for seed in Self.seeds {
            let q = f.generate(seed: seed)
            let at = "\(q.id)"
            #expect(q.id == "\(f.id)/v\(f.version)/\(seed)")
            #expect(q.family == f.id && q.topic == f.topic && q.kind == f.kind && q.difficulty == f.difficulty)
            #expect(!q.sources.isEmpty, "\(at): no sources")
            #expect(!q.parameters.isEmpty, "\(at): no parameters")
            #expect(Generated.teaching.question(id: q.id) == q, "\(at): not regenerated from its id")
            // Progress saved under another generator version, or before ids had one, is
            // retired: it never regenerates a question that may differ from the one answered.
            #expect(Generated.teaching.question(id: "\(f.id)/\(seed)") == nil, "\(at): an unversioned id still resolves")
            #expect(Generated.teaching.question(id: "\(f.id)/v\(f.version + 1)/\(seed)") == nil, "\(at): another version resolves")
            for lang in Language.allCases {
                #expect(!q.prompt[lang].isEmpty && !q.explanation[lang].isEmpty, "\(at) \(lang): empty text")
            }
            #expect(Self.contains(q.prompt.zh, han: true) && Self.contains(q.explanation.zh, han: true), "\(at): zh text is not Chinese")
            #expect(!Self.contains(q.prompt.zh + q.explanation.zh, kana: true), "\(at): zh text contains kana")
            #expect(!ContentTests.hasTraditionalForms(q.prompt.zh + q.explanation.zh), "\(at): zh uses Traditional forms")
            #expect(Self.contains(q.prompt.ja, kana: true) && Self.contains(q.explanation.ja, kana: true), "\(at): ja text has no kana")
            distinctPrompts.insert(q.prompt.en)

            switch q.kind {
            case .singleChoice:
                #expect(q.choices.count >= 3, "\(at): only \(q.choices.count) options")
                let right = q.choices.filter(\.correct)
                #expect(right.count == 1, "\(at): \(right.count) correct options")
                #expect(q.answer == .choices(Set(right.map(\.id))))
                #expect(Set(q.choices.map(\.id)).count == q.choices.count, "\(at): repeated ids")
                for lang in Language.allCases {
                    #expect(Set(q.choices.map { $0.text[lang] }).count == q.choices.count, "\(at) \(lang): repeated option text \(q.choices.map { $0.text[lang] })")
                }
                for c in q.choices {
                    if c.correct {
                        #expect(c.misconception == nil)
                    } else {
                        let m = try #require(c.misconception, "\(at): wrong option `\(c.text.en)` names no misconception")
                        #expect(Generated.teaching.misconceptions[m] != nil, "\(at): misconception `\(m)` is not in the catalog")
                    }
                }
                if let r = right.first {
                    for lang in Language.allCases {
                        #expect(q.explanation[lang].contains(r.text[lang]), "\(at) \(lang): explanation does not contain the answer `\(r.text[lang])`")
                    }
                }
                #expect(q.knownWrongAnswers.isEmpty)
            case .hexAddress, .numeric:
                #expect(q.choices.isEmpty)
                let answerText: String
                if case .hex(let v) = q.answer { answerText = Ref.hex8(v) } else if case .numeric(let v, _) = q.answer { answerText = String(Int64(v)) } else {
                    Issue.record("\(at): answer of the wrong kind"); continue
                }
                for lang in Language.allCases {
                    #expect(q.explanation[lang].contains(answerText), "\(at) \(lang): explanation lacks \(answerText)")
                }
                #expect(!q.knownWrongAnswers.isEmpty, "\(at): no known wrong answers")
                #expect(Set(q.knownWrongAnswers.map(\.text.en)).count == q.knownWrongAnswers.count, "\(at): repeated wrong answers")
                for w in q.knownWrongAnswers {
                    #expect(!w.correct)
                    let m = try #require(w.misconception)
                    #expect(Generated.teaching.misconceptions[m] != nil, "\(at): misconception `\(m)` is not in the catalog")
                    let response: Response = q.kind == .hexAddress ? .hex(w.text.en) : .number(w.text.en)
                    let g = grade(q, response: response)
                    #expect(!g.correct && g.misconception == m, "\(at): wrong answer \(w.text.en) graded \(g)")
                }
            default:
                Issue.record("\(at): families generate single, hex and numeric questions")
            }
        }
        #expect(distinctPrompts.count >= 3, "\(f.id): only \(distinctPrompts.count) different questions in 200 seeds")
    }

    @Test func misconceptionCatalogIsTranslated() {
        #expect(Generated.teaching.misconceptions.count >= 40)
        for (id, text) in Generated.teaching.misconceptions {
            #expect(!id.isEmpty && id == id.lowercased() && !id.contains(" "), "\(id)")
            #expect(!text.en.isEmpty && Self.contains(text.zh, han: true) && Self.contains(text.ja, kana: true), "\(id)")
            #expect(!Self.contains(text.zh, kana: true) && !ContentTests.hasTraditionalForms(text.zh), "\(id): zh")
            #expect(Generated.teaching.describe(misconception: id) == text)
        }
        // The misconceptions the brief names are all there.
        for id in ["forgot-8mib-hole", "arm-rounding-on-x86", "128k-limit-on-modern-kernel", "max-order-off-by-one",
                   "page-size-instead-of-cache", "forgot-guard-page", "pa-on-vmalloc"] {
            #expect(Generated.teaching.misconceptions[id] != nil, "\(id)")
        }
    }

    @Test(arguments: Generated.families.map(\.id))
    func deterministic(_ familyId: String) throws {
        let f = try #require(Generated.family(familyId))
        for seed in [0, 1, 42, 1 << 40, UInt64.max] as [UInt64] {
            #expect(f.generate(seed: seed) == f.generate(seed: seed))
        }
        // Different seeds do not all give the same question.
        #expect(Set((0..<20).map { f.generate(seed: UInt64($0)).prompt.en }).count > 1)
    }

    /// Sizes are formatted once; the zh and ja texts must not keep the English unit word.
    @Test(arguments: Generated.families.map(\.id))
    func chineseAndJapaneseTextsSayBytesInTheirOwnWords(_ familyId: String) throws {
        let f = try #require(Generated.family(familyId))
        for seed in 0..<60 as Range<UInt64> {
            let q = f.generate(seed: seed)
            for t in [q.prompt, q.explanation] + q.choices.map(\.text) + q.knownWrongAnswers.map(\.text) {
                for (lang, text) in [("zh", t.zh), ("ja", t.ja)] {
                    let words = text.split(separator: " ")
                    let english = words.indices.contains { i in
                        i > 0 && words[i - 1].last?.isNumber == true && (words[i].hasPrefix("byte"))
                    }
                    #expect(!english, "\(q.id) \(lang): \(text)")
                }
            }
        }
    }

    @Test func placeholdersAreFilledPerLanguageWithCJKSpacing() {
        let text = Localized(en: "It is in {region} ({size}).", zh: "所以属于{region}，大小为 {size}。", ja: "{region}にあり、{size}以上。")
        let fixmap = TeachingText.fill(text, ["region": Localized(all: "fixmap"), "size": Localized(en: "8 bytes", zh: "8 字节", ja: "8 バイト")])
        #expect(fixmap.en == "It is in fixmap (8 bytes).")
        #expect(fixmap.zh == "所以属于 fixmap，大小为 8 字节。")
        #expect(fixmap.ja == "fixmap にあり、8 バイト以上。")
        let cjk = TeachingText.fill(text, ["region": Localized(en: "highmem", zh: "高端内存", ja: "ハイメモリ"), "size": Localized(all: "4 KiB")])
        #expect(cjk.zh == "所以属于高端内存，大小为 4 KiB。")
        #expect(cjk.ja == "ハイメモリにあり、4 KiB 以上。")
        // A name the arguments do not have stays visible rather than vanishing.
        #expect(TeachingText.fill(Localized(all: "a {b} c"), [:]).en == "a {b} c")
        #expect(TeachingText.placeholders(in: "get_order({size}) = {order}; {not a name}") == ["size", "order"])
    }

    /// The right option's English text.
    static func rightText(_ q: Question) -> String? { q.choices.first(where: \.correct)?.text.en }

    static func param(_ q: Question, _ key: String) throws -> String { try #require(q.parameters[key], "\(q.id): no parameter \(key)") }
    static func uint(_ q: Question, _ key: String) throws -> UInt64 { try #require(UInt64(param(q, key)), "\(q.id): \(key) is not a number") }
    static func vmallocParam(_ q: Question) -> UInt64? { q.parameters["vmalloc"].flatMap { UInt64($0) } }

    @Test func translatePaMatchesReference() throws {
        for seed in Self.seeds {
            let q = Generated.family("translate-pa")!.generate(seed: seed)
            let addr = try Self.uint(q, "addr"), ram = try Self.uint(q, "ram"), k = try Self.param(q, "kernel")
            let pae = try Self.param(q, "arch") == "x86_32-pae"
            #expect(addr >= Ref.pageOffset && addr < Ref.highMemory(ram: ram, kernel: k, pae: pae, param: nil), "\(q.id): not a lowmem address")
            #expect(Self.rightText(q) == Ref.hex8(addr - Ref.pageOffset), "\(q.id)")
        }
    }

    @Test func translateVaMatchesReference() throws {
        for seed in Self.seeds {
            let q = Generated.family("translate-va")!.generate(seed: seed)
            let phys = try Self.uint(q, "phys"), ram = try Self.uint(q, "ram"), k = try Self.param(q, "kernel")
            #expect(phys < Ref.lowmem(ram: ram, kernel: k, pae: false, param: nil))
            #expect(q.answer == .hex(phys + Ref.pageOffset), "\(q.id)")
            #expect(grade(q, response: .hex(Ref.hex8(phys + Ref.pageOffset))).correct)
        }
    }

    @Test func regionOfMatchesReference() throws {
        let names = ["user": "user space", "lowmem": "lowmem (the direct mapping)", "vmalloc-hole": "the 8 MiB hole between lowmem and the vmalloc area",
                     "vmalloc": "the vmalloc area", "pkmap": "pkmap (the kmap() window)", "fixmap": "fixmap"]
        var seen = Set<String>()
        for seed in Self.seeds {
            let q = Generated.family("region-of")!.generate(seed: seed)
            let addr = try Self.uint(q, "addr"), ram = try Self.uint(q, "ram"), k = try Self.param(q, "kernel")
            let pae = try Self.param(q, "arch") == "x86_32-pae"
            let region = Ref.region(addr, ram: ram, kernel: k, pae: pae)
            seen.insert(region)
            #expect(Self.rightText(q) == names[region], "\(q.id): \(Ref.hex8(addr)) is in \(region), right option is \(Self.rightText(q) ?? "-")")
        }
        #expect(seen == Set(names.keys), "regions asked in 200 seeds: \(seen)")
    }

    @Test func kmallocFamiliesMatchReference() throws {
        var paths = Set<String>()
        for seed in Self.seeds {
            for id in ["kmalloc-cache", "kmalloc-ksize", "kmalloc-succeeds"] {
                let q = Generated.family(id)!.generate(seed: seed)
                let size = try Self.uint(q, "size"), k = try Self.param(q, "kernel"), a = try Self.param(q, "allocator")
                let ref = Ref.kmalloc(size, kernel: k, allocator: a)
                switch (id, ref) {
                case ("kmalloc-cache", .cache(let name, _)): #expect(Self.rightText(q) == name, "\(q.id)"); paths.insert("cache")
                case ("kmalloc-cache", .pages(let o)): #expect(Self.rightText(q) == "the page allocator (order \(o))", "\(q.id)"); paths.insert("pages")
                case ("kmalloc-cache", .null): #expect(Self.rightText(q) == "nothing (kmalloc() returns NULL)", "\(q.id)"); paths.insert("null")
                case ("kmalloc-ksize", .cache(_, let objectSize)): #expect(q.answer == .numeric(value: Double(objectSize), tolerance: 0), "\(q.id)")
                case ("kmalloc-ksize", .pages(let o)): #expect(q.answer == .numeric(value: Double(UInt64(4096) << UInt64(o)), tolerance: 0), "\(q.id)")
                case ("kmalloc-ksize", .null): Issue.record("\(q.id): ksize asked for a failing kmalloc(\(size))")
                case ("kmalloc-succeeds", .cache): #expect(Self.rightText(q) == "It succeeds: a kmalloc cache serves it", "\(q.id)")
                case ("kmalloc-succeeds", .pages): #expect(Self.rightText(q) == "It succeeds: kmalloc() hands it to the page allocator", "\(q.id)")
                case ("kmalloc-succeeds", .null): #expect(Self.rightText(q) == "It fails: the size is above this kernel's kmalloc limit", "\(q.id)")
                default: Issue.record("unexpected \(id)")
                }
            }
        }
        #expect(paths == ["cache", "pages", "null"])
    }

    @Test func pageFamiliesMatchReference() throws {
        for seed in Self.seeds {
            let g = Generated.family("get-order")!.generate(seed: seed)
            let size = try Self.uint(g, "size")
            #expect(g.answer == .numeric(value: Double(Ref.getOrder(size)), tolerance: 0), "\(g.id): get_order(\(size))")

            let b = Generated.family("alloc-bytes")!.generate(seed: seed)
            let bsize = try Self.uint(b, "size")
            #expect(Self.rightText(b) == Ref.exactSize(UInt64(4096) << UInt64(Ref.getOrder(bsize))), "\(b.id)")

            let m = Generated.family("max-order")!.generate(seed: seed)
            let form = try Self.param(m, "form")
            #expect(Self.rightText(m) == (form == "order" ? String(Ref.largestOrder) : Ref.exactSize(UInt64(4096) << UInt64(Ref.largestOrder))), "\(m.id)")
        }
    }

    @Test func x86LayoutFamiliesMatchReference() throws {
        for seed in Self.seeds {
            for id in ["vmalloc-start", "high-memory", "lowmem-size", "vmalloc-total"] {
                let q = Generated.family(id)!.generate(seed: seed)
                let ram = try Self.uint(q, "ram"), k = try Self.param(q, "kernel")
                let pae = try Self.param(q, "arch") == "x86_32-pae"
                let p = Self.vmallocParam(q)
                let expected: String
                switch id {
                case "vmalloc-start": expected = Ref.hex8(Ref.vmallocStart(ram: ram, kernel: k, pae: pae, param: p))
                case "high-memory": expected = Ref.hex8(Ref.highMemory(ram: ram, kernel: k, pae: pae, param: p))
                case "lowmem-size": expected = "\(Ref.lowmem(ram: ram, kernel: k, pae: pae, param: p) >> 20) MiB"
                default: expected = "\((Ref.vmallocEnd(kernel: k, pae: pae) - Ref.vmallocStart(ram: ram, kernel: k, pae: pae, param: p)) >> 10) kB"
                }
                #expect(Self.rightText(q) == expected, "\(q.id): \(q.parameters)")
            }
        }
    }

    @Test func armVmallocMatchesReference() throws {
        var clamped = 0
        for seed in Self.seeds {
            let q = Generated.family("arm-vmalloc")!.generate(seed: seed)
            let ram = try Self.uint(q, "ram"), param = try #require(Self.vmallocParam(q))
            #expect(Self.rightText(q) == "\(Ref.armVmallocSize(ram: ram, param: param) >> 20) MiB", "\(q.id): \(q.parameters)")
            if param < 16 * Ref.MiB || param > 976 * Ref.MiB { clamped += 1 }
        }
        #expect(clamped > 0, "no clamped vmalloc= in 200 seeds")
    }

    @Test func gfpFamiliesMatchReference() throws {
        for seed in Self.seeds {
            let d = Generated.family("gfp-decode")!.generate(seed: seed)
            let k = try Self.param(d, "kernel"), expr = try Self.param(d, "expr")
            let v = try #require(Ref.gfp(expr, kernel: k), "\(d.id): cannot evaluate \(expr)")
            #expect(try Self.param(d, "value") == "0x" + String(v, radix: 16), "\(d.id): \(expr) on \(k)")
            #expect(Self.rightText(d) == Ref.decode(v, kernel: k), "\(d.id)")

            let s = Generated.family("gfp-may-sleep")!.generate(seed: seed)
            let ks = try Self.param(s, "kernel"), es = try Self.param(s, "expr")
            let vs = try #require(Ref.gfp(es, kernel: ks), "\(s.id): cannot evaluate \(es)")
            #expect(try Self.param(s, "value") == "0x" + String(vs, radix: 16), "\(s.id): \(es) on \(ks)")
            let (bit, mask) = Ref.blocking(ks)
            #expect(Self.rightText(s) == (vs & mask != 0 ? "It may sleep: \(bit) is set" : "It never sleeps: \(bit) is clear"), "\(s.id)")

            let c = Generated.family("gfp-context")!.generate(seed: seed)
            let kc = try Self.param(c, "kernel"), reserves = try Self.param(c, "reserves"), context = try Self.param(c, "context")
            let expected = reserves == "none" ? "GFP_KERNEL" : (reserves == "true" ? "GFP_ATOMIC" : "GFP_NOWAIT")
            #expect(Self.rightText(c) == expected, "\(c.id)")
            // The rule behind it: a context that may not sleep gets a mask without the blocking bit.
            let value = try #require(Ref.compositions(kc)[expected])
            #expect((value & Ref.blocking(kc).1 != 0) == (context == "process"), "\(c.id)")
        }
    }

    @Test func vmallocinfoSizeMatchesReference() throws {
        for seed in Self.seeds.prefix(100) {
            let q = Generated.family("vmallocinfo-size")!.generate(seed: seed)
            let n = try Self.uint(q, "size")
            #expect(Self.rightText(q) == String(((n + 4095) & ~4095) + 4096), "\(q.id): vmalloc(\(n))")
            #expect(q.explanation.en.contains("demo_init"), "\(q.id): explanation does not show the /proc line")
        }
    }
}
