import Foundation

/// A folder of submissions, one per student: a file (the student id is its name without the
/// extension: alice.json) or a folder (the id is the folder's name: alice/). Entries whose name starts
/// with a dot are skipped; the others are taken in byte order of their names, so a gradebook lists
/// students in the same order on every machine.
public struct Submission: Sendable, Equatable {
    public let student: String
    /// The file or folder.
    public let path: String
    public let isDirectory: Bool
    /// Why the entry cannot be graded (an id that is not one, a second entry for the same student).
    public let problem: String?

    /// The answer file of an `exercise grade` submission: the file itself, or in a folder answer.json,
    /// or else its only .json file.
    public func answerFile() -> Result<String, SubmissionProblem> {
        guard isDirectory else { return .success(path) }
        let fileManager = FileManager.default
        let named = (path as NSString).appendingPathComponent("answer.json")
        if fileManager.fileExists(atPath: named) { return .success(named) }
        let entries = ((try? fileManager.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        guard entries.count == 1 else {
            return .failure(SubmissionProblem(
                entries.isEmpty ? "no answer: the folder holds no .json file" : "\(entries.count) .json files and no answer.json: which is the answer?"))
        }
        return .success((path as NSString).appendingPathComponent(entries[0]))
    }
}

public struct SubmissionProblem: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

public enum Submissions {
    /// The submissions in `directory`; a directory that cannot be read is exit status 66.
    public static func list(_ directory: String) throws(RNNGradCheckError) -> [Submission] {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw RNNGradCheckError(.noInput, "cannot read the submissions folder \(Echo.capped(directory)): no such folder")
        }
        guard isDirectory.boolValue else {
            throw RNNGradCheckError(.noInput, "cannot read the submissions folder \(Echo.capped(directory)): it is a file, not a folder")
        }
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: directory)
        } catch {
            throw RNNGradCheckError(.noInput, "cannot read the submissions folder \(Echo.capped(directory)): permission denied")
        }
        var seen: Set<String> = []
        var result: [Submission] = []
        for name in names.filter({ !$0.hasPrefix(".") }).sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let path = (directory as NSString).appendingPathComponent(name)
            var folder: ObjCBool = false
            _ = fileManager.fileExists(atPath: path, isDirectory: &folder)
            let student = folder.boolValue ? name : ((name as NSString).deletingPathExtension.isEmpty ? name : (name as NSString).deletingPathExtension)
            var problem = Variants.validate(student: student)?.message
            if problem == nil && seen.contains(student) { problem = "a second submission for student \(Echo.capped(student)) (\(name))" }
            seen.insert(student)
            result.append(Submission(student: student, path: path, isDirectory: folder.boolValue, problem: problem))
        }
        return result
    }

    /// Runs `work` on every index in 0..<count on every core (DispatchQueue.concurrentPerform), and
    /// returns the results in index order: the same whatever the number of threads.
    public static func concurrently<T: Sendable>(_ count: Int, _ work: @Sendable (Int) -> T) -> [T] {
        let slots = Slots<T>(count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let value = work(index)
            slots.lock.lock()
            slots.values[index] = value
            slots.lock.unlock()
        }
        return slots.values.map { $0! }
    }

    /// Results written by several threads, each to its own slot.
    private final class Slots<T>: @unchecked Sendable {
        var values: [T?]
        let lock = NSLock()
        init(_ count: Int) { values = Array(repeating: nil, count: count) }
    }

    /// The number of threads `concurrently` can use here.
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
}

/// A CSV file as RFC 4180 writes it: fields separated by commas, records ended by CRLF, a field in
/// double quotes when it holds a comma, a quote, CR or LF, and a quote inside doubled.
public enum CSV {
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func write(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }
}
