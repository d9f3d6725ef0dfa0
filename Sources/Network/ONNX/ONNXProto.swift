/// The subset of the ONNX protobuf schema (`onnx/onnx.proto`) Crossbar reads and writes, as
/// plain Swift values, with the field numbers of that schema.
///
/// Fields Crossbar does not use are skipped when decoding; unknown fields are skipped too, as
/// protobuf requires.
enum ONNXProto {
    /// `TensorProto.DataType` values Crossbar handles.
    enum DataType: Int {
        case float = 1, int32 = 6, int64 = 7, double = 11
    }

    /// `ModelProto`: ir_version 1, opset_import 8, producer_name 2, producer_version 3, graph 7,
    /// metadata_props 14 (`StringStringEntryProto`: key 1, value 2).
    struct Model {
        var irVersion = 0
        var opsets: [(domain: String, version: Int)] = []
        var producerName = ""
        var producerVersion = ""
        var graph = Graph()
        var metadata: [String: String] = [:]

        init() {}

        init(_ reader: ProtobufReader) throws {
            var reader = reader
            var sawGraph = false
            while let (number, wire) = try reader.nextField() {
                switch (number, wire) {
                case (1, .varint): irVersion = Int(try reader.int64(field: "ModelProto.ir_version"))
                case (2, .lengthDelimited): producerName = try reader.string(field: "ModelProto.producer_name")
                case (3, .lengthDelimited): producerVersion = try reader.string(field: "ModelProto.producer_version")
                case (7, .lengthDelimited):
                    graph = try Graph(reader.message(field: "ModelProto.graph"))
                    sawGraph = true
                case (8, .lengthDelimited):
                    var opset = try reader.message(field: "ModelProto.opset_import")
                    var domain = "", version = 0
                    while let (n, w) = try opset.nextField() {
                        switch (n, w) {
                        case (1, .lengthDelimited): domain = try opset.string(field: "OperatorSetIdProto.domain")
                        case (2, .varint): version = Int(try opset.int64(field: "OperatorSetIdProto.version"))
                        default: try opset.skip(w, field: "OperatorSetIdProto field \(n)")
                        }
                    }
                    opsets.append((domain, version))
                case (14, .lengthDelimited):
                    var entry = try reader.message(field: "ModelProto.metadata_props")
                    var key = "", value = ""
                    while let (n, w) = try entry.nextField() {
                        switch (n, w) {
                        case (1, .lengthDelimited): key = try entry.string(field: "StringStringEntryProto.key")
                        case (2, .lengthDelimited): value = try entry.string(field: "StringStringEntryProto.value")
                        default: try entry.skip(w, field: "StringStringEntryProto field \(n)")
                        }
                    }
                    metadata[key] = value
                default: try reader.skip(wire, field: "ModelProto field \(number)")
                }
            }
            guard sawGraph else { throw ONNXError.unsupportedGraph(file: reader.file, reason: "the model has no graph (not an ONNX model?)") }
        }

