import Synchronization

/// Decoded JSON string lists by their text: a template's parameter names are stored as JSON and
/// read with every workspace row that joins the template, and a server has few templates, so each
/// text is decoded once rather than by Foundation's decoder per row. Bounded: emptied past
/// `limit` texts.
final class DecodedListCache: Sendable {
    private let lists = Mutex<[String: [String]]>([:])
    private let limit: Int

    init(limit: Int = 1024) { self.limit = limit }

    func list(_ text: String, decode: (String) -> [String]?) -> [String] {
        if let cached = lists.withLock({ $0[text] }) { return cached }
        let decoded = decode(text) ?? []
        lists.withLock { lists in
            if lists.count >= limit { lists.removeAll(keepingCapacity: true) }
            lists[text] = decoded
        }
        return decoded
    }
}
