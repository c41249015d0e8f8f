import RNNGradCheck
import RNNGradCheckKit

// The options a course uses: the output format of a report (text, JSON, Gradescope's results.json,
// JUnit XML), the student whose variant an exercise is, and the course secret variants are derived
// with.

/// How a report is written.
enum OutputFormat: String, CaseIterable {
    case text, json, gradescope, junit
}

extension OptionSpec {
    /// `--format`, with `--json` kept as its short form.
    static var format: OptionSpec {
        OptionSpec(
            "format", value: "format",
            help: "The report: text for people, json (as --json), gradescope (Gradescope's results.json) or junit (JUnit XML, for GitHub Classroom and CI).",
            default: "text", values: OutputFormat.allCases.map(\.rawValue))
    }

    static var points: OptionSpec {
        OptionSpec("points", value: "points", help: "With --format gradescope or junit: the maximum score, shared equally by the tests.", default: "1 per test")
    }

    static var student: OptionSpec {
        OptionSpec("student", value: "id", help: "The student whose variant to use: the network is derived from the exercise, the id and the course secret.")
    }

    static var secret: OptionSpec {
        OptionSpec(
            "secret", value: "secret",
            help: "The course secret variants are derived with (at least \(CourseSecret.minimumLength) characters; prefer the environment variable RNN_GRADCHECK_SECRET, which other users of the machine cannot see in the process list).",
            default: "$RNN_GRADCHECK_SECRET")
    }
}

extension ParsedArguments {
    /// `--format`, or `--json`; both only when they agree.
    func outputFormat() throws(RNNGradCheckError) -> OutputFormat {
        let format = string("format").flatMap(OutputFormat.init(rawValue:))
        if flag("json") {
            if let format, format != .json {
                throw .usage("'--json' and '--format \(format.rawValue)' ask for two formats: give one", command: command.name)
            }
            return .json
        }
        if has("points"), format != .gradescope, format != .junit {
            throw .usage("'--points' sets the score of --format gradescope or junit", command: command.name)
        }
        return format ?? .text
    }

    /// `--points`.
    func points() throws(RNNGradCheckError) -> Double? { try positiveReal("points") }

    /// `--student`, checked.
    func student() throws(RNNGradCheckError) -> String? {
        guard let id = string("student") else { return nil }
        if let problem = Variants.validate(student: id) { throw .usage(problem.message, command: command.name) }
        return id
    }

    /// The course secret from `--secret` or RNN_GRADCHECK_SECRET (nil when neither is set).
    func secret(console: Console) throws(RNNGradCheckError) -> CourseSecret? {
        let text = string("secret") ?? console.environment["RNN_GRADCHECK_SECRET"]
        guard let text else { return nil }
        switch CourseSecret.make(text) {
        case .success(let secret): return secret
        case .failure(let problem): throw .usage(problem.message, command: command.name)
        }
    }

    /// The course secret a variant needs: refused when there is none, since a variant derived from the
    /// student id alone could be computed by anyone.
    func requiredSecret(console: Console, for purpose: String) throws(RNNGradCheckError) -> CourseSecret {
        guard let secret = try secret(console: console) else {
            throw .usage(
                "\(purpose) needs the course secret: --secret S or the environment variable RNN_GRADCHECK_SECRET (a variant derived from the student id alone could be computed by anyone)",
                command: command.name)
        }
        return secret
    }
}

extension Console {
    /// Writes an autograder report in `format` (gradescope or junit).
    func write(_ report: AutograderReport, as format: OutputFormat) {
        switch format {
        case .gradescope: write(JSONWriter.write(report.gradescope()))
        case .junit: write(report.junit())
        case .text, .json: break
        }
    }
}
