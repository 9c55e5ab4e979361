import Synchronization
import Testing

@testable import AtriumClient

/// `boundedMap`: outputs in input order, never more than `limit` bodies at once, and a failure
/// stops the rest.
@Suite struct BoundedMapTests {
    final class Gauge: Sendable {
        let running = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        let started = Atomic<Int>(0)

        func enter() {
            started.add(1, ordering: .relaxed)
            let now = running.add(1, ordering: .relaxed).newValue
            peak.max(now, ordering: .relaxed)
        }
        func leave() { running.subtract(1, ordering: .relaxed) }
    }

    struct Refused: Error, Equatable { var item: Int }

    @Test func outputsComeInInputOrderWithinTheLimit() async throws {
        let gauge = Gauge()
        let items = Array(0..<200)
        let outputs = try await boundedMap(items, limit: 7) { item throws(Refused) -> String in
            gauge.enter()
            defer { gauge.leave() }
            // Later items finish first: the order is the input's, not the finishing one.
            try? await Task.sleep(for: .microseconds((200 - item) % 13 * 100))
            return "item \(item)"
        }
        #expect(outputs == items.map { "item \($0)" })
        #expect(gauge.peak.load(ordering: .relaxed) <= 7)
        #expect(gauge.peak.load(ordering: .relaxed) > 1, "they ran side by side")
        #expect(try await boundedMap([Int](), limit: 4) { $0 } == [])
    }

    @Test func theFirstFailureIsThrownAndStopsTheRest() async throws {
        let gauge = Gauge()
        await #expect(throws: Refused(item: 5)) {
            _ = try await boundedMap(Array(0..<10_000), limit: 4) { item throws(Refused) -> Int in
                gauge.enter()
                defer { gauge.leave() }
                if item == 5 { throw Refused(item: item) }
                try? await Task.sleep(for: .milliseconds(1))
                return item
            }
        }
        #expect(gauge.started.load(ordering: .relaxed) < 100, "no worker goes on after a failure")
    }
}
