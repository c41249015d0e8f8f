import RNNGradCheck
import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// The command line: the default run, each subcommand, help, and every exit status.
final class CLITests: XCTestCase {
    /// Every block of every notation, and every correspondence between notations.
    private var defaultCheckCount: Int { NotationRegistry.all.map(\.blocks.count).reduce(0, +) + NotationRegistry.correspondences.count }

    func testNoArguments_ChecksEveryNotationAndExits0() {
        let result = rnnGradcheck([])
        XCTAssertEqual(result.status, .success, result.err)
        for heading in ["wildml ([S000], [S003], [S004])", "denominator-layout ([S002] part 2)", "index-wise ([S001])", "min-char-rnn ([MCR])"] {
            XCTAssert(result.out.contains(heading), heading)
        }
        XCTAssert(result.out.contains("wildml ≡ denominator-layout"))
        XCTAssert(result.out.contains("wildml ≡ min-char-rnn"))
        XCTAssertEqual(defaultCheckCount, 18)
        XCTAssert(result.out.hasSuffix("\(defaultCheckCount) passed, 0 failed\n"), result.out)
        XCTAssertFalse(result.out.contains("FAIL"))
        XCTAssertEqual(result.err, "")
        // The same output as `check`, and the same bytes every time.
        XCTAssertEqual(rnnGradcheck(["check"]).out, result.out)
    }

    func testDefaultReport_NamesTheWorstEntryOfEveryBlock() {
        let out = rnnGradcheck([]).out
        for symbol in ["U", "V", "W", "W_in", "W_rec", "W_out", "θ_j", "θ_k"] {
            XCTAssert(out.contains("  \(symbol) "), "no row for \(symbol)")
            XCTAssert(out.contains(" \(symbol)["), "no worst entry named \(symbol)[…]")
        }
    }

    func testTruncatedCheck_ReportsTheDeviationInsteadOfFailing() {
        let result = rnnGradcheck(["check", "--notation", "wildml", "--steps", "10", "--truncate", "4"])
        XCTAssertEqual(result.status, .success, result.out)
        XCTAssert(result.out.contains("bptt_truncate τ=4"))
        XCTAssert(result.out.contains("the deviation caused by truncation, not a bug"))
        XCTAssert(result.out.contains("U: max relative deviation"))
        XCTAssert(result.out.contains("V: no deviation beyond the tolerance"))
        // 3 blocks, full and truncated, and the two equivalences of wildml.
        XCTAssert(result.out.hasSuffix("8 passed, 0 failed\n"), result.out)
    }

    func testJSONReport_IsParseableAndCarriesTheVerdicts() throws {
        let result = rnnGradcheck(["check", "--json"])
        XCTAssertEqual(result.status, .success)
        let report = try JSONParser.parse(result.out)
        XCTAssertEqual(report["schema"], .string("rnn-gradcheck/check/2"))
        XCTAssertEqual(report["passed"], .bool(true))
        XCTAssertEqual(report["checks_passed"], .integer(defaultCheckCount))
        XCTAssertEqual(report["checks_failed"], .integer(0))
        guard case .array(let cases) = report["cases"] else { return XCTFail("no cases") }
        XCTAssertEqual(cases.count, NotationRegistry.all.count)
        XCTAssertEqual(cases[0]["notation"], .string("wildml"))
        guard case .array(let blocks) = cases[2]["blocks"] else { return XCTFail("no blocks") }
        XCTAssertEqual(blocks.map { $0["key"] }, ["V", "U", "W", "theta_j", "theta_k"].map { .string($0) })
        guard case .array(let equivalences) = report["equivalences"] else { return XCTFail("no equivalences") }
        XCTAssertEqual(equivalences.first?["between"], .array([.string("wildml"), .string("denominator-layout")]))
        XCTAssertEqual(equivalences.first?["passed"], .bool(true))
        XCTAssertEqual(cases[0]["implementation"]?["name"], .string("literal"))
    }

    func testGradients_PrintsTheGradientsDocument() throws {
        let fixture = try temporaryFile(rnnGradcheck(["fixture", "--notation", "denominator-layout", "--seed", "2"]).out, testCase: self)
        let result = rnnGradcheck(["gradients", "--fixture", fixture, "--json"])
        XCTAssertEqual(result.status, .success, result.err)
        let document = try JSONParser.parse(result.out)
        XCTAssertEqual(document["notation"], .string("denominator-layout"))
        guard case .object(let gradients) = document["gradients"] else { return XCTFail() }
        XCTAssertEqual(gradients.map(\.key), ["W_in", "W_rec", "W_out"])
        let text = rnnGradcheck(["gradients", "--fixture", fixture])
        XCTAssert(text.out.contains("∂E/∂W_rec (4×4):"), text.out)
    }

