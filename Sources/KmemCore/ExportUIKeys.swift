/// The `export.*` strings of content/ui.yaml: the words exported banks and printed exams say
/// themselves (KmemBank's `Labels`). `kmemguide check` requires each in en, zh and ja; KmemBank
/// and KmemContent do not depend on each other, so the list lives here.
public enum ExportUIKeys {
    public static let all: [String] = [
        "export.true_word",
        "export.false_word",
        "export.answer",
        "export.explanation",
        "export.exam_title",
        "export.key_title",
        "export.version",
        "export.name",
        "export.student_i_d",
        "export.date",
        "export.instructions",
        "export.questions_count",
        "export.choose_one",
        "export.choose_all",
        "export.write_number",
        "export.write_address",
        "export.write_answer",
        "export.match_instruction",
        "export.order_instruction",
        "export.order",
        "export.tolerance",
        "export.why_not",
        "export.difficulty",
        "export.topic",
        "export.points_line",
        "export.points_heading",
        "export.also_accepted",
        "export.points_one",
        "export.points",
        "export.points_total",
    ]
}
