/// A rectangular block of a ``Matrix`` — a range of rows and a range of columns — that shares
/// the matrix's storage instead of copying it.
///
/// Element `(r, c)` of the view is element `(rowRange.lowerBound + r, columnRange.lowerBound + c)`
/// of the base matrix. In memory, rows of the view are ``rowStride`` elements apart.
public struct MatrixView<Element: Numeric & Sendable>: Sendable {
    /// The matrix this view looks into.
    public let base: Matrix<Element>
    /// Rows of `base` covered by the view.
    public let rowRange: Range<Int>
    /// Columns of `base` covered by the view.
    public let columnRange: Range<Int>

    /// A view of `rows` × `columns` of `base`.
    public init(_ base: Matrix<Element>, rows: Range<Int>, columns: Range<Int>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= base.rows, "rows \(rows) outside 0..<\(base.rows)")
        precondition(
            columns.lowerBound >= 0 && columns.upperBound <= base.columns,
            "columns \(columns) outside 0..<\(base.columns)")
        self.base = base
        self.rowRange = rows
        self.columnRange = columns
    }

    /// Number of rows in the view.
    public var rows: Int { rowRange.count }
    /// Number of columns in the view.
    public var columns: Int { columnRange.count }
    /// Distance in elements between the starts of two consecutive rows (the leading dimension).
    public var rowStride: Int { base.columns }
    /// Offset in `base.elements` of the view's element `(0, 0)`.
    public var offset: Int { rowRange.lowerBound * base.columns + columnRange.lowerBound }

    /// The element at `(row, column)` of the view.
    @inlinable
    public subscript(row: Int, column: Int) -> Element {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index (\(row), \(column)) outside \(rows)×\(columns)")
        return base.storage[(rowRange.lowerBound + row) * base.columns + columnRange.lowerBound + column]
    }

    /// Calls `body` with a pointer to the view's element `(0, 0)` and the row stride.
    /// Empty views pass a pointer that must not be read.
    @inlinable
    public func withUnsafePointer<R>(_ body: (_ start: UnsafePointer<Element>, _ rowStride: Int) throws -> R) rethrows -> R {
        try base.withUnsafeBufferPointer { buffer in
            guard let start = buffer.baseAddress else {
                let placeholder = UnsafeMutablePointer<Element>.allocate(capacity: 1)
                defer { placeholder.deallocate() }
                return try body(UnsafePointer(placeholder), max(rowStride, 1))
            }
            return try body(start + offset, max(rowStride, 1))
        }
    }

    /// The viewed block as a new, compact matrix.
    public func copy() -> Matrix<Element> {
        if rowRange == 0..<base.rows && columnRange == 0..<base.columns { return base }
        var elements = [Element]()
        elements.reserveCapacity(rows * columns)
        for r in rowRange {
            elements.append(contentsOf: base.elements[(r * base.columns + columnRange.lowerBound)..<(r * base.columns + columnRange.upperBound)])
        }
        return Matrix(rows: rows, columns: columns, elements: elements)
    }
}
