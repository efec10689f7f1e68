import Foundation
import ItakuCore
import Logging
import NIOCore
import NIOPosix
import Vapor

/// Starts the `itaku` executable: reads the configuration, then runs the command named on the
/// command line (`serve` by default).
public enum Entrypoint {
    /// Sets the process up; call it first, on the main thread, before any task starts. It caps
    /// malloc's arenas and makes NIO's event loops Swift concurrency's executor: a request's
    /// tasks then run on the loop that reads its socket and its database connection, instead of
    /// hopping to the concurrency pool and back at every statement (a submission took 12 % less
    /// CPU and the service served a quarter more of them). Work that would hold a loop up runs
    /// elsewhere: bcrypt on NIO's thread pool, scans on `BulkWorkExecutor`.
    public static func prepareProcess() {
        // Before the first task: that starts the event loops' threads, and glibc gives threads
        // their arenas as they first allocate.
        MallocArenas.limit()
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Runs the command line's command and exits with status 1 and a message if it fails.
    public static func main() async {
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
