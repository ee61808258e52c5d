import Testing
@testable import KmemQuiz

/// Prompts with code (issue 18's code questions) read as a terminal reader expects: the code
/// indented and unwrapped, no ``` fence lines (native reviews, issue 13).
@Suite struct PromptCodeTests {
    static let prompt = "What is wrong here?\n\n```c\nspin_lock(&l);\np = kmalloc(n, GFP_KERNEL);\n```\n\nPick one."

    @Test func fencesSplitProseFromCode() {
        let parts = Renderer.fencedParts(Self.prompt)
        #expect(parts.map(\.code) == [false, true, false])
        #expect(parts[1].text == "spin_lock(&l);\np = kmalloc(n, GFP_KERNEL);")
        #expect(Renderer.withoutCode(Self.prompt) == "What is wrong here? Pick one.")
    }
}
