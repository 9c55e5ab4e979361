internal import CLibGit2

/// A git object's 20-byte id, cheap to hash and compare (the history walk keys on it).
struct ObjectID: Hashable, Sendable {
    var high: UInt64
    var middle: UInt64
    var low: UInt32

    init(_ oid: UnsafePointer<git_oid>) {
        var high: UInt64 = 0
        var middle: UInt64 = 0
        var low: UInt32 = 0
        withUnsafeBytes(of: oid.pointee.id) { bytes in
            high = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            middle = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            low = bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
        }
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// The full SHA, in hex.
    var sha: String {
        var oid = self.oid
        return withUnsafePointer(to: &oid) { GitSource.sha($0) }
    }

    /// The libgit2 form, for lookups.
    var oid: git_oid {
        var result = git_oid()
        withUnsafeMutableBytes(of: &result.id) { bytes in
            bytes.storeBytes(of: high, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: middle, toByteOffset: 8, as: UInt64.self)
            bytes.storeBytes(of: low, toByteOffset: 16, as: UInt32.self)
        }
        return result
    }
}
