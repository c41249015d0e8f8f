import Foundation
import RNNGradCheck
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

/// The commands that show why: dynamics, truncation, check --sweep/--attribute/--bug/--svg/--html, the
/// bugs' first broken step, check-external's per_step; and the pictures, parsed as XML.
final class AnalysisCommandTests: XCTestCase {
    // MARK: XML

    /// Every element of an XML document with its attributes, in document order; fails the test when the
    /// document is not well-formed.
    private final class Elements: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append((name, attributes))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    private func parseXML(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Elements {
        let parser = XMLParser(data: Data(text.utf8))
        let elements = Elements()
        parser.delegate = elements
        let parsed = parser.parse()
        XCTAssert(parsed, "not well-formed XML: \(String(describing: parser.parserError)) at line \(parser.lineNumber)", file: file, line: line)
        return elements
    }

    /// The data-x and data-y values of the points of the series named `name` in chart `chart` (0: the
    /// first of the figure), with their cy.
    private func points(_ xml: Elements, series name: String, chart: Int = 0) -> [(x: Double, y: Double, cy: Double)] {
        var inside = false
        var charts = -1
        var points: [(Double, Double, Double)] = []
        for element in xml.elements {
            if element.name == "g", element.attributes["transform"] != nil { charts += 1 }
            if element.name == "g" { inside = charts == chart && element.attributes["data-name"] == name }
            if inside, element.name == "circle", let x = element.attributes["data-x"].flatMap(Double.init),
                let y = element.attributes["data-y"].flatMap(Double.init), let cy = element.attributes["cy"].flatMap(Double.init)
            {
                points.append((x, y, cy))
            }
        }
        return points
    }

    /// On a log axis a larger value is drawn higher (smaller cy), in proportion to its logarithm.
    private func assertDrawnInOrder(_ points: [(x: Double, y: Double, cy: Double)], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertGreaterThan(points.count, 2, label, file: file, line: line)
        for a in points {
            for b in points where log10(a.y) - log10(b.y) > 1e-9 {
                XCTAssertLessThan(a.cy, b.cy, "\(label): \(a.y) is drawn below \(b.y)", file: file, line: line)
            }
        }
    }

    private func temporaryPath(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-gradcheck-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory.appendingPathComponent(name).path
    }

    private func json(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try XCTUnwrap(value as? [String: Any], "not a JSON object", file: file, line: line)
    }

    // MARK: dynamics

    func testDynamics_OnItsDefaultNetworkVanishesAtHalfAndOneAndExplodesAtThree() throws {
        // The default network (H = 32, T = 30): the regimes the weight scale should show.
        let scales = rnnGradcheck(["dynamics", "--notation", "wildml", "--scales", "0.5,1,3"])
        XCTAssertEqual(scales.status, .success, scales.err)
        XCTAssert(scales.out.contains("K=8 H=32 T=30, seed 1, weights ×3"), scales.out)
        for (scale, regime) in [(0.5, GradientRegime.vanishing), (1, .vanishing), (3, .exploding)] {
            let problem = NotationRegistry.named("wildml")!.random(sizes: ["H": 32, "T": 30], seed: 1, weightScale: scale)
            let expected = try XCTUnwrap(GradientDynamics.of(problem))
            XCTAssertEqual(expected.regime, regime, "×\(scale)")
            let row = "wildml, seed 1, weights ×\(String(format: "%g", scale))"
            let line = try XCTUnwrap(scales.out.split(separator: "\n").first { $0.hasPrefix("  " + row) }, row)
            XCTAssert(line.contains(regime.rawValue), String(line))
            XCTAssert(line.contains(String(format: "%.4g", expected.perStepFactor!)), "\(line) lacks ρ = \(expected.perStepFactor!)")
        }
        XCTAssert(scales.out.contains("004.7"), "the seed equation it illustrates is cited")
        // On the classroom network's four units, ×3 saturates and vanishes: the report says why.
        let classroom = rnnGradcheck(["dynamics", "--notation", "wildml", "--hidden", "4", "--steps", "6", "--scales", "0.5,1,3"])
        XCTAssertEqual(classroom.status, .success)
        XCTAssertEqual(classroom.out.components(separatedBy: "VANISHING").count - 1, 3, classroom.out)
        XCTAssert(classroom.out.contains("wildml, seed 1, weights ×0.5  0.4544"), classroom.out)
        XCTAssert(classroom.out.contains("why: the bound sup tanh′·‖W‖₂ = 2.727 > 1 would allow growth"), classroom.out)
        // Every notation by default; each supplies its own state and Jacobian.
        let all = rnnGradcheck(["dynamics"])
        for notation in NotationRegistry.all { XCTAssert(all.out.contains("\(notation.name) (\(notation.sources))"), notation.name) }
        XCTAssert(all.out.contains("diag(f′(net(t))) U"), "index-wise's sigmoid Jacobian")
    }

    func testDynamicsJSON_MatchesTheAnalysisAndCarriesNoOtherText() throws {
        let svg = try temporaryPath("dynamics.svg")
        let result = rnnGradcheck(["dynamics", "--notation", "wildml", "--hidden", "4", "--steps", "6", "--scales", "0.5,3", "--json", "--svg", svg])
        XCTAssertEqual(result.status, .success, result.err)
        let document = try json(result.out)
        XCTAssertEqual(document["schema"] as? String, "rnn-gradcheck/dynamics/1")
        let cases = try XCTUnwrap(document["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 2)
        for (scale, item) in zip([0.5, 3.0], cases) {
            let dynamics = try XCTUnwrap(item["dynamics"] as? [String: Any])
            let expected = GradientDynamics.measure(Wildml.Problem.random(size: .classroom, seed: 1, weightScale: scale))
            XCTAssertEqual(dynamics["regime"] as? String, expected.regime.rawValue)
            XCTAssertEqual(dynamics["per_step_factor"] as? Double, expected.perStepFactor)
            XCTAssertEqual((dynamics["lags"] as? [[String: Any]])?.count, 6)
        }
        // The note that the picture was written goes to standard error; standard output is the JSON alone.
        XCTAssertEqual(result.err, "wrote the dynamics picture to \(svg)\n")
        XCTAssert(result.out.hasPrefix("{") && result.out.hasSuffix("}\n"))
    }

    /// The picture parses as XML and holds the plotted values, drawn where their values say.
    func testDynamicsSVG_IsWellFormedAndHoldsThePlottedValues() throws {
        let path = try temporaryPath("dynamics.svg")
        let result = rnnGradcheck(["dynamics", "--notation", "wildml", "--hidden", "4", "--steps", "6", "--scales", "0.5,3", "--svg", path])
        XCTAssertEqual(result.status, .success, result.err)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssert(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let xml = try parseXML(text)
        for scale in [0.5, 3.0] {
            let expected = GradientDynamics.measure(Wildml.Problem.random(size: .classroom, seed: 1, weightScale: scale))
            let name = "seed 1, weights ×\(String(format: "%g", scale))"
            let drawn = points(xml, series: name)
            XCTAssertEqual(drawn.map(\.y), expected.lags.map(\.relativeErrorGradient), name)
            XCTAssertEqual(drawn.map(\.x), expected.lags.map { Double($0.lag) }, name)
            assertDrawnInOrder(drawn, name)
            XCTAssertEqual(points(xml, series: name, chart: 1).map(\.y), expected.lags.map(\.productNorm), name)
        }
        XCTAssert(xml.text.contains("How far back the error reaches"))
        XCTAssert(xml.text.contains("lag τ = t − k"), "the x axis is labelled")
        XCTAssert(xml.elements.contains { $0.name == "line" && $0.attributes["data-y"] == "1e-08" }, "the 1e-8 line is drawn")
    }

    // MARK: check --sweep, --attribute, --bug, --svg, --html

    func testCheckSweep_ShowsTheVAndItsBottomNearTheDefaultStep() throws {
        let path = try temporaryPath("sweep.svg")
        let result = rnnGradcheck(["check", "--notation", "wildml", "--sweep", "--svg", path])
        XCTAssertEqual(result.status, .success, result.err)
        XCTAssert(result.out.contains("step-size sweep: worst |a − n| / max(|a|, |n|)"), result.out)
        XCTAssert(result.out.contains("central: bottom 6.2e-09 at h = 3.2e-05"), result.out)
        let xml = try parseXML(try String(contentsOfFile: path, encoding: .utf8))
        let expected = try XCTUnwrap(StepSizeSweep.run(
            NotationRegistry.named("wildml")!.random(seed: 1), analytic: NotationRegistry.named("wildml")!.random(seed: 1).gradientBlocks(truncation: nil).map(\.values)))
        let central = points(xml, series: "central differences")
        XCTAssertEqual(central.map(\.x), expected.points(.central).map(\.step))
        XCTAssertEqual(central.map(\.y), expected.points(.central).map(\.worstError))
        assertDrawnInOrder(central, "central")
        // The chosen steps are marked.
        for h in ["1e-05", "0.001", "1e-20"] {
            XCTAssert(xml.elements.contains { $0.name == "line" && $0.attributes["data-x"] == h }, "no marker at h = \(h)")
        }
    }

    func testCheckBug_FailsAndSaysAtWhichStep() throws {
        let result = rnnGradcheck(["check", "--bug", "wildml/missing-tanh-derivative-through-time"])
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssert(result.out.contains("gradients: the catalogued bug wildml/missing-tanh-derivative-through-time"), result.out)
        XCTAssert(result.out.contains("first parts at lag 1 (output t's error sent 1 step back, to step t−1), at outputs 1, 2, 3, 4, 5, in U, W"), result.out)
        XCTAssert(result.out.contains("that step computes W9 then W8"), result.out)
        // A passing check prints no attribution unless asked; asked, every lag agrees.
        XCTAssertFalse(rnnGradcheck(["check", "--notation", "wildml"]).out.contains("where the gradient goes wrong"))
        let asked = rnnGradcheck(["check", "--notation", "min-char-rnn", "--attribute"])
        XCTAssertEqual(asked.status, .success)
        XCTAssert(asked.out.contains("every output agrees"), asked.out)
        XCTAssert(asked.out.contains("has no truncation, so the gradient cannot be split by lag"), asked.out)
    }

    func testCheckAttributeJSON_CarriesTheAttribution() throws {
        let result = rnnGradcheck(["check", "--bug", "denominator-layout/W-rec-not-transposed", "--json"])
        XCTAssertEqual(result.status, .checkFailed)
        let cases = try XCTUnwrap(try json(result.out)["cases"] as? [[String: Any]])
        let attribution = try XCTUnwrap(cases[0]["attribution"] as? [String: Any])
        XCTAssertEqual(attribution["agrees"] as? Bool, false)
        let parting = try XCTUnwrap(attribution["first_parting"] as? [String: Any])
        XCTAssertEqual(parting["lag"] as? Int, 1)
        XCTAssertEqual(parting["blocks"] as? [String], ["W_in", "W_rec"])
        XCTAssertEqual(parting["summary"] as? String, "lag 1")
    }

    /// The HTML report is well-formed XML with its pictures inline and nothing fetched from elsewhere.
    func testHTMLReport_IsSelfContainedWellFormedAndComplete() throws {
        let path = try temporaryPath("report.html")
        let result = rnnGradcheck(["check", "--bug", "wildml/W-instead-of-W-transpose", "--html", path])
        XCTAssertEqual(result.status, .checkFailed)
        XCTAssertEqual(result.err, "wrote the HTML report to \(path)\n")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssert(text.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""))
        let xml = try parseXML(text)
        XCTAssertEqual(xml.elements.filter { $0.name == "svg" }.count, 3, "attribution, sweep and dynamics pictures inline")
        XCTAssertFalse(xml.elements.contains { ["script", "img", "link", "iframe", "object"].contains($0.name) })
        XCTAssertFalse(xml.elements.contains { $0.attributes.values.contains { $0.hasPrefix("http") && !$0.hasPrefix("http://www.w3.org/") } })
        for heading in ["Check", "Where the gradient goes wrong", "Step-size sweep", "Dynamics: how far back the error reaches"] {
            XCTAssert(xml.text.contains(heading), heading)
        }
        XCTAssert(xml.text.contains("first parts at lag 1"))
        // The plotted attribution values are the analysis's.
        let problem = NotationRegistry.bug(named: "wildml/W-instead-of-W-transpose")!.classroomProblem(seed: 1)
        let attribution = try XCTUnwrap(StepAttribution.attribute(problem) { NotationRegistry.bug(named: "wildml/W-instead-of-W-transpose")!.gradients(of: $0) })
        XCTAssertEqual(points(xml, series: "difference").map(\.y), attribution.summaries.map(\.differenceNorm))
    }

    func testPictureOptions_RefuseWhatCannotWorkBeforeComputing() throws {
        let missing = rnnGradcheck(["dynamics", "--svg", "/nonexistent-directory/picture.svg"])
        XCTAssertEqual(missing.status, .cannotWrite)
        XCTAssertEqual(missing.out, "")
        XCTAssertEqual(missing.err, "Error: cannot write /nonexistent-directory/picture.svg: the directory /nonexistent-directory does not exist\n")
        let directory = try temporaryPath("folder")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        XCTAssertEqual(rnnGradcheck(["truncation", "--svg", directory]).status, .cannotWrite)
        let nothing = rnnGradcheck(["check", "--svg", try temporaryPath("x.svg")])
        XCTAssertEqual(nothing.status, .usage)
        XCTAssert(nothing.err.hasPrefix("Error: '--svg' draws the step-size sweep or the attribution: add --sweep or --attribute"), nothing.err)
        for (arguments, message) in [
            (["dynamics", "--scales", "0.5,x"], "'x' is not a number in (0, 100]"),
            (["dynamics", "--scales", "1,3", "--weight-scale", "2"], "'--weight-scale' cannot be combined with '--scales'"),
            (["check", "--bug", "wildml/no-such-bug"], "unknown bug 'wildml/no-such-bug'"),
            (["check", "--bug", "wildml/averaged-loss", "--notation", "index-wise"], "does not match the bug"),
            (["gradients", "--per-step"], "'--per-step' adds a member to the JSON document: add --json"),
        ] {
            let result = rnnGradcheck(arguments)
            XCTAssertEqual(result.status, .usage, "\(arguments)")
            XCTAssert(result.err.contains(message), "\(arguments): \(result.err)")
        }
    }

    // MARK: truncation, bugs, check-external

    func testTruncation_ShowsTheBiasOfEveryTauPerParameter() throws {
        let result = rnnGradcheck(["truncation", "--notation", "wildml"])
        XCTAssertEqual(result.status, .success)
        XCTAssert(result.out.contains("  τ  U        V        W\n  0  3.5e-01"), result.out)
        XCTAssert(result.out.contains("τ = 5 = T − 1 is full BPTT"), result.out)
        let plain = rnnGradcheck(["truncation", "--notation", "min-char-rnn", "--json"])
        let cases = try XCTUnwrap(try json(plain.out)["cases"] as? [[String: Any]])
        XCTAssertEqual(try json(plain.out)["schema"] as? String, "rnn-gradcheck/truncation/1")
        XCTAssertEqual((cases[0]["truncation_bias"] as? [String: Any])?["source"] as? String, "numerical")
        let path = try temporaryPath("truncation.svg")
        XCTAssertEqual(rnnGradcheck(["truncation", "--svg", path]).status, .success)
        let xml = try parseXML(try String(contentsOfFile: path, encoding: .utf8))
        XCTAssertEqual(xml.elements.filter { $0.name == "g" && $0.attributes["transform"] != nil }.count, NotationRegistry.all.count)
    }

    func testBugs_ListTheFirstBrokenStep() throws {
        let result = rnnGradcheck(["bugs", "--notation", "wildml"])
        XCTAssertEqual(result.status, .success)
        XCTAssert(result.out.contains("first broken step"))
        let line = try XCTUnwrap(result.out.split(separator: "\n").first { $0.contains("wildml/W-instead-of-W-transpose") })
        XCTAssert(line.hasSuffix("lag 1"), String(line))
        let json = try json(rnnGradcheck(["bugs", "--notation", "min-char-rnn", "--json"]).out)
        let bugs = try XCTUnwrap(json["bugs"] as? [[String: Any]])
        let reset = try XCTUnwrap(bugs.first { $0["id"] as? String == "min-char-rnn/dhnext-reset" })
        let step = try XCTUnwrap(reset["first_broken_step"] as? [String: Any])
        XCTAssert(step["lag"] is NSNull)
        XCTAssertEqual(step["output"] as? Int, 1)
    }

    /// A program that reports per_step gets the same attribution as the bug it runs; a malformed
    /// per_step fails the fixture with a message naming it; without per_step the report says what it
    /// would give.
    func testCheckExternal_AttributesAProgramsPerStepContributions() throws {
        let program = try builtExecutable()
        let bug = "denominator-layout/derivative-at-next-step"
        let result = rnnGradcheck([
            "check-external", "--notation", "denominator-layout", "--", program, "gradients", "--fixture", "-", "--json", "--bug", bug, "--per-step",
        ])
        XCTAssertEqual(result.status, .checkFailed, result.out)
        XCTAssert(result.out.contains("where the gradient goes wrong: the program's per_step"), result.out)
        XCTAssert(result.out.contains("first parts at lag 1"), result.out)
        XCTAssert(result.out.contains("that step computes D9, D11"), result.out)
        let right = rnnGradcheck(["check-external", "--", program, "gradients", "--fixture", "-", "--json", "--per-step"])
        XCTAssertEqual(right.status, .success, right.out)
        let without = rnnGradcheck(["check-external", "--", program, "gradients", "--fixture", "-", "--json", "--bug", "wildml/W-instead-of-W-transpose"])
        XCTAssert(without.out.contains("attribution: the answer has no \"per_step\""), without.out)
        let jsonRun = rnnGradcheck([
            "check-external", "--json", "--", program, "gradients", "--fixture", "-", "--json", "--bug", "wildml/W-instead-of-W-transpose", "--per-step",
        ])
        let fixtures = try XCTUnwrap(try json(jsonRun.out)["fixtures"] as? [[String: Any]])
        XCTAssertEqual(((fixtures[0]["attribution"] as? [String: Any])?["first_parting"] as? [String: Any])?["lag"] as? Int, 1)
        // per_step with one output too few.
        let shell = "/bin/sh"
        guard FileManager.default.isExecutableFile(atPath: shell) else { throw XCTSkip("/bin/sh is missing") }
        let answer = rnnGradcheck(["gradients", "--json", "--per-step"]).out
        let broken = try JSONSerialization.jsonObject(with: Data(answer.utf8)) as! [String: Any]
        var truncated = broken
        truncated["per_step"] = Array((broken["per_step"] as! [Any]).dropLast())
        let answerPath = try temporaryPath("answer.json")
        try JSONSerialization.data(withJSONObject: truncated).write(to: URL(fileURLWithPath: answerPath))
        let malformed = rnnGradcheck(["check-external", "--", shell, "-c", "cat '\(answerPath)'"])
        XCTAssertEqual(malformed.status, .checkFailed)
        XCTAssert(malformed.out.contains("per_step must have one entry per output t = 0…5 (6), found 5"), malformed.out)
    }

    func testHelp_DescribesTheNewCommands() {
        for name in ["dynamics", "truncation"] {
            let help = rnnGradcheck(["help", name])
            XCTAssertEqual(help.status, .success)
            XCTAssert(help.out.contains("--svg <file>"), name)
            XCTAssert(rnnGradcheck(["--help"]).out.contains("\n  \(name) "), name)
        }
        let check = rnnGradcheck(["help", "check"]).out
        for option in ["--sweep", "--attribute", "--bug <id>", "--html <file>"] { XCTAssert(check.contains(option), option) }
    }
}
