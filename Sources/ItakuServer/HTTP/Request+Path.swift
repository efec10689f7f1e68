import Vapor

extension Request {
    /// The decoded path, worked out once per request: Vapor parses the URI again on every read of
    /// `url.path`, and several middlewares look at it on the hottest reads.
    var decodedPath: String {
        if let known = storage[DecodedPathKey.self] { return known }
        let path = url.path
        storage[DecodedPathKey.self] = path
        return path
    }
}

private struct DecodedPathKey: StorageKey {
    typealias Value = String
}
