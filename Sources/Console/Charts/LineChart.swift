import Foundation

/// A small SVG line chart drawn on the server: one or more series over the same x points
/// (minutes), a zero-based y axis with a top label, and a legend. Labels are escaped.
struct LineChart {
    struct Series {
        var name: String
        var color: String
        /// One value per x point; nil leaves a gap.
        var values: [Double?]
    }

    var title: String
    var unit: String
    var series: [Series]
    /// Labels under the first, middle and last point.
    var xLabels: (first: String, middle: String, last: String)
    var width = 560
    var height = 180

    func svg() -> HTML {
        let left = 44.0, right = 8.0, top = 28.0, bottom = 22.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let points = series.map(\.values.count).max() ?? 0
        let peak = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let yMax = Self.niceCeiling(peak)
        var html = HTML(raw: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\">")
        html.raw("<title>\(HTML.escape(title))</title>")
        html.raw("<text x=\"4\" y=\"14\" font-size=\"12\"><tspan font-weight=\"600\">\(HTML.escape(title))</tspan> <tspan fill=\"#6b7385\" font-size=\"10\">\(HTML.escape(unit))</tspan></text>")
        for fraction in [0.0, 0.5, 1.0] {
            let y = top + plotHeight * (1 - fraction)
            html.raw("<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + plotWidth)\" y2=\"\(y)\" stroke=\"#e3e6ec\"/>")
            html.raw("<text x=\"\(left - 4)\" y=\"\(y + 4)\" font-size=\"10\" text-anchor=\"end\" fill=\"#6b7385\">\(HTML.escape(Self.label(yMax * fraction)))</text>")
        }
        for (offset, text) in [(0.0, xLabels.first), (0.5, xLabels.middle), (1.0, xLabels.last)] {
            let anchor = offset == 0 ? "start" : (offset == 1 ? "end" : "middle")
            html.raw("<text x=\"\(left + plotWidth * offset)\" y=\"\(Double(height) - 6)\" font-size=\"10\" text-anchor=\"\(anchor)\" fill=\"#6b7385\">\(HTML.escape(text))</text>")
        }
        for (index, line) in series.enumerated() {
            var path = ""
            var dots = ""
            var pen = false
            for (i, value) in line.values.enumerated() {
                guard let value else { pen = false; continue }
                let x = left + (points > 1 ? plotWidth * Double(i) / Double(points - 1) : 0)
                let y = top + plotHeight * (1 - (yMax > 0 ? value / yMax : 0))
                path += (pen ? "L" : "M") + String(format: "%.1f,%.1f", x, y)
                // A dot per value, so a minute with data between two empty ones still shows.
                if value > 0 { dots += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" ", x, y) + "fill=\"\(line.color)\"/>" }
                pen = true
            }
            html.raw("<path d=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.6\"/>" + dots)
            let legendX = Double(width) - right - Double(series.count - index) * 95
            html.raw("<rect x=\"\(legendX)\" y=\"17\" width=\"10\" height=\"3\" fill=\"\(line.color)\"/>")
            html.raw("<text x=\"\(legendX + 14)\" y=\"21\" font-size=\"10\">\(HTML.escape(line.name))</text>")
        }
        html.raw("</svg>")
        return html
    }

    /// 1, 2 or 5 times a power of ten at or above `value` (at least 1).
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 1 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2.0, 5.0, 10.0] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    static func label(_ value: Double) -> String {
        value >= 1000 ? String(format: "%.0fk", value / 1000) : (value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value))
    }
}
