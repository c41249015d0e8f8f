import Foundation

/// Reads an input file, or standard input for "-", up to a size limit. Unreadable files end the
/// command with status 66; input beyond the limit with status 65.
public enum InputFile {
    /// The largest fixture, gradients document or answer read: 64 MB. The tutorial-size network
    /// (K = 8000, H = 100, 1.61 million weights) is a 35 MB fixture; anything larger is not a network
    /// this tool can check in reasonable time, and reading it whole would cost memory first.
    public static let sizeLimit = 64 << 20

    /// The bytes of `path` and the name messages use for it; "-" reads `standardInput`, which must
    /// return at most `sizeLimit + 1` bytes (`readCapped` does).
    public static func read(_ path: String, standardInput: () -> [UInt8]) throws(RNNGradCheckError) -> (bytes: [UInt8], name: String) {
        if path == "-" {
            let bytes = standardInput()
            guard bytes.count <= sizeLimit else { throw tooLarge("standard input") }
            return (bytes, "standard input")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RNNGradCheckError(.noInput, "cannot read \(path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw RNNGradCheckError(.noInput, "cannot read \(path): it is a directory, not a file")
        }
        guard FileManager.default.isReadableFile(atPath: path), let handle = FileHandle(forReadingAtPath: path) else {
            throw RNNGradCheckError(.noInput, "cannot read \(path): permission denied or not a regular file")
        }
        defer { try? handle.close() }
        let bytes = readCapped(handle)
        guard bytes.count <= sizeLimit else { throw tooLarge(path) }
        return (bytes, path)
    }

    /// What `handle` delivers until its end, or the first `sizeLimit + 1` bytes: a stream that never
    /// ends (/dev/zero, an endless pipe) is cut there.
    public static func readCapped(_ handle: FileHandle, limit: Int = sizeLimit) -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count <= limit {
            guard let chunk = try? handle.read(upToCount: min(1 << 20, limit + 1 - bytes.count)), !chunk.isEmpty else { break }
            bytes += chunk
        }
        return bytes
    }

    private static func tooLarge(_ name: String) -> RNNGradCheckError {
        RNNGradCheckError(
            .dataError,
            "\(name) is larger than \(sizeLimit >> 20) MB, the limit for a fixture, gradients document or answer "
                + "(the tutorial-size network, K=8000 H=100, is a 35 MB fixture)")
    }
}
