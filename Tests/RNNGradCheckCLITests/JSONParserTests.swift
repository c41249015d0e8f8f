import XCTest

@testable import RNNGradCheckCLI
@testable import RNNGradCheckKit

final class JSONParserTests: XCTestCase {
    func testParse_ReadsEveryKindOfValue() throws {
        let value = try JSONParser.parse(#"{"a": [1, -2.5e3, true, false, null], "b": "x\"\u00e9\n", "c": {}}"#)
        XCTAssertEqual(value["a"], .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]))
        XCTAssertEqual(value["b"], .string("x\"é\n"))
        XCTAssertEqual(value["c"], .object([]))
    }

    func testParse_KeepsTheLiteralOfNumbers() throws {
        guard case .number(let x, let literal) = try JSONParser.parse("1e999") else { return XCTFail() }
        XCTAssertEqual(literal, "1e999")
        XCTAssertEqual(x, .infinity)
    }

    func testSyntaxErrors_SayWhereAndWhat() {
        let cases: [(String, Int, Int, String)] = [
            ("{\"a\": 1,\n \"b\" 2}", 2, 6, "expected ':' after the key \"b\""),
            ("[1, 2,]", 1, 7, "trailing comma"),
            ("{\"a\": NaN}", 1, 7, "NaN is not a JSON number"),
            ("[Infinity]", 1, 2, "Infinity is not a JSON number"),
            ("[-Infinity]", 1, 2, "-Infinity is not a JSON number"),
            ("[01]", 1, 2, "leading zeros"),
            ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\""),
            ("", 1, 1, "the document is empty"),
            ("[1] [2]", 1, 5, "after the end of the document"),
            ("{'a': 1}", 1, 2, "expected a key in double quotes"),
            ("\"abc", 1, 1, "unterminated string"),
            ("[1.]", 1, 2, "a digit must follow the decimal point"),
        ]
        for (text, line, column, reason) in cases {
            do {
                _ = try JSONParser.parse(text)
                XCTFail("\(text) parsed")
            } catch {
                XCTAssertEqual(error.line, line, text)
                XCTAssertEqual(error.column, column, text)
                XCTAssert(error.reason.contains(reason), "\(text): \(error.reason)")
            }
        }
    }

    func testDeepNesting_IsRefusedNotOverflowed() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try JSONParser.parse(deep))
    }

    func testWriter_RoundTripsThroughTheParser() throws {
        let value = JSONValue.object([
            ("matrix", .array([.array([.number(0.1), .number(-1e-300)]), .array([.number(1.7976931348623157e308), .number(-0.0)])])),
            ("text", .string("tab\t \"quote\" \u{01}")),
            ("n", .integer(42)),
            ("empty", .array([])),
        ])
        let text = JSONWriter.write(value)
        XCTAssertEqual(try JSONParser.parse(text), value)
        XCTAssert(text.contains("[0.1, -1e-300]"), "a matrix row is written on one line:\n\(text)")
    }
}
