import Foundation

// A small SVG line-chart writer: linear or logarithmic axes with decade ticks, labelled axes, a legend
// under the plot (never over the data), reference lines, and every plotted value in the file (each
// point carries data-x and data-y, and a tooltip). It returns a string; the command line writes it.
// Self-contained: no fonts, scripts or images from elsewhere; readable in a browser and in print.

/// One axis of a chart.
public struct ChartAxis: Sendable {
    public enum Scale: Sendable { case linear, log }
    public var label: String
    public var scale: Scale
    /// Larger values on the left (or at the bottom): a step size that shrinks to the right.
    public var reversed: Bool
    /// Ticks at integers only (lags, steps).
    public var integerTicks: Bool

    public init(_ label: String, scale: Scale, reversed: Bool = false, integerTicks: Bool = false) {
        self.label = label
        self.scale = scale
        self.reversed = reversed
        self.integerTicks = integerTicks
    }
}

/// How a series or a reference line is stroked.
public enum LineStyle: String, Sendable {
    case solid, dashed, dotted

    var dashArray: String? {
        switch self {
        case .solid: return nil
        case .dashed: return "7 4"
        case .dotted: return "2 3"
        }
    }
}

/// One curve: points joined in order; a point whose value cannot be drawn (≤ 0 on a log axis, not
/// finite) breaks the line and is listed in the chart's notes.
public struct ChartSeries: Sendable {
    public var name: String
    public var points: [(x: Double, y: Double)]
    public var style: LineStyle
    /// An index into the palette: series that belong together share it.
    public var colour: Int
    public var markers: Bool
    /// Listed in the legend (a series whose style a note explains may stay out of it).
    public var inLegend: Bool

    public init(
        _ name: String, points: [(x: Double, y: Double)], style: LineStyle = .solid, colour: Int, markers: Bool = true, inLegend: Bool = true
    ) {
        self.name = name
        self.points = points
        self.style = style
        self.colour = colour
        self.markers = markers
        self.inLegend = inLegend
    }
}

/// A reference line across the plot: a chosen step (vertical) or a tolerance (horizontal).
public struct ChartMarker: Sendable {
    public var value: Double
    public var label: String
    public var style: LineStyle
    public var colour: Int?

    public init(_ value: Double, label: String, style: LineStyle = .dashed, colour: Int? = nil) {
        self.value = value
        self.label = label
        self.style = style
        self.colour = colour
    }
}

/// One chart: a title, two axes, series, reference lines and notes.
public struct Chart: Sendable {
    public var title: String
    public var subtitle: String?
    public var x: ChartAxis
    public var y: ChartAxis
    public var series: [ChartSeries]
    public var verticalMarkers: [ChartMarker] = []
    public var horizontalMarkers: [ChartMarker] = []
    /// Lines printed under the legend.
    public var notes: [String] = []

    public init(title: String, subtitle: String? = nil, x: ChartAxis, y: ChartAxis, series: [ChartSeries]) {
        self.title = title
        self.subtitle = subtitle
        self.x = x
        self.y = y
        self.series = series
    }
}

/// Charts stacked one under another in one SVG document.
public struct Figure: Sendable {
    public var title: String
    public var charts: [Chart]

    public init(title: String, charts: [Chart]) {
        self.title = title
        self.charts = charts
    }

