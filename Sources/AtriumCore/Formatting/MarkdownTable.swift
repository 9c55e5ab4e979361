/// Fits a long Markdown table into a pull-request comment (GitHub refuses comments over 65,536
/// characters): the first and last rows stay, the middle is cut, and one row says how much.
enum MarkdownTable {
    /// The document `render` makes around the table, cut shorter until it is at most `limit`
    /// characters; `nil` when not even a handful of rows fit.
    static func fit(
        rows: [String], tableHeader: [String], limit: Int, cutRow: (Int) -> String, render: ([String]) -> String
    ) -> String? {
        var keep = rows.count
        while keep > 0 {
            keep = keep * 3 / 4
            let first = rows.prefix((keep + 1) / 2)
            let last = rows.suffix(keep / 2)
            let document = render(tableHeader + first + [cutRow(rows.count - first.count - last.count)] + last)
            if document.count <= limit { return document }
        }
        return nil
    }
}
