import AtriumCore
import Synchronization

/// Runs `body` over `items` with at most `limit` running at once, results in input order. The
/// first failure cancels the rest and is thrown; with `Failure == Never` nothing can fail and every
/// item has its output.
///
/// `limit` workers take the items in order, each the next one not yet taken: a child task per
/// worker, not per item (ten thousand workspaces would be ten thousand tasks, each created,
/// scheduled and awaited by the group on its own).
func boundedMap<Item: Sendable, Output: Sendable, Failure: Error>(
    _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async throws(Failure) -> Output
) async throws(Failure) -> [Output] {
    guard !items.isEmpty else { return [] }
    let cursor = WorkCursor(count: items.count)
    let outcomes = await withTaskGroup(of: [(Int, Result<Output, Failure>)].self) { group in
        for _ in 0..<min(max(limit, 1), items.count) {
            group.addTask {
                var done: [(Int, Result<Output, Failure>)] = []
                while let index = cursor.take() {
                    do throws(Failure) {
                        done.append((index, .success(try await body(items[index]))))
                    } catch {
                        done.append((index, .failure(error)))
                        cursor.stop()
                        break
                    }
                }
                return done
            }
        }
        var results = [Result<Output, Failure>?](repeating: nil, count: items.count)
        while let done = await group.next() {
            for (index, outcome) in done {
                results[index] = outcome
                // The first failure cancels what is under way; no worker takes another item.
                if case .failure = outcome { group.cancelAll() }
            }
        }
        return results
    }
    var outputs: [Output] = []
    outputs.reserveCapacity(items.count)
    for outcome in outcomes {
        switch outcome {
        case .success(let output): outputs.append(output)
        case .failure(let error): throw error
        case nil: continue  // not started after a failure, which this loop throws
        }
    }
    precondition(outputs.count == items.count, "every item has its output when nothing failed")
    return outputs
}

/// The next item a `boundedMap` worker takes, until there are none or a failure stopped them.
private final class WorkCursor: Sendable {
    private let next = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    let count: Int

    init(count: Int) { self.count = count }

    func take() -> Int? {
        guard !stopped.load(ordering: .relaxed) else { return nil }
        let index = next.add(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }

    func stop() { stopped.store(true, ordering: .relaxed) }
}
