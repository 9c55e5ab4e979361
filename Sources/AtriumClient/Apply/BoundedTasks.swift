import AtriumCore

/// Runs `body` over `items` with at most `limit` running at once, results in input order. The
/// first failure cancels the rest and is thrown; with `Failure == Never` nothing can fail and every
/// item has its output.
func boundedMap<Item: Sendable, Output: Sendable, Failure: Error>(
    _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async throws(Failure) -> Output
) async throws(Failure) -> [Output] {
    guard !items.isEmpty else { return [] }
    let outcomes = await withTaskGroup(of: (Int, Result<Output, Failure>).self) { group in
        var results = [Result<Output, Failure>?](repeating: nil, count: items.count)
        var next = 0
        func start() {
            let index = next
            group.addTask {
                do throws(Failure) { return (index, .success(try await body(items[index]))) } catch {
                    return (index, .failure(error))
                }
            }
            next += 1
        }
        for _ in 0..<min(max(limit, 1), items.count) { start() }
        while let (index, outcome) = await group.next() {
            results[index] = outcome
            if case .failure = outcome {
                group.cancelAll()
                return results
            }
            if next < items.count { start() }
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
