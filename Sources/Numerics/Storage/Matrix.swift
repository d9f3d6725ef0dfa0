/// A dense, row-major, contiguous matrix of `Float`, `Int32`, `Int16` or `Int8` values.
///
/// Element `(r, c)` lives at `elements[r * columns + c]`. `Matrix` is a value type with
/// copy-on-write storage: passing it around or taking a ``MatrixView`` of it does not copy.
public struct Matrix<Element: Numeric & Sendable>: Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in row-major order; `elements.count == rows * columns`.
    @inlinable public var elements: [Element] { storage }
    @usableFromInline var storage: [Element]

    /// A matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Element = .zero) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over the given row-major elements.
    @inlinable
    public init(rows: Int, columns: Int, elements: [Element]) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        precondition(elements.count == rows * columns, "\(elements.count) elements for a \(rows)×\(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.storage = elements
    }

    /// A matrix whose element `(r, c)` is `value(r, c)`.
    @inlinable
    public init(rows: Int, columns: Int, _ value: (_ row: Int, _ column: Int) throws -> Element) rethrows {
        var elements = [Element]()
        elements.reserveCapacity(rows * columns)
        for r in 0..<rows {
            for c in 0..<columns { elements.append(try value(r, c)) }
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    /// The element at `(row, column)`.
    @inlinable
    public subscript(row: Int, column: Int) -> Element {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index (\(row), \(column)) outside \(rows)×\(columns)")
            return storage[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index (\(row), \(column)) outside \(rows)×\(columns)")
            storage[row * columns + column] = newValue
        }
    }

    /// Row `row` as a contiguous slice of ``elements``.
    public func row(_ row: Int) -> ArraySlice<Element> {
        precondition(row >= 0 && row < rows, "row \(row) outside 0..<\(rows)")
        return elements[row * columns ..< (row + 1) * columns]
    }

    /// The transpose, as a new matrix.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        result.withUnsafeMutableBufferPointer { out in
            elements.withUnsafeBufferPointer { source in
                for r in 0..<rows {
                    for c in 0..<columns { out[c * rows + r] = source[r * columns + c] }
                }
            }
        }
        return result
    }

    /// A view of the whole matrix.
    public var view: MatrixView<Element> { MatrixView(self, rows: 0..<rows, columns: 0..<columns) }

    /// A view of a block of rows and columns, sharing this matrix's storage.
    public func view(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> MatrixView<Element> {
        MatrixView(self, rows: rowRange, columns: columnRange)
    }

    /// A view of a block of rows (all columns).
    public func view(rows rowRange: Range<Int>) -> MatrixView<Element> {
        MatrixView(self, rows: rowRange, columns: 0..<columns)
    }

    /// A view of a block of columns (all rows).
    public func view(columns columnRange: Range<Int>) -> MatrixView<Element> {
        MatrixView(self, rows: 0..<rows, columns: columnRange)
    }

    /// Calls `body` with the row-major elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the row-major elements, mutable.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }

    /// A matrix of the same shape with `transform` applied to every element.
    @inlinable
    public func map<T: Numeric & Sendable>(_ transform: (Element) throws -> T) rethrows -> Matrix<T> {
        Matrix<T>(rows: rows, columns: columns, elements: try elements.map(transform))
    }
}

extension Matrix: Equatable where Element: Equatable {}
