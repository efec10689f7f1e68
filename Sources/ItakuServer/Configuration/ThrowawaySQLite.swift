import Foundation
import Vapor

/// The SQLite file behind `ITAKU_SQLITE_PATH=:memory:`, in a directory of its own that is removed
/// when the instance shuts down.
///
/// sqlite-kit's `.memory` is itself a file in the temporary directory (its SQLite is built
/// without shared cache), and it never removes that file: every test run left about 140 of them.
struct ThrowawaySQLite: LifecycleHandler {
    let directory: URL

    /// Makes the directory; the database file in it is created on first use.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("itaku-throwaway-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
    }

    var path: String { directory.appendingPathComponent("itaku.sqlite").path }

    func shutdownAsync(_ application: Application) async {
        // Connections may still be open; on Linux and macOS an unlinked file lives on until they close.
        try? FileManager.default.removeItem(at: directory)
    }
}
