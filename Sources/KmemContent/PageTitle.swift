import KmemCore

/// The front matter of one page, for callers outside the loader (the terminal quiz shows page
/// titles as topic names). Same parser and checks as `ContentLoader`.
public enum PageFrontMatter {
    /// The `title:` of a page's front matter; `file` names it in messages.
    public static func title(of text: String, file: String) throws(Diagnostic) -> String {
        try FrontMatterParser.parse(text, file: file).0.title
    }
}
