/// Two questions that ask the same thing (issue 18: `max-order/2` and `max-order/3` were one
/// question twice). The same English prompt, up to case, spacing and punctuation, with the same
/// options (or the same answer, for kinds without options) is a duplicate.
public enum Duplicates {
    /// What must differ between two questions: the prompt and what the learner chooses from.
    public static func key(_ q: Question) -> String {
        func norm(_ s: String) -> String {
            s.lowercased().unicodeScalars.filter { CharacterSetLite.isWordOrSpace($0) }
                .map(String.init).joined().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        }
        let options = q.choices.map { norm($0.text.en) }.sorted().joined(separator: "|")
        return q.kind.rawValue + "\u{1F}" + norm(q.prompt.en) + "\u{1F}" + options
    }

    /// Each question that repeats an earlier one, with the index of the earlier one.
    public static func find(_ questions: [Question]) -> [(index: Int, first: Int)] {
        var seen: [String: Int] = [:]
        var out: [(Int, Int)] = []
        for (i, q) in questions.enumerated() {
            let k = key(q)
            if let first = seen[k] { out.append((i, first)) } else { seen[k] = i }
        }
        return out
    }

    /// `questions` without the repeats (the first of each stays).
    public static func removing(from questions: [Question]) -> [Question] {
        let drop = Set(find(questions).map(\.index))
        return questions.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    }
}

enum CharacterSetLite {
    static func isWordOrSpace(_ u: Unicode.Scalar) -> Bool {
        u.properties.isAlphabetic || u.properties.numericType != nil || u == " " || u == "\n" || u == "\t" || u == "_"
    }
}
