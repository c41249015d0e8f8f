import Foundation
import RNNGradCheckKit

/// A file a command writes (a picture, a report): checked before the work starts, written at the end.
struct OutputFile {
    let path: String

    /// The file `--name` names, if given: refused at once when it cannot be written.
    init?(_ arguments: ParsedArguments, option name: String) throws(RNNGradCheckError) {
        guard let path = arguments.string(name) else { return nil }
        guard !path.isEmpty, path != "-" else {
            throw .usage("'--\(name)' needs a file name (the picture is a file, not standard output)", command: arguments.command.name)
        }
        self.path = path
        try checkWritable()
    }

    /// Refuses a directory, a missing parent directory or one without write permission.
    private func checkWritable() throws(RNNGradCheckError) {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw RNNGradCheckError(.cannotWrite, "cannot write \(path): it is a directory") }
            guard FileManager.default.isWritableFile(atPath: path) else { throw RNNGradCheckError(.cannotWrite, "cannot write \(path): permission denied") }
            return
        }
        let parent = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RNNGradCheckError(.cannotWrite, "cannot write \(path): the directory \(parent) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: parent) else {
            throw RNNGradCheckError(.cannotWrite, "cannot write \(path): no permission to create files in \(parent)")
        }
    }

    /// Writes `text`; says so on standard error (standard output keeps the report alone).
    func write(_ text: String, what: String, console: Console) throws(RNNGradCheckError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw RNNGradCheckError(.cannotWrite, "cannot write \(path): \(error.localizedDescription)")
        }
        console.printError("wrote \(what) to \(path)")
    }
}

extension Console {
    /// A table from the analyses, its header dimmed.
    func printTable(_ rows: [[String]], indent: String = "  ") {
        for (i, line) in Format.table(rows, indent: indent).enumerated() { print(i == 0 ? styled(line, .dim) : line) }
    }
}
