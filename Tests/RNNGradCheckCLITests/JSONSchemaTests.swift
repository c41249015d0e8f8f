import Foundation
import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// Every JSON output of the command line validates against its published schema in notes/schemas/
/// (JSON Schema, draft 2020-12; notes/json.md describes them), and the validation can fail.
final class JSONSchemaTests: XCTestCase {
    private func schema(_ name: String) throws -> JSONValue {
        let url = fixturesDirectory.deletingLastPathComponent().appendingPathComponent("notes/schemas/\(name).schema.json")
        return try JSONParser.parse(Array(Data(contentsOf: url)))
    }

    private func assertValid(_ arguments: [String], input: String = "", schema name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = rnnGradcheck(arguments, input: input)
        let document = try JSONParser.parse(result.out)
        let schema = try schema(name)
        let errors = SchemaValidator(root: schema).errors(in: document)
        XCTAssertEqual(errors, [], "\(arguments.joined(separator: " "))", file: file, line: line)
        XCTAssertEqual(document["schema"], schema["$id"], file: file, line: line)
    }

    func testCheck_ValidatesAgainstItsSchema() throws {
        try assertValid(["check", "--json"], schema: "check-2")
        try assertValid(["check", "--notation", "wildml", "--truncate", "2", "--json"], schema: "check-2")
        try assertValid(["check", "--notation", "index-wise", "--tolerance", "1e-12", "--json"], schema: "check-2")
        try assertValid(["check", "--entries", "3", "--json"], schema: "check-2")
        // The direction differs (a step of 0.3): per-block directions and blocks checked entry by entry.
        try assertValid(["check", "--notation", "wildml", "--entries", "3", "--step", "0.3", "--json"], schema: "check-2")
    }

    func testCheckExternal_ValidatesAgainstItsSchema() throws {
        let program = try builtExecutable()
        try assertValid(["check-external", "--json", "--count", "2", "--", program, "gradients", "--fixture", "-", "--json"], schema: "check-external-2")
        try assertValid(["check-external", "--json", "--", "/bin/sh", "-c", "kill -SEGV $$"], schema: "check-external-2")
        try assertValid(
            ["check-external", "--json", "--notation", "min-char-rnn", "--", program, "gradients", "--fixture", "-", "--json", "--bug", "min-char-rnn/missing-dby"],
            schema: "check-external-2")
    }

    func testAnalyses_ValidateAgainstTheirSchemas() throws {
        try assertValid(["check", "--bug", "wildml/missing-tanh-derivative-through-time", "--json"], schema: "check-2")
        try assertValid(["check", "--notation", "index-wise", "--attribute", "--json"], schema: "check-2")
        try assertValid(["check", "--notation", "wildml", "--sweep", "--json"], schema: "check-2")
        try assertValid(["dynamics", "--json"], schema: "dynamics-1")
        try assertValid(["dynamics", "--notation", "index-wise", "--scales", "0.5,3", "--json"], schema: "dynamics-1")
        try assertValid(["truncation", "--json"], schema: "truncation-1")
        try assertValid(["stress", "--networks", "5", "--json"], schema: "stress-1")
        try assertValid(["gradients", "--json", "--per-step"], schema: "gradients-1")
        let program = try builtExecutable()
        try assertValid(
            ["check-external", "--json", "--notation", "index-wise", "--", program, "gradients", "--fixture", "-", "--json", "--per-step", "--bug", "index-wise/no-unfolding"],
            schema: "check-external-2")
    }

    func testCheckModel_ValidatesAgainstItsSchema() throws {
        let answers = #"{"parameters": {"w": [1.0, 2.0]}}"#
        // L = (w0² + w1²)/2, ∇L = w: a model a shell can answer.
        let program = #"while IFS= read -r line; do case "$line" in *'"op": "parameters"}'*) echo '\#(answers)';; *gradients*) echo '{"loss": 2.5, "gradients": {"w": [1.0, 2.0]}}';; *) echo '{"loss": 2.5}';; esac; done"#
        try assertValid(["check-model", "--json", "--", "/bin/sh", "-c", program], schema: "check-model-1")
        try assertValid(["check-model", "--json", "--", "/bin/sh", "-c", "read x; echo not json"], schema: "check-model-1")
    }

