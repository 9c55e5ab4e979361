import Foundation
import Testing

@testable import AtriumCore

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-12-31T18:00:00Z", 1_798_740_000.0),
        ("2026-12-31t18:00:00z", 1_798_740_000.0),
        ("2026-12-31T19:00:00+01:00", 1_798_740_000.0),
        ("2026-12-31T13:30:00-04:30", 1_798_740_000.0),
        ("2026-12-31T18:00:00.250Z", 1_798_740_000.25),
        ("2026-12-31", 1_798_675_200.0),
        ("1970-01-01T00:00:00Z", 0.0),
        ("2024-02-29", 1_709_164_800.0),
    ])
    func parses(text: String, seconds: Double) {
        #expect(Timestamp.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: [
        "", "tomorrow", "2026-13-01", "2026-02-30", "2025-02-29", "2026-12-31T18:00:00", "2026-12-31T25:00:00Z",
        "2026-12-31T18:00Z", "2026-12-31T18:00:00+0100", "2026-12-31T18:00:00Zjunk",
    ])
    func refuses(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func formatRoundTrips() {
        for seconds in [0.0, 1_798_740_000, 951_782_400, 4_102_444_799] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.parse(Timestamp.format(date)) == date)
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_798_740_000)) == "2026-12-31T18:00:00Z")
    }
}
