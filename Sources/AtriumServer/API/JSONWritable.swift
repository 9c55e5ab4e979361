import AtriumCore

/// A response the server writes with `JSONWriter` instead of Foundation's encoder.
protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}
