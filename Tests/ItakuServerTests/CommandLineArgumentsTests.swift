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

    @Test("whole-number options keep to their range, say so when they do not, and default when absent")
    func numbers() throws {
        var arguments = CommandLineArguments(["--samples", "0", "--contractors", "50"])
        #expect(try arguments.number("--samples", in: 0...100, default: 300) == 0)
        #expect(try arguments.number("--contractors", in: 10...200, default: 200) == 50)
        #expect(try arguments.number("--seed", in: 0...9, default: 7) == 7)
        try arguments.ensureEmpty()
        for bad in ["-1", "101", "ten", "1.5"] {
            var arguments = CommandLineArguments(["--samples", bad])
            #expect(throws: CommandUsageError("--samples must be a whole number between 0 and 100")) {
                try arguments.number("--samples", in: 0...100, default: 300)
            }
        }
    }
}