        func encode(into writer: inout ProtobufWriter) {
            writer.int(1, irVersion)
            writer.string(2, producerName)
            writer.string(3, producerVersion)
            writer.message(7) { graph.encode(into: &$0) }
            for opset in opsets {
                writer.message(8) {
                    $0.string(1, opset.domain)
                    $0.int(2, opset.version)
                }
            }
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                writer.message(14) {
                    $0.string(1, key)
                    $0.string(2, value)
                }
            }
        }
    }

    /// `GraphProto`: node 1, name 2, initializer 5, input 11, output 12.
    struct Graph {
        var nodes: [Node] = []
        var name = ""
        var initializers: [Tensor] = []
        var inputs: [ValueInfo] = []
        var outputs: [ValueInfo] = []

        init() {}

        init(_ reader: ProtobufReader) throws {
            var reader = reader
            while let (number, wire) = try reader.nextField() {
                switch (number, wire) {
                case (1, .lengthDelimited): nodes.append(try Node(reader.message(field: "GraphProto.node")))
                case (2, .lengthDelimited): name = try reader.string(field: "GraphProto.name")
                case (5, .lengthDelimited): initializers.append(try Tensor(reader.message(field: "GraphProto.initializer")))
                case (11, .lengthDelimited): inputs.append(try ValueInfo(reader.message(field: "GraphProto.input")))
                case (12, .lengthDelimited): outputs.append(try ValueInfo(reader.message(field: "GraphProto.output")))
                case (15, .lengthDelimited):
                    throw ONNXError.unsupportedGraph(file: reader.file, reason: "sparse initializers are not supported")
                default: try reader.skip(wire, field: "GraphProto field \(number)")
                }
            }
        }

        func encode(into writer: inout ProtobufWriter) {
            for node in nodes { writer.message(1) { node.encode(into: &$0) } }
            writer.string(2, name)
            for tensor in initializers { writer.message(5) { tensor.encode(into: &$0) } }
            for input in inputs { writer.message(11) { input.encode(into: &$0) } }
            for output in outputs { writer.message(12) { output.encode(into: &$0) } }
        }
    }

    /// `NodeProto`: input 1, output 2, name 3, op_type 4, attribute 5, domain 7.
    struct Node {
        var inputs: [String] = []
        var outputs: [String] = []
        var name = ""
        var opType = ""
        var domain = ""
        var attributes: [Attribute] = []

        init(name: String, opType: String, inputs: [String], outputs: [String], attributes: [Attribute] = []) {
            self.name = name
            self.opType = opType
            self.inputs = inputs
            self.outputs = outputs
            self.attributes = attributes
        }

        init(_ reader: ProtobufReader) throws {
            var reader = reader
            while let (number, wire) = try reader.nextField() {
                switch (number, wire) {
                case (1, .lengthDelimited): inputs.append(try reader.string(field: "NodeProto.input"))
                case (2, .lengthDelimited): outputs.append(try reader.string(field: "NodeProto.output"))
                case (3, .lengthDelimited): name = try reader.string(field: "NodeProto.name")
                case (4, .lengthDelimited): opType = try reader.string(field: "NodeProto.op_type")
                case (5, .lengthDelimited): attributes.append(try Attribute(reader.message(field: "NodeProto.attribute")))
                case (7, .lengthDelimited): domain = try reader.string(field: "NodeProto.domain")
                default: try reader.skip(wire, field: "NodeProto field \(number)")
                }
            }
        }

        func encode(into writer: inout ProtobufWriter) {
            for input in inputs { writer.string(1, input) }
            for output in outputs { writer.string(2, output) }
            writer.string(3, name)
            writer.string(4, opType)
            for attribute in attributes { writer.message(5) { attribute.encode(into: &$0) } }
            if !domain.isEmpty { writer.string(7, domain) }
        }

        /// The attribute called `name`, if present.
        func attribute(_ name: String) -> Attribute? { attributes.first { $0.name == name } }
    }

    /// `AttributeProto`: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20.
    struct Attribute {
        /// `AttributeProto.AttributeType` values Crossbar reads.
        enum Kind: Int {
            case undefined = 0, float = 1, int = 2, string = 3, tensor = 4, floats = 6, ints = 7
        }

        var name = ""
        var type = 0
        var float: Float = 0
        var int = 0
        var string = ""
        var tensor: Tensor?
        var floats: [Float] = []
        var ints: [Int] = []

        init(name: String, ints: [Int]) {
            self.name = name
            self.type = Kind.ints.rawValue
            self.ints = ints
        }

        init(name: String, int: Int) {
            self.name = name
            self.type = Kind.int.rawValue
            self.int = int
        }

        init(name: String, float: Float) {
            self.name = name
            self.type = Kind.float.rawValue
            self.float = float
        }

        init(_ reader: ProtobufReader) throws {
            var reader = reader
            var int64s = [Int64]()
            while let (number, wire) = try reader.nextField() {
                switch (number, wire) {
                case (1, .lengthDelimited): name = try reader.string(field: "AttributeProto.name")
                case (2, .fixed32): float = Float(bitPattern: try reader.fixed32(field: "AttributeProto.f"))
                case (3, .varint): int = Int(try reader.int64(field: "AttributeProto.i"))
                case (4, .lengthDelimited): string = try reader.string(field: "AttributeProto.s")
                case (5, .lengthDelimited): tensor = try Tensor(reader.message(field: "AttributeProto.t"))
                case (7, _): try reader.repeatedFloat(wire, field: "AttributeProto.floats", into: &floats)
                case (8, _): try reader.repeatedInt64(wire, field: "AttributeProto.ints", into: &int64s)
                case (20, .varint): type = Int(try reader.int64(field: "AttributeProto.type"))
                default: try reader.skip(wire, field: "AttributeProto field \(number)")
                }
            }
            ints = int64s.map { Int(clamping: $0) }
        }

        func encode(into writer: inout ProtobufWriter) {
            writer.string(1, name)
            writer.int(20, type)
            switch Kind(rawValue: type) {
            case .float: writer.float(2, float)
            case .int: writer.int(3, int)
            case .string: writer.string(4, string)
            case .tensor: if let tensor { writer.message(5) { tensor.encode(into: &$0) } }
            case .floats: for value in floats { writer.float(7, value) }
            case .ints: for value in ints { writer.int(8, value) }
            case .undefined, nil: break
            }
        }
    }

    /// `TensorProto`: dims 1, data_type 2, float_data 4, int32_data 5, int64_data 7, name 8,
    /// raw_data 9, double_data 10, data_location 14.
    struct Tensor {
        var name = ""
        var dims: [Int] = []
        var dataType = 0
        var floatData: [Float] = []
        var int64Data: [Int64] = []
        var doubleData: [Double] = []
        var int32Data: [Int64] = []
        var rawData: ArraySlice<UInt8> = []
        var isExternal = false

        init(name: String, dims: [Int], floats: [Float]) {
            self.name = name
            self.dims = dims
            self.dataType = DataType.float.rawValue
            var raw = [UInt8]()
            raw.reserveCapacity(floats.count * 4)
            for value in floats {
                let bits = value.bitPattern
                raw += [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
            }
            self.rawData = raw[...]
        }

        init(name: String, dims: [Int], int64s: [Int64]) {
            self.name = name
            self.dims = dims
            self.dataType = DataType.int64.rawValue
            self.int64Data = int64s
        }

        init(_ reader: ProtobufReader) throws {
            var reader = reader
            var dims64 = [Int64]()
            while let (number, wire) = try reader.nextField() {
                switch (number, wire) {
                case (1, _): try reader.repeatedInt64(wire, field: "TensorProto.dims", into: &dims64)
                case (2, .varint): dataType = Int(try reader.int64(field: "TensorProto.data_type"))
                case (4, _): try reader.repeatedFloat(wire, field: "TensorProto.float_data", into: &floatData)
                case (5, _): try reader.repeatedInt64(wire, field: "TensorProto.int32_data", into: &int32Data)
                case (7, _): try reader.repeatedInt64(wire, field: "TensorProto.int64_data", into: &int64Data)
                case (8, .lengthDelimited): name = try reader.string(field: "TensorProto.name")
                case (9, .lengthDelimited): rawData = try reader.lengthDelimited(field: "TensorProto.raw_data")
                case (10, _): try reader.repeatedDouble(wire, field: "TensorProto.double_data", into: &doubleData)
                case (14, .varint): isExternal = try reader.int64(field: "TensorProto.data_location") == 1
                default: try reader.skip(wire, field: "TensorProto field \(number)")
                }
            }
            guard dims64.allSatisfy({ (0...Int64(1 << 31)).contains($0) }) else {
                throw ONNXError.badTensor(file: reader.file, tensor: name, reason: "dimensions \(dims64) outside 0…2³¹")
            }
            dims = dims64.map { Int($0) }
        }

        func encode(into writer: inout ProtobufWriter) {
            for dim in dims { writer.int(1, dim) }
            writer.int(2, dataType)
            for value in floatData { writer.float(4, value) }
            for value in int32Data { writer.int(5, Int(value)) }
            for value in int64Data { writer.int(7, Int(value)) }
            writer.string(8, name)
            if !rawData.isEmpty { writer.data(9, Array(rawData)) }
        }

        /// Number of elements the dimensions declare, or `nil` if it exceeds 2³¹.
        var declaredCount: Int? {
            var count = 1
            for dim in dims {
                count *= dim
                if count > 1 << 31 { return nil }
            }
            return count
        }

        /// The values as `Float`, from float32, float64, int32 or int64 data; throws on a size
        /// that does not match the dimensions, on other types, and on NaN or infinity.
        func floats(file: String) throws -> [Float] {
            let values: [Float]
            switch DataType(rawValue: dataType) {
            case .float: values = rawData.isEmpty ? floatData : try raw(file: file, width: 4).map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) }
            case .double: values = (rawData.isEmpty ? doubleData : try raw(file: file, width: 8).map { Double(bitPattern: $0) }).map { Float($0) }
            case .int64, .int32: values = try integers(file: file).map { Float($0) }
            case nil: throw ONNXError.badTensor(file: file, tensor: name, reason: "data type \(dataType) is not supported (float32, float64, int32 or int64)")
            }
            try checkCount(values.count, file: file)
            guard values.allSatisfy(\.isFinite) else { throw ONNXError.badTensor(file: file, tensor: name, reason: "holds NaN or infinite values") }
            return values
        }

        /// The values as integers, from int64 or int32 data.
        func integers(file: String) throws -> [Int] {
            let values: [Int64]
            switch DataType(rawValue: dataType) {
            case .int64: values = rawData.isEmpty ? int64Data : try raw(file: file, width: 8).map { Int64(bitPattern: $0) }
            case .int32: values = rawData.isEmpty ? int32Data : try raw(file: file, width: 4).map { Int64(Int32(truncatingIfNeeded: $0)) }
            default: throw ONNXError.badTensor(file: file, tensor: name, reason: "data type \(dataType) is not an integer type (int32 or int64)")
            }
            try checkCount(values.count, file: file)
            return values.map { Int(clamping: $0) }
        }

        private func checkCount(_ count: Int, file: String) throws {
            guard !isExternal else { throw ONNXError.badTensor(file: file, tensor: name, reason: "external data are not supported") }
            guard let declared = declaredCount, declared == count else {
                throw ONNXError.badTensor(file: file, tensor: name, reason: "\(count) values for dimensions \(dims)")
            }
        }

        /// `raw_data` as little-endian words of `width` bytes.
        private func raw(file: String, width: Int) throws -> [UInt64] {
            guard rawData.count % width == 0 else {
                throw ONNXError.badTensor(file: file, tensor: name, reason: "raw_data of \(rawData.count) bytes is not a whole number of \(width)-byte values")
            }
            var words = [UInt64]()
            words.reserveCapacity(rawData.count / width)
            var index = rawData.startIndex
            while index < rawData.endIndex {
                var word: UInt64 = 0
                for k in 0..<width { word |= UInt64(rawData[index + k]) << UInt64(8 * k) }
                words.append(word)
                index += width
            }
            return words
        }
    }

    /// `ValueInfoProto` (name 1, type 2) with its `TypeProto.Tensor` (elem_type 1, shape 2) and
    /// `TensorShapeProto.Dimension` (dim_value 1, dim_param 2).
    struct ValueInfo {
        var name = ""
        var elementType = 0
        /// One entry per dimension: its value, or `nil` for a symbolic or unknown dimension.
        var dims: [Int?] = []
        /// Whether the type has a shape at all.
        var hasShape = false

        init(name: String, elementType: Int, dims: [Int?]) {
            self.name = name
            self.elementType = elementType
            self.dims = dims
            self.hasShape = true
        }

        init(_ reader: ProtobufReader) throws {
            var reader = reader
            while let (number, wire) = try reader.nextField() {
                switch (number, wire) {
                case (1, .lengthDelimited): name = try reader.string(field: "ValueInfoProto.name")
                case (2, .lengthDelimited):
                    var type = try reader.message(field: "ValueInfoProto.type")
                    while let (n, w) = try type.nextField() {
                        guard n == 1, w == .lengthDelimited else {
                            try type.skip(w, field: "TypeProto field \(n)")
                            continue
                        }
                        var tensor = try type.message(field: "TypeProto.tensor_type")
                        while let (tn, tw) = try tensor.nextField() {
                            switch (tn, tw) {
                            case (1, .varint): elementType = Int(try tensor.int64(field: "TypeProto.Tensor.elem_type"))
                            case (2, .lengthDelimited):
                                hasShape = true
                                var shape = try tensor.message(field: "TypeProto.Tensor.shape")
                                while let (sn, sw) = try shape.nextField() {
                                    guard sn == 1, sw == .lengthDelimited else {
                                        try shape.skip(sw, field: "TensorShapeProto field \(sn)")
                                        continue
                                    }
                                    var dimension = try shape.message(field: "TensorShapeProto.dim")
                                    var value: Int?
                                    while let (dn, dw) = try dimension.nextField() {
                                        if dn == 1, dw == .varint {
                                            value = Int(clamping: try dimension.int64(field: "Dimension.dim_value"))
                                        } else {
                                            try dimension.skip(dw, field: "Dimension field \(dn)")
                                        }
                                    }
                                    dims.append(value)
                                }
                            default: try tensor.skip(tw, field: "TypeProto.Tensor field \(tn)")
                            }
                        }
                    }
                default: try reader.skip(wire, field: "ValueInfoProto field \(number)")
                }
            }
        }

        func encode(into writer: inout ProtobufWriter) {
            writer.string(1, name)
            writer.message(2) { type in
                type.message(1) { tensor in
                    tensor.int(1, elementType)
                    tensor.message(2) { shape in
                        for dim in dims {
                            shape.message(1) { dimension in
                                if let dim { dimension.int(1, dim) } else { dimension.string(2, "N") }
                            }
                        }
                    }
                }
            }
        }
    }
}
