import Testing
@testable import KmemQuiz

@Suite struct TextWidthTests {
    @Test func widthsOfCharacters() {
        #expect(TextWidth.width(of: "kmalloc") == 7)
        #expect(TextWidth.width(of: "内核") == 4)                 // CJK ideographs
        #expect(TextWidth.width(of: "ひらがな") == 8)             // Hiragana
        #expect(TextWidth.width(of: "カタカナ") == 8)             // Katakana
        #expect(TextWidth.width(of: "한국어") == 6)               // Hangul syllables
        #expect(TextWidth.width(of: "ＡＢＣ１２３") == 12)        // fullwidth forms
        #expect(TextWidth.width(of: "，。：（）") == 10)          // fullwidth / CJK punctuation
        #expect(TextWidth.width(of: "ｶﾀｶﾅ") == 4)                // halfwidth katakana stay narrow
        #expect(TextWidth.width(of: "e\u{301}") == 1)            // combining acute: zero
        #expect(TextWidth.width(of: "か\u{3099}") == 2)          // combining voiced mark: zero
        #expect(TextWidth.width(of: "a\u{200B}b") == 2)          // zero-width space
        #expect(TextWidth.width(of: "𠀋") == 2)                  // CJK Extension B
        #expect(TextWidth.width(of: "\u{1B}[1;32m正解\u{1B}[0m") == 4) // ANSI escapes take nothing
        #expect(TextWidth.width(of: "→ ± – ×") == 7)
    }

    @Test func latinWrapsAtSpaces() {
        let lines = TextWidth.wrapParagraph("vmalloc maps pages that need not be contiguous into one range", width: 20)
        #expect(lines == ["vmalloc maps pages", "that need not be", "contiguous into one", "range"])
        #expect(lines.allSatisfy { TextWidth.width(of: $0) <= 20 })
    }

