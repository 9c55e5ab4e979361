import Foundation

/// A free TCP port on loopback (for servers that cannot be told to pick one and say which).
public func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    try withUnsafeMutablePointer(to: &address) { pointer in
        try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            guard bind(descriptor, raw, length) == 0, getsockname(descriptor, raw, &length) == 0 else {
                throw ToolFailure(description: "no free port")
            }
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
