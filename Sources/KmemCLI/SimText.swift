import ArgumentParser
import Foundation
import KernelSim
import KmemBuiltIn
import KmemContent
import KmemCore
import KmemQuiz

/// `--lang` of the sim subcommands: their text output in the reader's language (issue 13).
/// Our words come from ui.yaml's `sim.*` (and `region.*`, `demo.reason.*`, `l10n.*`) in the copy
/// built into this kmemguide, as help's do: the sim commands read no content folder. What the
/// kernel prints (/proc files, boot logs, kernel messages), names of functions and flags, hex
/// values and JSON stay as they are.
struct SimLanguageOption: ParsableArguments {
    @Option(help: Help.argument("cli.quiz.lang")) var lang: Language?

    var wording: Wording { SimText.wording(lang ?? QuizCommand.language(from: ProcessInfo.processInfo.environment)) }
}

enum SimText {
    /// The built-in strings help reads too, parsed once per process.
    static func wording(_ lang: Language) -> Wording { Wording(ui: Help.strings, lang: lang) }
}

extension Wording {
    /// English keeps the ids it always printed ("lowmem", "vmalloc-guard"); zh and ja name the region.
    func simRegion(_ id: String) -> String { lang == .en ? id : region(id) }

    /// English keeps the reason's id; zh and ja say it (`demo.reason.*`).
    func simReason(_ id: String) -> String { lang == .en || !ui.has("demo.reason." + id) ? id : t("demo.reason." + id) }

    func yesNo(_ b: Bool) -> String { t(b ? "sim.yes" : "sim.no") }
}
