/// A strict JSON parser (RFC 8259) with messages that say where and what went wrong.
///
/// Foundation's parser says only that data "isn't in the correct format"; a student editing a fixture
/// by hand needs the line, the column and the reason. NaN and Infinity, which some JSON writers emit
/// (python's json.dumps does by default), are named and refused: a fixture must hold finite numbers.
public struct JSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    /// Read NaN, Infinity and -Infinity as numbers (never valid JSON; what python's json.dumps writes
    /// for them), so that a reader can name the entry that holds one.
    private var acceptsNonFinite = false
    /// Deeper nesting than this is refused rather than risking the stack.
    private static let maximumDepth = 64

    /// Parses a whole document: one value, surrounded by nothing but whitespace.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses a whole document; with `acceptingNonFinite`, NaN and ±Infinity are numbers.
    public static func parse(_ bytes: [UInt8], acceptingNonFinite: Bool = false) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.acceptsNonFinite = acceptingNonFinite
        if let encoding = otherEncoding(of: bytes) {
            throw JSONSyntaxError(
                line: 1, column: 1,
                reason: "the text is \(encoding), but JSON documents must be UTF-8: convert it (iconv -f \(encoding.split(separator: " ")[0]) -t UTF-8)")
        }
        parser.skipByteOrderMark()
        parser.skipWhitespace()
        guard parser.position < bytes.count else { throw parser.error("the document is empty") }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.position < bytes.count {
            throw parser.error("unexpected \(parser.describeCurrent()) after the end of the document")
        }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    // MARK: - Positions and messages

    private func error(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        let end = min(offset ?? position, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<end where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        // Count characters, not bytes, in the column.
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return JSONSyntaxError(line: line, column: column, reason: reason)
    }

    /// "UTF-16 (little-endian)" or "UTF-32 (big-endian)" when the bytes are text in another Unicode
    /// encoding (by its byte order mark, or by the zero bytes ASCII text has in it); nil otherwise.
    static func otherEncoding(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32 (big-endian)" }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32 (little-endian)" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian)" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian)" }
        // Without a byte order mark: JSON starts with an ASCII character, which these encodings
        // write with zero bytes beside it.
        guard bytes.count >= 4 else { return nil }
        let zeros = bytes.prefix(4).map { $0 == 0 }
        switch (zeros[0], zeros[1], zeros[2], zeros[3]) {
        case (true, true, true, false): return "UTF-32 (big-endian)"
        case (false, true, true, true): return "UTF-32 (little-endian)"
        case (true, false, true, false): return "UTF-16 (big-endian)"
        case (false, true, false, true): return "UTF-16 (little-endian)"
        default: return nil
        }
    }

    private func describeCurrent() -> String {
        guard position < bytes.count else { return "end of file" }
        let byte = bytes[position]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func skipByteOrderMark() {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    // MARK: - Values

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of file: a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            let start = position
            let word = readWord()
            if acceptsNonFinite, word == "NaN" || word == "Infinity" { return .number(word == "NaN" ? .nan : .infinity, literal: word) }
            if word == "NaN" || word == "Infinity" {
                throw error("\(word) is not a JSON number (non-finite values are not accepted; write a finite number)", at: start)
            }
            throw error("unexpected '\(word)': a value was expected", at: start)
        case UInt8(ascii: "'"):
            throw error("strings must be in double quotes (\"), not single quotes")
        default:
            throw error("unexpected \(describeCurrent()): a value was expected")
        }
    }

    /// A run of letters, as messages quote it (at most `Echo.limit` characters).
    private mutating func readWord() -> String {
        let start = position
        while position < bytes.count, (bytes[position] >= UInt8(ascii: "a") && bytes[position] <= UInt8(ascii: "z"))
            || (bytes[position] >= UInt8(ascii: "A") && bytes[position] <= UInt8(ascii: "Z"))
        {
            position += 1
        }
        return Echo.capped(String(decoding: bytes[start..<min(position, start + Echo.limit + 1)], as: UTF8.self))
    }

    private mutating func expectWord(_ word: String) throws(JSONSyntaxError) {
        let start = position
        let found = readWord()
        guard found == word else { throw error("unexpected '\(found)': a value was expected", at: start) }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1  // {
        var members: [(key: String, value: JSONValue)] = []
        var seen = Set<String>()
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of file inside an object") }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a key in double quotes, found \(describeCurrent())")
            }
            let keyStart = position
            let key = try parseString()
            guard seen.insert(key).inserted else { throw error("duplicate key \"\(Echo.capped(key))\"", at: keyStart) }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \"\(Echo.capped(key))\", found \(describeCurrent())")
            }
            position += 1
            members.append((key, try parseValue()))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of file inside an object: '}' is missing") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    throw error("trailing comma before '}'")
                }
                continue
            }
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            throw error("expected ',' or '}' after the value of \"\(Echo.capped(key))\", found \(describeCurrent())")
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of file inside an array: ']' is missing") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    throw error("trailing comma before ']'")
                }
                continue
            }
            if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            throw error("expected ',' or ']' after an array element, found \(describeCurrent())")
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = position
        position += 1  // "
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flushRun(_ parser: JSONParser, to end: Int) throws(JSONSyntaxError) {
            let run = parser.bytes[runStart..<end]
            // Plain ASCII needs no validation; anything else must be valid UTF-8.
            if run.allSatisfy({ $0 < 0x80 }) {
                scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
                return
            }
            guard let text = String(validating: run, as: UTF8.self) else {
                let offset = parser.firstInvalidUTF8(in: runStart..<end)
                throw parser.error(
                    "invalid UTF-8 (byte 0x\(String(parser.bytes[offset], radix: 16, uppercase: true))) inside a string: JSON documents must be UTF-8",
                    at: offset)
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard position < bytes.count else { throw error("unterminated string", at: start) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                try flushRun(self, to: position)
                position += 1
                return String(scalars)
            }
            if byte < 0x20 {
                throw error("control character (byte 0x\(String(byte, radix: 16, uppercase: true))) inside a string: escape it")
            }
            if byte != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            try flushRun(self, to: position)
            position += 1
            guard position < bytes.count else { throw error("unterminated string", at: start) }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800...0xDBFF).contains(code) {
                    // A surrogate pair: \uD83D\uDE00.
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate \\u\(String(code, radix: 16, uppercase: true)) in a string")
                    }
                    position += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate in a string") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape in a string") }
                scalars.append(scalar)
            default:
                let shown = escape >= 0x20 && escape < 0x7F ? "'\\\(Character(UnicodeScalar(escape)))'" : "'\\' followed by byte 0x\(String(escape, radix: 16, uppercase: true))"
                throw error("invalid escape \(shown) in a string", at: position - 2)
            }
            runStart = position
        }
    }

    /// The offset of the first byte in `range` where the UTF-8 is invalid.
    private func firstInvalidUTF8(in range: Range<Int>) -> Int {
        var offset = range.lowerBound
        while offset < range.upperBound {
            let lead = bytes[offset]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            guard length > 0, offset + length <= range.upperBound,
                String(validating: bytes[offset..<(offset + length)], as: UTF8.self) != nil
            else { return offset }
            offset += length
        }
        return range.lowerBound
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("incomplete \\u escape in a string") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hexadecimal digit in a \\u escape")
            }
            code = code * 16 + digit
            position += 1
        }
        return code
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
            return position - from
        }
        if bytes[position] == UInt8(ascii: "-") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "I") {
                if acceptsNonFinite {
                    let word = readWord()
                    guard word == "Infinity" else { throw error("unexpected '-\(word)': a value was expected", at: start) }
                    return .number(-.infinity, literal: "-Infinity")
                }
                throw error("-Infinity is not a JSON number (non-finite values are not accepted; write a finite number)", at: start)
            }
        }
        guard position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") else {
            throw error("a digit must follow '-'", at: start)
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                throw error("numbers may not have leading zeros", at: start)
            }
        } else {
            _ = digits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("a digit must follow the decimal point", at: start) }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("a digit must follow the exponent", at: start) }
        }
        let literal = String(decoding: bytes[start..<position], as: UTF8.self)
        // Double(_:) rounds correctly; a literal beyond ±1.8e308 becomes ±infinity, which the
        // fixture reader reports as out of range with the literal.
        guard let value = Double(literal) else { throw error("invalid number '\(Echo.capped(literal))'", at: start) }
        return .number(value, literal: literal)
    }
}