    func testFixtureCommand_MatchesTheSeededCheck() throws {
        let fixture = try temporaryFile(rnnGradcheck(["fixture", "--notation", "wildml", "--seed", "5", "--steps", "3"]).out, testCase: self)
        let fromFile = rnnGradcheck(["check", "--fixture", fixture, "--json"])
        let fromSeed = rnnGradcheck(["check", "--notation", "wildml", "--seed", "5", "--steps", "3", "--json"])
        XCTAssertEqual(try JSONParser.parse(fromFile.out)["cases"]?.arrayFirst?["loss"], try JSONParser.parse(fromSeed.out)["cases"]?.arrayFirst?["loss"])
    }

    // MARK: - Exit statuses

    func testExitStatus1_WhenACheckFails() {
        // A step of 0.5 ruins central differences; without the complex-step re-examination the check fails.
        let result = rnnGradcheck(["check", "--notation", "index-wise", "--step", "0.5", "--no-reexamine"])
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssert(result.out.contains("FAIL"))
        XCTAssert(result.out.contains("entries exceed the tolerance"))
        XCTAssertFalse(result.out.hasSuffix(", 0 failed\n"))
        // With re-examination the same step passes, and the report says why.
        let rescued = rnnGradcheck(["check", "--notation", "index-wise", "--step", "0.5"])
        XCTAssertEqual(rescued.status, .success)
        XCTAssert(rescued.out.contains("were re-derived by the complex step at h = 1.0e-20 and 9.5e-27; two steps agree with each other and with the analytic gradient there"), rescued.out)
    }

