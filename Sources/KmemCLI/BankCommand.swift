import ArgumentParser

/// `kmemguide bank` — owned by the bank work (KmemBank).
struct BankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bank", abstract: "Write exam question banks.")
    func run() throws { throw ValidationError("the bank export is not built yet") }
}
