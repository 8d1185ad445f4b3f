import AgentCore
import Foundation
import ArgumentParser
import LumosCLI
import Queue
import Testing

@Suite struct EnvironmentTests {
    @Test func flagWinsOverEnvironmentWhichWinsOverTheDefault() {
        let environment = Environment(["LUMOS_QUEUE": "from-env", "LUMOS_PREFIX": ""])
        #expect(environment.resolve("from-flag", .queue, default: "default") == "from-flag")
        #expect(environment.resolve(nil, .queue, default: "default") == "from-env")
        #expect(environment.resolve(nil, .prefix, default: "lumos:") == "lumos:", "an empty variable counts as unset")
    }

    @Test func redisURLComesFromTheFlagThenTheVariableThenNothing() throws {
        let environment = Environment(["LUMOS_REDIS_URL": "redis://env-host:7000"])
        #expect(try QueueOptions.configuredURL(flag: "unix:///tmp/flag.sock", environment: environment)?.endpoint == .unix(path: "/tmp/flag.sock"))
        #expect(try QueueOptions.configuredURL(flag: nil, environment: environment)?.endpoint == .tcp(host: "env-host", port: 7000))
        #expect(try QueueOptions.configuredURL(flag: nil, environment: Environment([:])) == nil)
    }

    @Test func malformedRedisURLNamesWhereItCameFrom() {
        let failure = #expect(throws: CommandFailure.self) {
            try QueueOptions.configuredURL(flag: nil, environment: Environment(["LUMOS_REDIS_URL": "localhost:6379"]))
        }
        #expect(failure?.message.hasPrefix("LUMOS_REDIS_URL:") == true, "\(failure?.message ?? "")")
    }

    @Test func aNumericVariableThatIsNotANumberIsAnErrorNamingIt() throws {
        let environment = Environment(["LUMOS_CONCURRENCY": "four"])
        #expect(try environment.resolve(3, .concurrency) == 3)
        let error = #expect(throws: ValidationError.self) { try environment.resolve(nil as Int?, .concurrency) }
        #expect(error?.message.contains("LUMOS_CONCURRENCY") == true)
        #expect(try Environment(["LUMOS_CONCURRENCY": " 4 "]).resolve(nil as Int?, .concurrency) == 4)
    }

    @Test func bundledModelPathIsTheVariableElseTheCacheUnderHome() {
        #expect(BundledModel.expectedPath(in: Environment(["LUMOS_MODEL": "/m.gguf", "HOME": "/h"])) == "/m.gguf")
        #expect(BundledModel.expectedPath(in: Environment(["HOME": "/h"])) == "/h/" + BundledModel.cacheRelativePath)
    }

    @Test func childEnvironmentSetsAndRemovesVariables() {
        let child = Environment(["LUMOS_QUEUE": "q", "PATH": "/bin"]).child([.redisURL: "unix:///s.sock", .queue: nil])
        #expect(child == ["LUMOS_REDIS_URL": "unix:///s.sock", "PATH": "/bin"])
    }
}

@Suite struct BundledModelTests {
    @Test func bundledModelResolvesToAnExistingFileWhenInstalled() throws {
        guard FileManager.default.fileExists(atPath: BundledModel.expectedPath()) else { return }
        #expect(FileManager.default.fileExists(atPath: try BundledModel.path()))
    }

    @Test func aModelVariableNamingNoFileIsAnErrorNamingIt() {
        let error = #expect(throws: BundledModel.NotFound.self) {
            try BundledModel.path(in: Environment(["LUMOS_MODEL": "/nonexistent/model.gguf"]))
        }
        #expect(error?.message.contains("LUMOS_MODEL") == true)
    }
}
