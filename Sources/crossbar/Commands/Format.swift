import Foundation

/// Number formatting for reports.
enum Format {
    /// `value` with `digits` digits after the decimal point.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