    func testUsageErrors_Exit64WithErrorUsageAndHint() {
        let subcommands = RNNGradCheckCLI.commands.map(\.spec.name)
        XCTAssertEqual(Array(subcommands.prefix(3)), ["check", "gradients", "fixture"])
        let cases: [([String], String)] = [
            (["check", "--bogus"], "Error: unknown option '--bogus'"),
            (["check", "--notation", "elman"], "Error: the value 'elman' is invalid for '--notation <notation>' (expected wildml, denominator-layout, index-wise or min-char-rnn)"),
            (["check", "--seed", "-3"], "Error: the value '-3' is invalid for '--seed <seed>': expected an integer in 0…18446744073709551615"),
            (["check", "--steps"], "Error: missing value for '--steps <T>'"),
            (["check", "--steps", "0"], "Error: the value '0' is invalid for '--steps <T>': expected an integer in 1…10000"),
            (["check", "--truncate", "-2"], "Error: the value '-2' is invalid for '--truncate <tau>': expected an integer ≥ 0"),
            (["check", "--tolerance", "nan"], "Error: the value 'nan' is invalid for '--tolerance <tol>': expected a positive number"),
            (["check", "--seed", "1", "--seed", "2"], "Error: '--seed' is given more than once"),
            (["check", "--fixture", "f.json", "--steps", "3"], "Error: '--steps' cannot be combined with '--fixture': the fixture fixes the network and the sequence"),
            (["check", "--notation", "wildml", "--inputs", "3"], "Error: '--inputs' applies to index-wise, not to wildml"),
            (["check", "extra"], "Error: unexpected argument 'extra'"),
            (["frobnicate"], "Error: unknown subcommand 'frobnicate' (expected \(JSONReader.list(subcommands + ["help"])))"),
            (["help", "frobnicate"], "Error: unknown subcommand 'frobnicate' (expected \(JSONReader.list(subcommands)))"),
            (["derive", "--document", "005"], "Error: the value '005' is invalid for '--document <document>' (expected 000, 001, 002, 002-1, 002-2, 003 or 004)"),
            (["check", "--json=yes"], "Error: '--json' is a flag and takes no value"),
        ]
        for (arguments, message) in cases {
            let result = rnnGradcheck(arguments)
            XCTAssertEqual(result.status, .usage, "\(arguments)")
            let lines = result.err.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.first, message, "\(arguments)")
            XCTAssertEqual(lines.count, 3, "\(arguments): \(result.err)")
            XCTAssert(lines[1].hasPrefix("Usage: rnn-gradcheck"), "\(arguments)")
            XCTAssert(lines[2].contains("--help' for more information."), "\(arguments)")
            XCTAssertEqual(result.out, "")
        }
    }

    func testHelpAndVersion_GoToStandardOutputWithStatus0() {
        for arguments in [
            ["--help"], ["-h"], ["help"], ["help", "check"], ["check", "--help"], ["gradients", "-h"], ["help", "fixture"],
            ["help", "bugs"], ["exercise", "--help"], ["help", "check-external"], ["check-external", "-h"],
        ] {
            let result = rnnGradcheck(arguments)
            XCTAssertEqual(result.status, .success, "\(arguments)")
            XCTAssert(result.out.hasPrefix("OVERVIEW:"), "\(arguments)")
            XCTAssert(result.out.contains("USAGE: rnn-gradcheck"), "\(arguments)")
            XCTAssert(result.out.contains("EXIT STATUS:"), "\(arguments)")
            for status in ExitStatus.allCases where status != .internalError {
                XCTAssert(result.out.contains("  \(status.rawValue) "), "\(arguments): exit status \(status.rawValue) undocumented")
            }
            XCTAssertEqual(result.err, "")
        }
        XCTAssert(rnnGradcheck(["help", "check"]).out.contains("--truncate <tau>"))
        XCTAssert(rnnGradcheck(["--help"]).out.contains("SUBCOMMANDS:"))
        for name in ["check (default)", "gradients", "fixture", "bugs", "exercise", "check-external"] {
            XCTAssert(rnnGradcheck(["--help"]).out.contains("\n  \(name) "), "--help does not list \(name)")
        }
        XCTAssert(rnnGradcheck(["help", "check-external"]).out.contains("-- <command> [<arguments>…]"))
        XCTAssertEqual(rnnGradcheck(["--version"]).out, RNNGradCheckCLI.version + "\n")
    }

    func testOptionsWithoutSubcommand_MeanCheck() {
        let result = rnnGradcheck(["--notation", "index-wise", "--seed", "3"])
        XCTAssertEqual(result.status, .success)
        XCTAssert(result.out.contains("index-wise ([S001])"))
        XCTAssertFalse(result.out.contains("wildml (seeds"))
    }

    // MARK: - derive

    func testDerive_WalksEveryDocumentAndSummarises() {
        let result = rnnGradcheck(["derive"])
        XCTAssertEqual(result.status, .success, result.err)
        for document in ["[S000] Train RNNs", "[S001]", "[S002] 反向传播 BP & BPTT (2018-05-23), part 1", "[S002] 反向传播 BP & BPTT (2018-05-23), part 2", "[S003]", "[S004]"] {
            XCTAssert(result.out.contains(document), document)
        }
        let last = result.out.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssert(last.hasPrefix("145 findings (124 checkpoints, 21 not computable): "), last)
        XCTAssert(last.contains(" wrong as printed, "), last)
        // A checkpoint shows its id, the equation, what it is compared with, each reading and a verdict.
        XCTAssert(result.out.contains("002-2.18  “W_in = W_in − λ Σ_{t=0}^{T} Σ_{k=0}^{t} δ_k ⊗ x_k"))
        XCTAssert(result.out.contains("verdict: WRONG: the correct formula is W_in = W_in − λ Σ_t Σ_{k=0}^{t} δ_k^(t) ⊗ x_k"))
        XCTAssert(result.out.contains("compared with: the update divided by −λ against the complex-step derivative of E with respect to W_in"))
    }

    func testDerive_LimitsToOneDocument() {
        let both = rnnGradcheck(["derive", "--document", "002"])
        XCTAssert(both.out.contains("part 1") && both.out.contains("part 2"))
        XCTAssertFalse(both.out.contains("[S000] Train RNNs (innohub):"))
        let one = rnnGradcheck(["derive", "--document", "003"])
        XCTAssert(one.out.hasSuffix("14 findings (11 checkpoints, 3 not computable): 0 wrong as printed, 3 misleading, 7 typos, 0 conventions that hold, 4 hold\n"), one.out)
    }

    func testDeriveJSON_CarriesEveryCheckpointAndTheSummary() throws {
        let result = rnnGradcheck(["derive", "--json"])
        XCTAssertEqual(result.status, .success)
        let report = try JSONParser.parse(result.out)
        XCTAssertEqual(report["schema"], .string("rnn-gradcheck/derive/2"))
        guard case .array(let findings) = report["findings"] else { return XCTFail("no findings") }
        XCTAssertEqual(findings.count, 145)
        XCTAssertEqual(report["summary"]?["findings"], .integer(145))
        XCTAssertEqual(report["summary"]?["counts"]?["wrong_as_printed"], .integer(5))
        let first = findings[0]
        for key in ["id", "document", "severity", "location", "printed", "source", "compared_with", "readings", "outcome", "downstream"] {
            XCTAssertNotNil(first[key], key)
        }
        XCTAssertEqual(first["severity"], .string("typo"))
    }

    func testColour_OnlyWhenAsked() {
        XCTAssertFalse(rnnGradcheck([]).out.contains("\u{1B}["), "colour without a terminal")
    }
}

extension JSONValue {
    var arrayFirst: JSONValue? {
        if case .array(let elements) = self { return elements.first }
        return nil
    }
}
