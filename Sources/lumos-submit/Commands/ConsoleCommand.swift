import ArgumentParser
import Console
import Foundation
import LumosCLI
import Queue

struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Serve the fleet console: queues, batches, workers, dead letters, trajectories and review.",
        discussion: """
            Binds 127.0.0.1 unless --host says otherwise. Changes (requeue, purge, cancel, review) need \
            the token from \(Setting.consoleToken.name), or one made and printed at start-up; open the printed \
            link once to sign the browser in. See docs/console.md.
            """
    )

    @OptionGroup var queueOptions: QueueOptions

    @Option(name: .customLong("db"), parsing: .upToNextOption, help: "Result databases to browse and review (repeatable).")
    var databases: [String] = []

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080

    @Flag(name: .customLong("protect-reads"), help: "Ask for the token on read-only pages too.")
    var protectReads = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        for path in databases where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("The results database '\(path)' does not exist: check the path given to --db.")
        }
    }

    func run() async throws {
        let given = Environment.current.value(.consoleToken)
        if let given, given.count < 16 {
            printError("Error: \(Setting.consoleToken.name) is shorter than 16 characters; use a longer random value.")
            throw ExitCode.failure
        }
        let token = given ?? AccessToken.generate().value
        let url: RedisURL
        let server: ConsoleServer
        do {
            url = try queueOptions.url()
            server = try ConsoleServer(configuration: ConsoleConfiguration(
                redis: url, queue: queueOptions.queueConfiguration, databases: databases, host: host, port: port, token: token,
                protectReads: protectReads))
        } catch let error as QueueError {
            printError("Error: \(error.message)\(QueueOptions.advice(for: error))")
            throw ExitCode.failure
        } catch let error as ConsoleError {
            printError("Error: \(error.message)")
            throw ExitCode.failure
        } catch let failure as CommandFailure {
            printError("Error: \(failure.message)")
            throw ExitCode(failure.exitCode)
        }
        let host = self.host
        let shownToken = given == nil
        try await server.run { port in
            let shownHost = host.contains(":") ? "[\(host)]" : host
            // Written straight to the file descriptor, so a reader of a pipe sees it at once.
            let login = shownToken ? token : "<\(Setting.consoleToken.name)>"
            FileHandle.standardOutput.write(Data("""
                Lumos console on http://\(shownHost):\(port)/ (Redis \(url.redacted))
                Sign in to make changes: http://\(shownHost):\(port)/login?token=\(login)

                """.utf8))
        }
    }
}
