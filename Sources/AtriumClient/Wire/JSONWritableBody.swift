import AtriumCore
import Foundation

/// A request body written by `JSONWriter`: the bodies of an apply's thousands of creates and ACL
/// patches, which Foundation's encoder spent a tenth of the client's time on. Written as
/// `ServerClient.encoder` writes them (sorted keys, snake case); RequestBodyWritingTests compares.
protocol JSONWritableBody: Encodable {
    func write(to writer: inout JSONWriter)
}

extension JSONWritableBody {
    var json: Data {
        var writer = JSONWriter(capacity: 256)
        write(to: &writer)
        return Data(writer.bytes)
    }
}