    /// The standalone SVG file (with its XML declaration).
    public func svgDocument() -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg()
    }

    /// The `<svg>` element, for a file or inline in HTML.
    public func svg() -> String {
        var body = ""
        var top = 0.0
        for chart in charts {
            let (content, height) = SVGRenderer.render(chart)
            body += "<g transform=\"translate(0,\(SVGRenderer.number(top)))\">\n\(content)</g>\n"
            top += height
        }
        let width = SVGRenderer.width
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(SVGRenderer.number(width))" height="\(SVGRenderer.number(top))" \
            viewBox="0 0 \(SVGRenderer.number(width)) \(SVGRenderer.number(top))" font-family="Helvetica, Arial, sans-serif" font-size="12" \
            role="img" aria-label="\(SVGRenderer.escape(title))">
            <title>\(SVGRenderer.escape(title))</title>
            <rect x="0" y="0" width="\(SVGRenderer.number(width))" height="\(SVGRenderer.number(top))" fill="#ffffff"/>
            \(body)</svg>

            """
    }
}

/// The geometry and the drawing.
enum SVGRenderer {
    static let width = 760.0
    static let plotLeft = 84.0
    static let plotRight = 736.0
    static let plotHeight = 280.0
    /// Okabe–Ito colours: distinct for colour-blind readers and in greyscale print.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B"]

    static func colour(_ index: Int) -> String { palette[((index % palette.count) + palette.count) % palette.count] }

    /// XML text and attribute escaping.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A coordinate with two decimals at most.
    static func number(_ x: Double) -> String {
        let rounded = (x * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.2f", rounded)
    }

    /// A value as it is written in data attributes: the shortest literal that reads back exactly.
    static func exact(_ x: Double) -> String { x.isFinite ? "\(x)" : (x.isNaN ? "NaN" : (x > 0 ? "inf" : "-inf")) }

    /// A value for a tooltip: four significant digits.
    static func short(_ x: Double) -> String { x.isFinite ? String(format: "%.4g", x) : exact(x) }

    /// Whether a value can be placed on the axis.
    static func drawable(_ value: Double, on axis: ChartAxis) -> Bool {
        value.isFinite && (axis.scale == .linear || value > 0)
    }

    /// The data range of an axis, padded to whole decades (log) or to zero and integers (linear).
    static func range(of values: [Double], axis: ChartAxis) -> (low: Double, high: Double) {
        let drawn = values.filter { drawable($0, on: axis) }
        switch axis.scale {
        case .log:
            guard let low = drawn.min(), let high = drawn.max() else { return (0, 1) }
            var lo = log10(low).rounded(.down), hi = log10(high).rounded(.up)
            if lo == hi { lo -= 1; hi += 1 }
            return (lo, hi)
        case .linear:
            guard var low = drawn.min(), var high = drawn.max() else { return (0, 1) }
            low = min(low, 0)
            if axis.integerTicks { low = low.rounded(.down); high = high.rounded(.up) }
            if low == high { high = low + 1 }
            return (low, high)
        }
    }

    /// Where a value goes along an axis, as a fraction 0…1 of its length.
    static func fraction(_ value: Double, _ range: (low: Double, high: Double), _ axis: ChartAxis) -> Double {
        let v = axis.scale == .log ? log10(value) : value
        let t = (v - range.low) / (range.high - range.low)
        return axis.reversed ? 1 - t : t
    }

    /// The ticks of an axis: (value, label as SVG text content).
    static func ticks(_ range: (low: Double, high: Double), _ axis: ChartAxis) -> [(value: Double, label: String)] {
        switch axis.scale {
        case .log:
            let decades = Int(range.high - range.low)
            if decades <= 2 {
                // A short range: 1, 2 and 5 in every decade, written plainly.
                var ticks: [(Double, String)] = []
                for k in Int(range.low)...Int(range.high) {
                    for m in [1.0, 2, 5] {
                        let value = m * pow(10, Double(k))
                        if log10(value) <= range.high + 1e-9 { ticks.append((value, String(format: "%g", value))) }
                    }
                }
                return ticks
            }
            let every = max(1, Int((Double(decades) / 10).rounded(.up)))
            return stride(from: Int(range.low), through: Int(range.high), by: 1).filter { ($0 - Int(range.low)) % every == 0 }.map { k in
                let exponent = k < 0 ? "−\(-k)" : "\(k)"
                return (pow(10, Double(k)), "10<tspan dy=\"-6\" font-size=\"9\">\(exponent)</tspan>")
            }
        case .linear:
            let span = range.high - range.low
            let raw = span / 8
            let magnitude = pow(10, log10(raw).rounded(.down))
            var step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
            if axis.integerTicks { step = span <= 12 ? 1 : max(1, step.rounded(.up)) }
            var ticks: [(Double, String)] = []
            var value = (range.low / step).rounded(.up) * step
            while value <= range.high + step * 1e-9 {
                let label = axis.integerTicks || value == value.rounded() ? String(Int(value.rounded())) : String(format: "%g", value)
                ticks.append((value, label))
                value += step
            }
            return ticks
        }
    }

    /// The estimated width of a text at 12 px.
    static func textWidth(_ text: String) -> Double { Double(text.count) * 6.8 }

    /// One chart's elements and its height.
    static func render(_ chart: Chart) -> (String, Double) {
        var out = ""
        var y = 26.0
        out += "<text x=\"\(number(plotLeft))\" y=\"\(number(y))\" font-size=\"15\" font-weight=\"bold\">\(escape(chart.title))</text>\n"
        if let subtitle = chart.subtitle {
            y += 18
            out += "<text x=\"\(number(plotLeft))\" y=\"\(number(y))\" fill=\"#444444\">\(escape(subtitle))</text>\n"
        }
        let top = y + 22
        let bottom = top + plotHeight
        let xs = chart.series.flatMap { $0.points.map(\.x) } + chart.verticalMarkers.map(\.value)
        let ys = chart.series.flatMap { $0.points.map(\.y) } + chart.horizontalMarkers.map(\.value)
        let xRange = range(of: xs, axis: chart.x), yRange = range(of: ys, axis: chart.y)
        func px(_ value: Double) -> Double { plotLeft + fraction(value, xRange, chart.x) * (plotRight - plotLeft) }
        func py(_ value: Double) -> Double { bottom - fraction(value, yRange, chart.y) * plotHeight }

        // Grid and ticks.
        out += "<g stroke=\"#dddddd\" stroke-width=\"1\">\n"
        let xTicks = ticks(xRange, chart.x), yTicks = ticks(yRange, chart.y)
        for tick in xTicks { out += "<line x1=\"\(number(px(tick.value)))\" y1=\"\(number(top))\" x2=\"\(number(px(tick.value)))\" y2=\"\(number(bottom))\"/>\n" }
        for tick in yTicks { out += "<line x1=\"\(number(plotLeft))\" y1=\"\(number(py(tick.value)))\" x2=\"\(number(plotRight))\" y2=\"\(number(py(tick.value)))\"/>\n" }
        out += "</g>\n"
        out += "<rect x=\"\(number(plotLeft))\" y=\"\(number(top))\" width=\"\(number(plotRight - plotLeft))\" height=\"\(number(plotHeight))\" fill=\"none\" stroke=\"#333333\"/>\n"
        out += "<g fill=\"#333333\">\n"
        for tick in xTicks {
            out += "<text x=\"\(number(px(tick.value)))\" y=\"\(number(bottom + 18))\" text-anchor=\"middle\">\(tick.label)</text>\n"
        }
        for tick in yTicks {
            out += "<text x=\"\(number(plotLeft - 8))\" y=\"\(number(py(tick.value) + 4))\" text-anchor=\"end\">\(tick.label)</text>\n"
        }
        out += "</g>\n"
        out += "<text x=\"\(number((plotLeft + plotRight) / 2))\" y=\"\(number(bottom + 40))\" text-anchor=\"middle\">\(escape(chart.x.label))</text>\n"
        let yMiddle = (top + bottom) / 2
        out += "<text x=\"18\" y=\"\(number(yMiddle))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(number(yMiddle)))\">\(escape(chart.y.label))</text>\n"

        // Reference lines, labelled along the line (vertical) or above its right end (horizontal).
        for marker in chart.verticalMarkers where drawable(marker.value, on: chart.x) {
            let x = px(marker.value)
            let stroke = marker.colour.map(colour) ?? "#555555"
            out += "<line class=\"marker\" x1=\"\(number(x))\" y1=\"\(number(top))\" x2=\"\(number(x))\" y2=\"\(number(bottom))\" stroke=\"\(stroke)\" stroke-width=\"1.2\"\(dash(marker.style)) data-x=\"\(exact(marker.value))\"/>\n"
            // Left of the line, or right of it on the plot's left edge (clear of the tick labels).
            let labelX = x - 16 < plotLeft ? x + 13 : x - 4
            out += "<text x=\"\(number(labelX))\" y=\"\(number(top + 6))\" text-anchor=\"end\" font-size=\"11\" fill=\"\(stroke)\"\(halo) transform=\"rotate(-90 \(number(labelX)) \(number(top + 6)))\">\(escape(marker.label))</text>\n"
        }
        for marker in chart.horizontalMarkers where drawable(marker.value, on: chart.y) {
            let y = py(marker.value)
            let stroke = marker.colour.map(colour) ?? "#555555"
            out += "<line class=\"marker\" x1=\"\(number(plotLeft))\" y1=\"\(number(y))\" x2=\"\(number(plotRight))\" y2=\"\(number(y))\" stroke=\"\(stroke)\" stroke-width=\"1.2\"\(dash(marker.style)) data-y=\"\(exact(marker.value))\"/>\n"
            out += "<text x=\"\(number(plotRight - 6))\" y=\"\(number(y - 5))\" text-anchor=\"end\" font-size=\"11\" fill=\"\(stroke)\"\(halo)>\(escape(marker.label))</text>\n"
        }

        // The series.
        var undrawn: [String] = []
        for series in chart.series {
            let stroke = colour(series.colour)
            out += "<g class=\"series\" data-name=\"\(escape(series.name))\">\n"
            var segment: [String] = []
            func flush() {
                if segment.count > 1 {
                    out += "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2\"\(dash(series.style)) points=\"\(segment.joined(separator: " "))\"/>\n"
                }
                segment = []
            }
            var skipped = 0
            for point in series.points {
                guard drawable(point.x, on: chart.x), drawable(point.y, on: chart.y) else {
                    flush()
                    skipped += 1
                    continue
                }
                segment.append("\(number(px(point.x))),\(number(py(point.y)))")
            }
            flush()
            if series.markers {
                for point in series.points where drawable(point.x, on: chart.x) && drawable(point.y, on: chart.y) {
                    out += "<circle cx=\"\(number(px(point.x)))\" cy=\"\(number(py(point.y)))\" r=\"2.6\" fill=\"\(stroke)\" data-x=\"\(exact(point.x))\" data-y=\"\(exact(point.y))\"><title>\(escape(series.name)): \(short(point.x)), \(short(point.y))</title></circle>\n"
                }
            }
            out += "</g>\n"
            if skipped > 0 {
                undrawn.append("\(series.name): \(skipped) of \(series.points.count) values not drawn (\(chart.y.scale == .log ? "zero, negative or not finite on a log axis" : "not finite"))")
            }
        }

        // Legend, under the axis label: entries in rows.
        var legendY = bottom + 64
        var legendX = plotLeft
        for series in chart.series where series.inLegend {
            let entryWidth = 40 + textWidth(series.name) + 18
            if legendX + entryWidth > plotRight && legendX > plotLeft {
                legendX = plotLeft
                legendY += 18
            }
            out += "<line x1=\"\(number(legendX))\" y1=\"\(number(legendY - 4))\" x2=\"\(number(legendX + 30))\" y2=\"\(number(legendY - 4))\" stroke=\"\(colour(series.colour))\" stroke-width=\"2\"\(dash(series.style))/>\n"
            out += "<text x=\"\(number(legendX + 36))\" y=\"\(number(legendY))\">\(escape(series.name))</text>\n"
            legendX += entryWidth
        }
        var height = legendY + 10
        for note in chart.notes + undrawn {
            for line in Format.wrap(note, width: 112) {
                height += 16
                out += "<text x=\"\(number(plotLeft))\" y=\"\(number(height))\" fill=\"#444444\" font-size=\"11\">\(escape(line))</text>\n"
            }
        }
        return (out, height + 18)
    }

    /// A white outline under a label, so that it stays readable where it crosses a curve.
    static let halo = " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\""

    static func dash(_ style: LineStyle) -> String {
        style.dashArray.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    }
}
