/// The three equal languages. Order here is the order of the language switcher.
public enum Language: String, CaseIterable, Sendable, Hashable, Comparable {
    case en, zh, ja

    /// BCP 47 tag for `<html lang>` and `hreflang`: Chinese is Simplified.
    public var htmlLang: String {
        switch self {
        case .en: return "en"
        case .zh: return "zh-Hans"
        case .ja: return "ja"
        }
    }

    /// The language's own name, for the switcher.
    public var nativeName: String {
        switch self {
        case .en: return "English"
        case .zh: return "简体中文"
        case .ja: return "日本語"
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
