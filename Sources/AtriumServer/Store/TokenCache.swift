import Foundation
import Synchronization

/// Recently authenticated tokens, so that a busy client is not looked up on every request.
/// Entries live 10 seconds: tokens cannot be revoked through the API, and a user created or
/// changed is seen by the next lookup after that (a status change empties the cache at once).
final class TokenCache: Sendable {
    private let entries = Mutex<[String: (user: UserRecord, expires: ContinuousClock.Instant)]>([:])
    static let lifetime = Duration.seconds(10)
    static let capacity = 10_000

    func user(for hash: String) -> UserRecord? {
        entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            if entry.expires < .now {
                entries[hash] = nil
                return nil
            }
            return entry.user
        }
    }

    func store(_ user: UserRecord, for hash: String) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = (user, .now + Self.lifetime)
        }
    }

    /// Drops every entry: a user's status changed.
    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
