import Dispatch

/// Threads of their own for whole-portfolio work (a scan's reading, evaluation and release).
///
/// The service runs Swift concurrency on NIO's event loops (see `Entrypoint.prepareProcess`), and
/// a task started on an event loop keeps its children there: a scan would run on one core and
/// hold up the requests of that loop between its awaits. Here it spreads over every core and
/// the event loops stay free to answer.
final class BulkWorkExecutor: TaskExecutor {
    static let shared = BulkWorkExecutor()

    private let queue = DispatchQueue(label: "itaku.bulk-work", attributes: .concurrent)
    private static let marker = DispatchSpecificKey<Bool>()

    private init() {
        queue.setSpecific(key: Self.marker, value: true)
    }

    /// Whether the calling code runs on these threads.
    static var isCurrent: Bool { DispatchQueue.getSpecific(key: marker) ?? false }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
