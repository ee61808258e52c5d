import ArgumentParser

/// `kmemguide quiz` — owned by the quiz work (KmemQuiz).
struct QuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quiz", abstract: "Quiz yourself in the terminal.")
    func run() throws { throw ValidationError("the quiz is not built yet") }
}
