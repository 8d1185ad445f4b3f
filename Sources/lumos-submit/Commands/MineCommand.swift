import ArgumentParser

struct MineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine",
        abstract: "Write Lumos training annotations from successful trajectories."
    )

    func run() throws {
        throw ValidationError("'mine' is not built yet.")
    }
}
