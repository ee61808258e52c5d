import Testing
import KmemCore

/// The typography lints `check` runs on Chinese and Japanese text.
@Suite struct CJKTextTests {
    @Test func aSpaceBetweenTwoCJKCharactersIsReported() {
        let found = CJKText.lint("カーネルが起動時に 一対一でマップする")
        #expect(found.map(\.message) == ["a space between two Chinese or Japanese characters"])
        #expect(found.first?.column == 10)
    }

    @Test func spacesBetweenCJKAndLatinAreFine() {
        #expect(CJKText.lint("由 kmalloc-128 满足，共 4 页。").isEmpty)
        #expect(CJKText.lint("Linux カーネルのメモリ").isEmpty)
    }

    @Test func aSpaceAfterFullWidthPunctuationIsReported() {
        #expect(CJKText.lint("出处： s001").map(\.message) == ["a space after the full-width `：`"])
    }
}