    func testBugsGradeExercisesDerive_ValidateAgainstTheirSchemas() throws {
        try assertValid(["bugs", "--notation", "wildml", "--json"], schema: "bugs-2")
        try assertValid(["exercise", "list", "--json"], schema: "exercises-1")
        let fixture = rnnGradcheck(["exercise", "show", "3", "--fixture"]).out
        let answer = rnnGradcheck(["gradients", "--fixture", "-", "--json", "--bug", "wildml/missing-tanh-derivative"], input: fixture).out
        try assertValid(["exercise", "grade", "3", "-", "--json"], input: answer, schema: "grade-2")
        try assertValid(["exercise", "grade", "3", "-", "--json", "--reveal"], input: answer, schema: "grade-2")
        // A variant, an answer for another network, and the tasks whose answer holds values.
        let secret = ["--secret", testSecretText]
        try assertValid(["exercise", "grade", "3", "-", "--json", "--student", "bob", "--reveal"] + secret, input: answer, schema: "grade-2")
        try assertValid(["exercise", "grade", "3", "-", "--json", "--student", "bob"] + secret, input: answer, schema: "grade-2")
        for number in [11, 13, 14] {
            let instance = try Exercises.numbered(number)!.published()
            try assertValid(["exercise", "grade", String(number), "-", "--json", "--reveal"], input: try referenceAnswer(instance), schema: "grade-2")
            try assertValid(["exercise", "grade", String(number), "-", "--json"], input: try referenceAnswer(instance, transform: { $1.map { 2 * $0 } }, values: ["bug": .string("wildml/averaged-loss"), "step": .integer(3), "vanishes": .bool(true)]), schema: "grade-2")
        }
        try assertValid(["derive", "--document", "001", "--json"], schema: "derive-2")
    }

    /// --format gradescope of the three commands that grade against Gradescope's own documented format,
    /// with planted mismatches caught.
    func testGradescope_ValidatesAgainstGradescopesDocumentedFormat() throws {
        let schema = try schema("gradescope-results")
        let validator = SchemaValidator(root: schema)
        let program = try builtExecutable()
        let fixture = rnnGradcheck(["exercise", "show", "3", "--fixture"]).out
        let wrong = rnnGradcheck(["gradients", "--fixture", "-", "--json", "--bug", "wildml/missing-tanh-derivative"], input: fixture).out
        let right = rnnGradcheck(["gradients", "--fixture", "-", "--json"], input: fixture).out
        let model = #"while IFS= read -r line; do case "$line" in *'"op": "parameters"}'*) echo '{"parameters": {"w": [1.0, 2.0]}}';; *gradients*) echo '{"loss": 2.5, "gradients": {"w": [1.0, 2.0]}}';; *) echo '{"loss": 2.5}';; esac; done"#
        let runs: [(arguments: [String], input: String)] = [
            (["exercise", "grade", "3", "-", "--format", "gradescope"], wrong),
            (["exercise", "grade", "3", "-", "--format", "gradescope", "--reveal", "--points", "10"], right),
            (["exercise", "grade", "3", "-", "--format", "gradescope", "--student", "bob", "--secret", testSecretText], right),
            (["check-external", "--format", "gradescope", "--count", "2", "--", program, "gradients", "--fixture", "-", "--json", "--bug", "wildml/averaged-loss"], ""),
            (["check-external", "--format", "gradescope", "--", "/bin/sh", "-c", "kill -SEGV $$"], ""),
            (["check-model", "--format", "gradescope", "--", "/bin/sh", "-c", model], ""),
            (["check-model", "--format", "gradescope", "--", "/bin/sh", "-c", "read x; echo not json"], ""),
        ]
        for (arguments, input) in runs {
            let document = try JSONParser.parse(rnnGradcheck(arguments, input: input).out)
            XCTAssertEqual(validator.errors(in: document), [], arguments.joined(separator: " "))
            XCTAssertEqual(document["extra_data"]?["schema"], .string("rnn-gradcheck/gradescope/1"))
            // The top-level score is the sum of the tests' scores, each within its maximum.
            guard case .array(let tests)? = document["tests"], case .number(let score, _)? = document["score"] else { return XCTFail() }
            var sum = 0.0
            for test in tests {
                guard case .number(let s, _)? = test["score"], case .number(let m, _)? = test["max_score"] else { return XCTFail() }
                XCTAssert(s >= 0 && s <= m + 1e-12, "\(arguments): \(s) of \(m)")
                sum += s
            }
            XCTAssertEqual(score, sum, accuracy: 1e-9)
        }
        // Planted: an unknown visibility, neither a score nor tests, an unknown key, a status Gradescope does not know.
        let document = try JSONParser.parse(rnnGradcheck(runs[0].arguments, input: runs[0].input).out)
        guard case .object(let members) = document else { return XCTFail() }
        let planted: [(JSONValue, String)] = [
            (.object(members.map { $0.key == "visibility" ? ($0.key, .string("students")) : $0 }), "$.visibility"),
            (.object(members.filter { $0.key != "score" && $0.key != "tests" }), "anyOf"),
            (.object(members + [("grade", .number(1))]), "$.grade"),
            (.object(members.map { member in
                guard member.key == "tests", case .array(let tests) = member.value else { return member }
                return (member.key, .array(tests.map { test in
                    guard case .object(let fields) = test else { return test }
                    return .object(fields.map { $0.key == "status" ? ($0.key, .string("error")) : $0 })
                }))
            }), "status"),
        ]
        for (bad, needle) in planted {
            let errors = validator.errors(in: bad)
            XCTAssert(errors.contains { $0.contains(needle) }, "\(needle): \(errors)")
        }
    }

    func testDocuments_ValidateAgainstTheirSchemas() throws {
        for notation in NotationRegistry.all {
            try assertValid(["fixture", "--notation", notation.name], schema: "fixture-1")
            try assertValid(["gradients", "--notation", notation.name, "--json"], schema: "gradients-1")
        }
    }

