import Foundation
import ItakuCore
import Logging
import Vapor

/// Starts the `itaku` executable: reads the configuration, then runs the command named on the
/// command line (`serve` by default).
public enum Entrypoint {
    public static func main() async {
        MallocArenas.limit()
        do {
            let configuration = try Configuration.fromEnvironment()
            let level = configuration.logLevel
            // Logs go to stderr so that commands such as `issue-token` print only their result on stdout.
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            let environment = try Environment.detect()
            let app = try await Application.make(environment)
            do {
                try await configure(app, configuration)
                try await app.execute()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        } catch {
            FileHandle.standardError.write(Data("itaku: \(message(for: error))\n".utf8))
            exit(1)
        }
    }

    /// Operator-facing wording for start-up and command failures.
    static func message(for error: any Error) -> String {
        "\(error)"
    }
}
