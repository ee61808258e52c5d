import Foundation
import KmemCore

/// The quiz's UI strings in one language: `quiz.*` keys of content/ui.yaml, with `{name}`
/// placeholders. The CLI passes `UIStrings` from KmemContent (this target does not depend on it).
public struct QuizStrings: Sendable {
    public let lang: Language
    private let lookup: @Sendable (String, Language) -> String

    public init(lang: Language, lookup: @escaping @Sendable (String, Language) -> String) {
        self.lang = lang; self.lookup = lookup
    }

    /// The string for `key` with `{name}` replaced by `vars[name]`.
    public func callAsFunction(_ key: String, _ vars: [String: String] = [:]) -> String {
        var s = lookup(key, lang)
        for (k, v) in vars { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
        return s
    }

    /// Every key the quiz uses (one list in KmemCore, which `kmemguide check` requires too).
    public static var keys: [String] { QuizUIKeys.all }
}
