import ArgumentParser
import Foundation
import KmemContent
import KmemCore
import KmemQuiz

/// `kmemguide sim compare CAPTURE.json`: what a real kernel reported under QEMU (verify/run.sh,
/// verify/lab.sh) beside what the simulator computes for the same machine, in the reader's
/// language — the verification page's table, for one capture, in a terminal.
///
/// Exit status: 0 when every value matches, 1 when any differs (so a script can test it),
/// 65 for a file that is not a capture, 66 for a missing one.
struct SimCompare: ParsableCommand {
    static var configuration: CommandConfiguration {
        Help.configuration(commandName: "compare", abstract: "cli.sim.compare.abstract", discussion: Help.text("cli.sim.compare.discussion"))
    }

    @Argument(help: Help.argument("cli.sim.compare.capture", valueName: "capture.json"))
    var capture: String

    @Option(help: Help.argument("cli.sim.compare.lang"))
    var lang: Language?

    @OptionGroup var library: LibraryOptions

    func run() throws {
        var allMatch = true
        try reporting {
            let language = lang ?? QuizCommand.language(from: ProcessInfo.processInfo.environment)
            // The capture first: a wrong path is the likelier mistake, and it needs no content.
            let comparison = try CaptureComparison.load(path: capture)
            let ui = try library.library().loadUI()
            let report = Self.report(comparison, file: capture, ui: ui, lang: language)
            print(report.text, terminator: "")
            allMatch = report.allMatch
        }
        if !allMatch { throw ExitCode(1) }
    }

    struct Report {
        var text: String
        var matched: Int
        var total: Int
        var allMatch: Bool { matched == total }
    }

    /// The file and the machine, a table padded by display width (CJK headers are two columns a
    /// character), and a last line counting the values that match.
    static func report(_ c: CaptureComparison, file: String, ui: UIStrings, lang: Language) -> Report {
        func t(_ key: String, _ values: [String: String] = [:]) -> String {
            var s = ui(key, lang)
            for (name, value) in values { s = s.replacingOccurrences(of: "{\(name)}", with: value) }
            return s
        }
        var machine = ["Linux \(c.release)", c.arch.rawValue, "QEMU -m \(Wording.memparseText(c.ramBytes))" + (c.qemuCpu.map { " -cpu \($0)" } ?? "")]
        if let v = c.vmallocParam { machine.append(Wording.bootParameter("vmalloc", v)) }
        var out = t("l10n.label", ["label": t("cli.sim.compare.file"), "value": file]) + "\n"
        out += t("l10n.label", ["label": t("table.machine"), "value": machine.joined(separator: t("l10n.list_sep"))]) + "\n\n"

        let table = [[t("table.field"), t("table.kernel_reports"), t("table.simulator_says"), "="]]
            + c.rows.map { [$0.field, $0.kernel, $0.simulator, $0.matches ? "✓" : "✗"] }
        let widths = (0..<4).map { col in table.map { TextWidth.width(of: $0[col]) }.max() ?? 0 }
        for (i, row) in table.enumerated() {
            let cells = row.enumerated().map { col, cell in col == row.count - 1 ? cell : TextWidth.pad(cell, to: widths[col]) }
            out += cells.joined(separator: "  ") + "\n"
            if i == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }

        let matched = c.rows.filter(\.matches).count
        let total = c.rows.count
        out += "\n" + (matched == total
            ? t("cli.sim.compare.all_match", ["n": "\(total)"])
            : t("cli.sim.compare.some_differ", ["matched": "\(matched)", "n": "\(total)", "differ": "\(total - matched)"])) + "\n"
        return Report(text: out, matched: matched, total: total)
    }
}
