/// A dense, contiguous, row-major tensor of any rank; networks use it for NCHW activations
/// (batch, channels, height, width) and (batch, features) vectors.
///
/// The element at index `(i₀, i₁, …)` lives at `Σ iₖ·strideₖ` with the last index fastest.
/// Like ``Matrix``, it is a copy-on-write value type.
public struct Tensor<Element: Numeric & Sendable>: Sendable {
    /// The extent of every dimension, outermost first.
    public let shape: [Int]
    /// The elements in row-major order; `elements.count == shape.reduce(1, *)`.
    public var elements: [Element]

    /// A tensor with every element equal to `value`.
    public init(shape: [Int], repeating value: Element = .zero) {
        precondition(shape.allSatisfy { $0 >= 0 }, "tensor dimensions must be non-negative: \(shape)")
        self.shape = shape
        self.elements = Array(repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor over the given row-major elements.
    @inlinable
    public init(shape: [Int], elements: [Element]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "tensor dimensions must be non-negative: \(shape)")
        precondition(elements.count == shape.reduce(1, *), "\(elements.count) elements for a tensor of shape \(shape)")
        self.shape = shape
        self.elements = elements
    }

    /// A tensor over a matrix's elements, shaped `[rows, columns]`.
    public init(_ matrix: Matrix<Element>) {
        self.init(shape: [matrix.rows, matrix.columns], elements: matrix.elements)
    }

    /// Number of elements.
    public var count: Int { elements.count }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// The size of the first dimension (the batch, for activations); 0 for a scalar.
    public var batchSize: Int { shape.first ?? 0 }

    /// The same elements under another shape with the same element count.
    @inlinable
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, elements: elements)
    }

    /// The tensor as a matrix of `shape[0]` rows and the product of the other dimensions as
    /// columns, sharing the storage.
    public var matrix: Matrix<Element> {
        precondition(rank >= 1, "a scalar has no matrix form")
        return Matrix(rows: shape[0], columns: shape.dropFirst().reduce(1, *), elements: elements)
    }

    /// Items `range` of the first dimension as a new tensor.
    public func slice(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0], "slice \(range) outside 0..<\(shape.first ?? 0)")
        let itemCount = shape.dropFirst().reduce(1, *)
        var newShape = shape
        newShape[0] = range.count
        return Tensor(shape: newShape, elements: Array(elements[range.lowerBound * itemCount ..< range.upperBound * itemCount]))
    }

    /// Calls `body` with the row-major elements.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try elements.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the row-major elements, mutable.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        try elements.withUnsafeMutableBufferPointer(body)
    }

    /// A tensor of the same shape with `transform` applied to every element.
    @inlinable
    public func map<T: Numeric & Sendable>(_ transform: (Element) throws -> T) rethrows -> Tensor<T> {
        Tensor<T>(shape: shape, elements: try elements.map(transform))
    }
}

extension Tensor: Equatable where Element: Equatable {}
