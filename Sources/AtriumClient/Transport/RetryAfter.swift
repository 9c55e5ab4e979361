package import Foundation

/// A `Retry-After` header as RFC 9110 §10.2.3 defines it: a number of seconds (digits only) or
/// an HTTP date. Anything else (`-5`, `1e30`, `inf`, a date in another format) is no answer and
/// the caller's own backoff applies. A wait below `floor` is raised to it, so that `0` cannot
/// make a tight loop of retries.
package enum RetryAfter {
    package static let floor = Duration.milliseconds(100)

    /// The wait the header asks for, from `now`; `nil` when the header says nothing usable.
    package static func parse(_ value: String, now: Date = Date()) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // Longer than a year reads as a year: what matters is that it is over any bound.
            let seconds = Int(text.prefix(9)) ?? 0
            return max(.seconds(text.count > 9 ? Self.year : min(seconds, Self.year)), floor)
        }
        guard let date = httpDate(text) else { return nil }
        let seconds = min(max(date.timeIntervalSince(now), 0), Double(Self.year))
        return max(.milliseconds(Int(seconds * 1000)), floor)
    }

    static let year = 365 * 86_400

    /// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms RFC 9110 asks
    /// recipients to accept (RFC 850 and asctime).
    static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
