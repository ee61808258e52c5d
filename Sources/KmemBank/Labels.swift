import Foundation
import KmemCore

/// The few words the exported files say themselves (headings of the printed exam, the answer
/// labels of true/false and of the Anki back), in the three languages. Japanese papers speak in
/// the plain imperative throughout (選べ, 書け), as Japanese exams and our question prompts do.
struct Labels {
    let lang: Language
    let trueWord: String
    let falseWord: String
    let answer: String
    let explanation: String
    let examTitle: String
    let keyTitle: String
    let version: String
    let name: String
    let studentID: String
    let date: String
    let instructions: String
    let questionsCount: String          // "%d questions"
    let chooseOne: String
    let chooseAll: String
    let writeNumber: String
    let writeAddress: String
    let writeAnswer: String
    let matchInstruction: String
    let orderInstruction: String
    let order: String
    let tolerance: String
    let accepted: String
    let whyNot: String
    let difficulty: String
    let topic: String
    let pointsLine: String

    static func of(_ lang: Language) -> Labels {
        switch lang {
        case .en: return Labels(
            lang: .en, trueWord: "True", falseWord: "False", answer: "Answer:", explanation: "Worked solution",
            examTitle: "Linux kernel memory allocation — examination", keyTitle: "Answer key",
            version: "Version", name: "Name", studentID: "Student number", date: "Date",
            instructions: "Answer every question in the space provided. For single-choice questions mark one circle; for questions marked “select all that apply” mark every correct box.",
            questionsCount: "%d questions", chooseOne: "Choose one.", chooseAll: "Select all that apply.",
            writeNumber: "Write the number:", writeAddress: "Write the address (hexadecimal):", writeAnswer: "Write your answer:",
            matchInstruction: "Write the letter of the matching item beside each number.",
            orderInstruction: "Write the letters in the right order.", order: "Order:",
            tolerance: "tolerance", accepted: "Also accepted", whyNot: "Why not", difficulty: "Difficulty",
            topic: "Topic", pointsLine: "Score")
        case .zh: return Labels(
            lang: .zh, trueWord: "正确", falseWord: "错误", answer: "答案：", explanation: "解题过程",
            examTitle: "Linux 内核内存分配 — 考试", keyTitle: "参考答案",
            version: "试卷版本", name: "姓名", studentID: "学号", date: "日期",
            instructions: "请在指定位置作答。单选题请涂一个圆圈；标有“选出所有正确项”的题目请勾选所有正确的方框。",
            questionsCount: "共 %d 题", chooseOne: "单选。", chooseAll: "选出所有正确项。",
            writeNumber: "填写数值：", writeAddress: "填写地址（十六进制）：", writeAnswer: "填写答案：",
            matchInstruction: "在每个编号旁写出与之匹配的字母。",
            orderInstruction: "按正确顺序写出字母。", order: "顺序：",
            tolerance: "允许误差", accepted: "也接受", whyNot: "为什么不是", difficulty: "难度",
            topic: "主题", pointsLine: "得分")
        case .ja: return Labels(
            lang: .ja, trueWord: "正しい", falseWord: "誤り", answer: "解答：", explanation: "解説",
            examTitle: "Linux カーネルのメモリ割り当て — 試験", keyTitle: "解答と解説",
            version: "バージョン", name: "氏名", studentID: "学籍番号", date: "日付",
            instructions: "すべての問題に解答欄で答えよ。単一選択の問題は丸を 1 つ塗り、「当てはまるものをすべて選べ」とある問題は正しい四角をすべて塗れ。",
            questionsCount: "全 %d 問", chooseOne: "1 つ選べ。", chooseAll: "当てはまるものをすべて選べ。",
            writeNumber: "数値を書け：", writeAddress: "アドレスを書け（16 進数）：", writeAnswer: "答えを書け：",
            matchInstruction: "各番号の横に、対応する項目の記号を書け。",
            orderInstruction: "記号を正しい順に書け。", order: "順序：",
            tolerance: "許容誤差", accepted: "別解", whyNot: "誤りの理由", difficulty: "難易度",
            topic: "トピック", pointsLine: "得点")
        }
    }

    /// "(Also accepted: x, y)" after an answer, with the language's brackets and colon.
    func alsoAccepted(_ list: String) -> String {
        switch lang {
        case .zh, .ja: return "（\(accepted)：\(list)）"
        case .en: return " (\(accepted): \(list))"
        }
    }

    /// "2 points" beside a question.
    func pointsLabel(_ n: Int) -> String {
        switch lang {
        case .zh: return "（\(n) 分）"
        case .ja: return "（\(n) 点）"
        case .en: return n == 1 ? "(1 point)" : "(\(n) points)"
        }
    }

    /// "30 points in all" in the header.
    func pointsCount(_ n: Int) -> String {
        switch lang {
        case .zh: return "满分 \(n) 分"
        case .ja: return "配点 \(n) 点"
        case .en: return "\(n) points"
        }
    }

    /// "Answer" as a column heading: the label without its colon.
    var answerHeading: String { answer.trimmingCharacters(in: CharacterSet(charactersIn: ":： ")) }

    func count(_ n: Int) -> String { questionsCount.replacingOccurrences(of: "%d", with: String(n)) }
}
