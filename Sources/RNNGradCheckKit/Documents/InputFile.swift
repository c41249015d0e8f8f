import Foundation

/// Reads an input file, or standard input for "-". Unreadable files end the command with status 66.
public enum InputFile {
    /// The bytes of `path` and the name messages use for it; "-" reads `standardInput`.
    public static func read(_ path: String, standardInput: () -> [UInt8]) throws(RNNGradCheckError) -> (bytes: [UInt8], name: String) {
        if path == "-" { return (standardInput(), "standard input") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RNNGradCheckError(.noInput, "cannot read \(path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw RNNGradCheckError(.noInput, "cannot read \(path): it is a directory, not a file")
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw RNNGradCheckError(.noInput, "cannot read \(path): permission denied or not a regular file")
        }
        return ([UInt8](data), path)
    }
}