    @Test func chineseWrapsBetweenCharactersByColumns() {
        let s = "kmalloc 分配的内存在物理上是连续的，而 vmalloc 只保证虚拟地址连续。"
        let lines = TextWidth.wrapParagraph(s, width: 20)
        for l in lines { #expect(TextWidth.width(of: l) <= 20, "\(l) is \(TextWidth.width(of: l)) columns") }
        #expect(lines.joined().filter { !$0.isWhitespace } == s.filter { !$0.isWhitespace })
        // No line starts with closing punctuation.
        for l in lines.dropFirst() { #expect(!"，。、）」".contains(l.first!), "line starts with \(l.first!)") }
        #expect(lines.count >= 4)
    }

    @Test func japaneseKinsoku() {
        // Width 10 would put "。" first on the second line; it stays with the previous character.
        let lines = TextWidth.wrapParagraph("カーネルです。次へ", width: 12)
        #expect(lines.first == "カーネルです。" || TextWidth.width(of: lines[0]) <= 12)
        for l in lines { #expect(!l.hasPrefix("。")) }
        // An opening bracket is never left at the end of a line.
        let l2 = TextWidth.wrapParagraph("あいうえ「かきく」", width: 10)
        for l in l2 { #expect(!l.hasSuffix("「"), "\(l2)") }
    }

    @Test func katakanaWordsStayWhole() {
        // "バディアロケータ" would break after "バ" at width 20; it moves to the next line whole.
        let lines = TextWidth.wrapParagraph("ページ単位の割り当てとバディアロケータ", width: 24)
        #expect(lines == ["ページ単位の割り当てと", "バディアロケータ"], "\(lines)")
        // A katakana word wider than a line still breaks, by characters.
        let long = TextWidth.wrapParagraph(String(repeating: "アロケータ", count: 6), width: 20)
        #expect(long.allSatisfy { TextWidth.width(of: $0) <= 20 } && long.count > 1)
    }

    @Test func latinWordsInACJKListStayWhole() {
        // "print" and "matching" joined by "、" are words: a line breaks after "、", not inside them.
        let list = "格式：moodle、gift、qti21、canvas、anki、apkg、json、csv、print、pdf、single、multiple、truefalse、matching、ordering"
        for width in 14...40 {
            let lines = TextWidth.wrapParagraph(list, width: width)
            let words = Set(lines.flatMap { $0.split(whereSeparator: { !$0.isASCII || $0 == " " }).map(String.init) })
            #expect(words.isSubset(of: ["moodle", "gift", "qti21", "canvas", "anki", "apkg", "json", "csv", "print", "pdf", "single", "multiple", "truefalse", "matching", "ordering"]),
                    "width \(width): \(lines)")
        }
    }

    @Test func hangingIndentAndLongWords() {
        let lines = TextWidth.wrapParagraph("a) __get_free_pages() returns whole pages of the buddy allocator", width: 24, indent: 3)
        #expect(lines[0].hasPrefix("a) "))
        for l in lines.dropFirst() { #expect(l.hasPrefix("   ") && !l.hasPrefix("    ")) }
        for l in lines { #expect(TextWidth.width(of: l) <= 24) }
        // A word wider than the line is broken by characters.
        let long = TextWidth.wrapParagraph(String(repeating: "x", count: 50), width: 20)
        #expect(long == [String(repeating: "x", count: 20), String(repeating: "x", count: 20), String(repeating: "x", count: 10)])
    }

    @Test func paragraphsAndCodeAreKept() {
        let text = "First paragraph here.\n\n    code line that is long and must not be wrapped at all\nLast."
        let lines = TextWidth.wrap(text, width: 12)
        #expect(lines.contains("    code line that is long and must not be wrapped at all"))
        #expect(lines.contains(""))
        #expect(lines.last == "Last.")
    }

    @Test func padCountsColumns() {
        #expect(TextWidth.pad("内核", to: 6) == "内核  ")
        #expect(TextWidth.pad("gfp", to: 6) == "gfp   ")
    }
}

@Suite struct WrapRegressionTests {
    @Test func callParenthesesStayInTheirWord() {
        for width in 10...40 {
            let lines = TextWidth.wrapParagraph("上限写作 MAX_ORDER = 11。alloc_pages() 接受的最大阶是多少？kzalloc()（带 __GFP_ZERO）", width: width)
            let joined = lines.joined()
            #expect(joined.contains("alloc_pages()"), "width \(width): \(lines)")
            #expect(joined.contains("kzalloc()（带"), "width \(width): \(lines)")
            #expect(!joined.contains(") ("))
            for l in lines { #expect(TextWidth.width(of: l) <= width) }
        }
    }

    @Test func nothingIsLostOrReordered() {
        let samples = ["「カーネル」は、kmalloc() で確保した（連続した）メモリを返す。",
                       "kmalloc 分配的内存在物理上是连续的，而 vmalloc（虚拟连续）不是。",
                       "A (parenthesised) remark, then “quotes” and 内核.", "（（（开头", "结尾）））"]
        for s in samples {
            for width in 10...30 {
                let lines = TextWidth.wrapParagraph(s, width: width)
                #expect(lines.joined().filter { !$0.isWhitespace } == s.filter { !$0.isWhitespace }, "\(width): \(lines)")
            }
        }
    }
}

/// What a reader of a pipe or a log sees: no Markdown backticks, and a short part of the
/// header never split from its number.
@Suite struct PlainOutputTests {
    @Test func inlineCodeLosesItsBackticksWithAndWithoutColour() {
        #expect(Style(false).code("使用掩码 `GFP_KERNEL | __GFP_NORETRY` 的分配") == "使用掩码 GFP_KERNEL | __GFP_NORETRY 的分配")
        #expect(Style(true).code("free it with `kfree()`") == "free it with \u{1B}[36mkfree()\u{1B}[0m")
        #expect(Style(false).code("an unmatched ` stays") == "an unmatched ` stays")
    }

    @Test func wordJoinersKeepACJKPartWhole() {
        let part = "难度\u{00A0}2".map(String.init).joined(separator: "\u{2060}")
        let text = "第 1/5 题 · 内核内存分配概览 · " + part
        for width in 6...40 {
            let lines = TextWidth.wrap(text, width: width)
            #expect(!lines.contains { $0.hasSuffix("难") || $0.hasPrefix("\u{2060}度") || $0.hasPrefix("度") }, "width \(width): \(lines)")
        }
    }

    @Test func aCodeSpanCutByTheWrappingLosesBothBackticks() {
        var inCode = false
        let style = Style(false)
        let first = style.code("vm_struct->size：`0xd0897000-0xd08a0000", inCode: &inCode)
        let second = style.code("pages=391 vmalloc`。", inCode: &inCode)
        #expect(first == "vm_struct->size：0xd0897000-0xd08a0000" && second == "pages=391 vmalloc。" && !inCode)
    }

    @Test func aNoBreakSpaceGluesBothSides() {
        // Width chosen so that a plain space would put the 2 on the next line.
        let text = "第 1/5 题 · 内核内存分配概览 · 难度\u{00A0}2"
        for width in 8...40 {
            let lines = TextWidth.wrap(text, width: width)
            #expect(!lines.contains { $0.hasPrefix("2") || $0.hasSuffix("难度") }, "width \(width): \(lines)")
        }
    }
}
