import KmemCore

/// The content, templates and kernel captures compiled into this kmemguide (see the EmbedFiles
/// plugin and the README's "Install" section): what every command reads when no folder is given.
public enum BuiltIn {
    public static let content = SourceTree(builtIn: EmbeddedFiles.content, displayName: "content", digest: EmbeddedFiles.digest)
    public static let templates = SourceTree(builtIn: EmbeddedFiles.templates, displayName: "templates", digest: EmbeddedFiles.digest)
    public static let captures = SourceTree(builtIn: EmbeddedFiles.captures, displayName: "verify/captures", digest: EmbeddedFiles.digest)
    /// Changes whenever any built-in file does (cache keys).
    public static let digest: String = EmbeddedFiles.digest
}