    /// Planted: the old meaning of "passed" (a count), a verdict outside its values, a missing key, an
    /// unknown key, a wrong type deep inside — each is reported.
    func testValidator_FindsWhatDoesNotMatch() throws {
        let schema = try schema("check-2")
        let report = try JSONParser.parse(rnnGradcheck(["check", "--notation", "wildml", "--json"]).out)
        let validator = SchemaValidator(root: schema)
        XCTAssertEqual(validator.errors(in: report), [])
        func replacing(_ value: JSONValue, _ path: [String], with new: JSONValue?) -> JSONValue {
            guard let key = path.first else { return new ?? .null }
            switch value {
            case .object(let members):
                var result = members.compactMap { member -> (key: String, value: JSONValue)? in
                    guard member.key == key else { return member }
                    if path.count == 1, new == nil { return nil }
                    return (member.key, replacing(member.value, Array(path.dropFirst()), with: new))
                }
                if path.count == 1, let new, !members.contains(where: { $0.key == key }) { result.append((key, new)) }
                return .object(result)
            case .array(let elements):
                return .array(elements.map { replacing($0, path, with: new) })
            default:
                return value
            }
        }
        let planted: [(JSONValue, String)] = [
            (replacing(report, ["passed"], with: .integer(12)), "$.passed"),
            (replacing(report, ["cases", "blocks", "verdict"], with: .string("ok")), "verdict"),
            (replacing(report, ["settings"], with: nil), "settings"),
            (replacing(report, ["surprise"], with: .bool(true)), "surprise"),
            (replacing(report, ["cases", "blocks", "entries"], with: .string("9")), "entries"),
        ]
        for (document, needle) in planted {
            let errors = validator.errors(in: document)
            XCTAssertFalse(errors.isEmpty, needle)
            XCTAssert(errors.contains { $0.contains(needle) }, "\(needle): \(errors.prefix(3))")
        }
    }
}

/// Just enough of JSON Schema (draft 2020-12) for the package's schemas and Gradescope's: type,
/// const, enum, properties, required, additionalProperties, items, anyOf and local $ref.
struct SchemaValidator {
    let root: JSONValue

    func errors(in value: JSONValue) -> [String] {
        var errors: [String] = []
        validate(value, against: root, at: "$", into: &errors)
        return errors
    }

    private func resolve(_ schema: JSONValue) -> JSONValue {
        guard case .string(let reference)? = schema["$ref"], reference.hasPrefix("#/") else { return schema }
        var node = root
        for part in reference.dropFirst(2).split(separator: "/") { node = node[String(part)] ?? .null }
        return resolve(node)
    }

    private func typeName(_ value: JSONValue) -> [String] {
        switch value {
        case .null: return ["null"]
        case .bool: return ["boolean"]
        case .number(let x, _): return x.rounded() == x && x.isFinite ? ["integer", "number"] : ["number"]
        case .string: return ["string"]
        case .array: return ["array"]
        case .object: return ["object"]
        }
    }

    private func validate(_ value: JSONValue, against given: JSONValue, at path: String, into errors: inout [String]) {
        let schema = resolve(given)
        if case .array(let options)? = schema["anyOf"] {
            let passing = options.contains { option in
                var sub: [String] = []
                validate(value, against: option, at: path, into: &sub)
                return sub.isEmpty
            }
            if !passing { errors.append("\(path): matches none of anyOf") }
            // The node's other keywords apply as well (Gradescope's schema: anyOf of two required lists
            // beside its properties).
        }
        if let type = schema["type"] {
            let allowed: [String]
            switch type {
            case .string(let one): allowed = [one]
            case .array(let many): allowed = many.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            default: allowed = []
            }
            if !typeName(value).contains(where: allowed.contains) {
                errors.append("\(path): expected \(allowed.joined(separator: " or ")), found \(typeName(value)[0])")
                return
            }
        }
        if let expected = schema["const"], expected != value { errors.append("\(path): expected the constant \(expected)") }
        if case .array(let options)? = schema["enum"], !options.contains(value) { errors.append("\(path): \(value) is not one of the allowed values") }
        if case .object(let members) = value {
            let properties = schema["properties"]
            if case .array(let required)? = schema["required"] {
                for case .string(let key) in required where !members.contains(where: { $0.key == key }) {
                    errors.append("\(path): missing \(key)")
                }
            }
            for member in members {
                let childPath = "\(path).\(member.key)"
                if let propertySchema = properties?[member.key] {
                    validate(member.value, against: propertySchema, at: childPath, into: &errors)
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        errors.append("\(childPath): not allowed here")
                    } else if case .object = additional {
                        validate(member.value, against: additional, at: childPath, into: &errors)
                    }
                }
            }
        }
        if case .array(let elements) = value, let items = schema["items"] {
            for (i, element) in elements.enumerated() { validate(element, against: items, at: "\(path)[\(i)]", into: &errors) }
        }
    }
}
