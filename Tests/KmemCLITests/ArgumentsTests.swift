import ArgumentParser
import Testing
@testable import KmemBank
@testable import KmemCLI
import KmemCore
import KmemQuestions

/// Option values are parsed once, in process, when the command line is parsed: a typed value
/// comes out, or ArgumentParser's one error style ("The value … is invalid for '--opt …': why").
@Suite struct ArgumentsTests {
    @Test func bankListsComeOutTypedAndInTheirOwnOrder() throws {
        let c = try BankCommand.parse(["--format", "gift,moodle", "--lang", "ja,zh", "--kind", "hex,single", "--kind", "numeric",
                                       "--difficulty", "3", "--difficulty", "1,2", "--mix", "40/40/20", "--points", "2"])
        #expect(c.format.values == [.moodle, .gift])
        #expect(c.lang.values == [.zh, .ja])
        #expect(Set(c.kinds.flatMap(\.values)) == [.hexAddress, .singleChoice, .numeric])
        #expect(c.difficulty.reduce(into: Set<Int>()) { $0.formUnion($1.levels) } == [1, 2, 3])
        #expect(c.mix?.shares == [40, 40, 20])
        #expect(c.points == Points(byDifficulty: [2, 2, 2]))
    }

    @Test func bankDefaultsAreEveryLanguageAndEveryFormatButPDF() throws {
        let c = try BankCommand.parse([String]())
        #expect(c.lang.values == Language.allCases)
        #expect(c.format.values.contains(.pdf) && c.format.named == ["all"], "`all` names pdf too; run() drops it unless asked")
        #expect(try BankCommand.parse(["--format", "all,pdf"]).format.named == ["all", "pdf"])
    }

    @Test(arguments: [
        (["--format", "moodle,docx"], "--format", "unknown format `docx`"),
        (["--format", ","], "--format", "no format given"),
        (["--lang", "fr"], "--lang", "unknown language `fr`"),
        (["--kind", "essay"], "--kind", "unknown kind `essay`"),
        (["--kind", "all"], "--kind", "unknown kind `all`"),
        (["--difficulty", "4"], "--difficulty", "unknown difficulty `4`"),
        (["--mix", "40/60"], "--mix", "three whole percentages"),
        (["--points", "1,2"], "--points", "one whole number"),
        (["--points", "0"], "--points", "one whole number"),
    ])
    func bankRefusesABadValueWhileParsing(args: [String], option: String, why: String) {
        do {
            _ = try BankCommand.parse(args)
            Issue.record("\(args) was accepted")
        } catch {
            let message = BankCommand.message(for: error)
            #expect(message.contains("is invalid for '\(option)") && message.contains(why), "\(message)")
            #expect(BankCommand.exitCode(for: error).rawValue == 64)
        }
    }

    @Test func quizValuesComeOutTyped() throws {
        let c = try QuizCommand.parse(["--lang", "zh", "--difficulty", "2-3", "--mode", "exam", "--time-limit", "1m30s"])
        #expect(c.lang == .zh)
        #expect(c.difficulty?.range == 2...3)
        #expect(c.timeLimit?.seconds == 90)
        #expect(try QuizCommand.parse(["--difficulty", "1..2"]).difficulty?.range == 1...2)
        #expect(try QuizCommand.parse(["--mode", "exam", "--time-limit", "0"]).timeLimit?.seconds == 0)
    }

    @Test(arguments: [
        (["--lang", "fr"], "--lang"),
        (["--difficulty", "3-1"], "--difficulty"), (["--difficulty", "0"], "--difficulty"), (["--difficulty", "1-2-3"], "--difficulty"),
        (["--time-limit", "inf", "--mode", "exam"], "--time-limit"), (["--time-limit", "1e20", "--mode", "exam"], "--time-limit"),
        (["--time-limit", "99999999999999999999s", "--mode", "exam"], "--time-limit"), (["--time-limit", "soon", "--mode", "exam"], "--time-limit"),
        (["--time-limit", "25h", "--mode", "exam"], "--time-limit"),
    ])
    func quizRefusesABadValueWhileParsing(args: [String], option: String) {
        do {
            _ = try QuizCommand.parse(args)
            Issue.record("\(args) was accepted")
        } catch {
            #expect(QuizCommand.message(for: error).contains("'\(option)"), "\(QuizCommand.message(for: error))")
            #expect(QuizCommand.exitCode(for: error).rawValue == 64)
        }
    }

    @Test func crossOptionRulesStayInValidate() {
        #expect(throws: (any Error).self) { try QuizCommand.parse(["--time-limit", "60"]) }  // practice mode has no clock
        #expect(throws: (any Error).self) { try QuizCommand.parse(["--count", "0"]) }
    }
}
