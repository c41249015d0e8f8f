/// What a message may repeat of the user's input: a message is one line a person reads, so a 10 MB
/// key or number is cut to its first characters.
public enum Echo {
    /// The most characters of the user's text a message repeats.
    public static let limit = 60

    /// `text`, or its first `limit` characters followed by "… (N characters)", with control characters
    /// written as escapes (\n, \u{1b}) so that a message stays one line.
    public static func capped(_ text: String, limit: Int = limit) -> String {
        let shown = text.count > limit ? String(text.prefix(limit)) : text
        let escaped = shown.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            ? shown.unicodeScalars.map { scalar -> String in
                switch scalar {
                case "\n": return "\\n"
                case "\t": return "\\t"
                case "\r": return "\\r"
                default: return scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
                }
            }.joined()
            : shown
        return text.count > limit ? escaped + "… (\(text.count) characters)" : escaped
    }

    /// One line of a program's output as a message shows it: control characters escaped, capped.
    public static func line(_ bytes: some Collection<UInt8>, limit: Int = limit) -> String {
        let text = String(decoding: bytes.prefix(4 * limit + 4), as: UTF8.self)
        let visible = text.unicodeScalars.map { scalar -> String in
            scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return capped(visible, limit: limit) + (bytes.count > 4 * limit + 4 && visible.count <= limit ? "…" : "")
    }
}
