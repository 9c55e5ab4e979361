internal import CLibQREncode

extension QRCode {
    /// The libqrencode this binary runs with (`4.1.1`).
    package static var libraryVersion: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var micro: Int32 = 0
        QRcode_APIVersion(&major, &minor, &micro)
        return "\(major).\(minor).\(micro)"
    }
}
