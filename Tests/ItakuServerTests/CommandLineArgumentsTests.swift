import Testing

@testable import ItakuServer

@Suite("Operator command arguments")
struct CommandLineArgumentsTests {
    @Test("options take a value, flags none, and anything left over is refused")
    func optionsAndFlags() throws {
        var arguments = CommandLineArguments(["--contractors", "50", "--no-scan", "--seed", "3"])
        let contractors = try arguments.option("--contractors")
        let noScan = arguments.flag("--no-scan")
        let noScanAgain = arguments.flag("--no-scan")
        let seed = try arguments.option("--seed")
        let seedAgain = try arguments.option("--seed")
        #expect(contractors == "50" && noScan && !noScanAgain && seed == "3" && seedAgain == nil)
        try arguments.ensureEmpty()

        #expect(throws: CommandUsageError.self) {
            var missing = CommandLineArguments(["--seed", "--no-scan"])
            _ = try missing.option("--seed")
        }
        var extra = CommandLineArguments(["--no-scan", "--verbose"])
        _ = extra.flag("--no-scan")
        #expect(throws: CommandUsageError.self) { try extra.ensureEmpty() }
    }
}
