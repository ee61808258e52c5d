import Foundation
import KmemCore

/// Glossary order as a reader of each language expects it: English alphabetically, Chinese by
/// pinyin (ICU's `zh@collation=pinyin`, which Foundation on Linux provides), Japanese in
/// 五十音順. ICU orders kanji by code point, not by reading, so a Japanese term with kanji
/// sorts by its `reading:` from glossary.yaml (checked to exist).
public enum Collation {
    static func locale(_ lang: Language) -> Locale {
        switch lang {
        case .en: return Locale(identifier: "en")
        case .zh: return Locale(identifier: "zh@collation=pinyin")
        case .ja: return Locale(identifier: "ja")
        }
    }

    public static func key(_ e: GlossaryEntry, lang: Language) -> String {
        e.reading[lang] ?? e.term[lang] ?? e.id
    }

    public static func sorted(_ entries: [GlossaryEntry], lang: Language) -> [GlossaryEntry] {
        let loc = locale(lang)
        return entries.sorted { a, b in
            let ka = key(a, lang: lang), kb = key(b, lang: lang)
            switch ka.compare(kb, options: [.caseInsensitive], range: nil, locale: loc) {
            case .orderedAscending: return true
            case .orderedDescending: return false
            case .orderedSame: return a.id < b.id
            }
        }
    }

    /// Whether a term needs a reading to sort: it holds a Han character.
    public static func needsReading(_ term: String) -> Bool {
        term.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
    }
}
