import Foundation
import Numerics
import Testing

@testable import Network

@Suite("IDX files")
struct IDXFileTests {
    /// Header for `dimensions` of unsigned bytes.
    private func header(_ dimensions: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for d in dimensions { bytes += [UInt8(d >> 24), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF)] }
        return bytes
    }

    @Test("reads dimensions and bytes of a hand-written file")
    func readsHandWrittenFile() throws {
        let file = try IDXFile(encoded: header([2, 3]) + [1, 2, 3, 4, 5, 6], file: "x.idx")
        #expect(file.dimensions == [2, 3])
        #expect(file.bytes == [1, 2, 3, 4, 5, 6])
    }

    @Test("reads the gzip produced by the system gzip tool")
    func readsGzipFromTool() throws {
        // `printf '\x00\x00\x08\x01\x00\x00\x00\x03\x07\x08\x09' | gzip -9n | xxd -i`
        let gz: [UInt8] = [
            0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x63, 0x60, 0xe0, 0x60, 0x64, 0x60,
            0x60, 0x60, 0x66, 0xe7, 0xe0, 0x04, 0x00, 0xad, 0x98, 0x0a, 0xba, 0x0b, 0x00, 0x00, 0x00,
        ]
        let file = try IDXFile(encoded: gz, file: "x.gz")
        #expect(file.dimensions == [3])
        #expect(file.bytes == [7, 8, 9])
    }

    @Test("rejects a wrong magic number, naming the file")
    func rejectsWrongMagic() {
        let error = #expect(throws: DatasetError.self) { try IDXFile(encoded: [0, 1, 8, 1, 0, 0, 0, 1, 0], file: "bad.idx") }
        #expect(error?.description.contains("bad.idx") == true)
        #expect(error?.description.contains("magic") == true)
    }

    @Test("rejects an element type other than unsigned bytes")
    func rejectsFloatElements() {
        #expect(throws: DatasetError.unsupportedElementType(file: "f.idx", code: 0x0D)) {
            try IDXFile(encoded: [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], file: "f.idx")
        }
    }

    @Test("rejects an absurd image count (2^31) without allocating")
    func rejectsAbsurdDimension() {
        #expect(throws: DatasetError.badDimension(file: "big.idx", field: "dimension 0", value: 1 << 31, allowed: 1...(1 << 24))) {
            try IDXFile(encoded: self.header([1 << 31, 28, 28]), file: "big.idx")
        }
    }

    @Test("rejects data shorter than the header declares")
    func rejectsTruncatedData() {
        #expect(throws: DatasetError.truncated(file: "t.idx", expectedBytes: 12 + 6, actualBytes: 12 + 5)) {
            try IDXFile(encoded: self.header([2, 3]) + [1, 2, 3, 4, 5], file: "t.idx")
        }
        #expect(throws: DatasetError.truncated(file: "h.idx", expectedBytes: 12, actualBytes: 9)) {
            try IDXFile(encoded: [0, 0, 8, 2, 0, 0, 0, 2, 0], file: "h.idx")
        }
    }

    @Test("rejects bytes after the declared data")
    func rejectsTrailingBytes() {
        #expect(throws: DatasetError.trailingBytes(file: "t.idx", extra: 1)) {
            try IDXFile(encoded: self.header([2]) + [1, 2, 3], file: "t.idx")
        }
    }

    @Test("rejects a truncated gzip stream")
    func rejectsTruncatedGzip() {
        let gz: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x63, 0x60, 0xe0, 0x60, 0x04]
        let error = #expect(throws: DatasetError.self) { try IDXFile(encoded: gz, file: "cut.gz") }
        #expect(error?.description.contains("cut.gz") == true)
    }

    @Test("rejects corrupt gzip data")
    func rejectsCorruptGzip() {
        let gz: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        let error = #expect(throws: DatasetError.self) { try IDXFile(encoded: gz, file: "junk.gz") }
        #expect(error?.description.contains("corrupt gzip") == true)
    }

    @Test("encoding then decoding gives the same file")
    func encodingRoundTrips() throws {
        let original = IDXFile(dimensions: [2, 2, 2], bytes: [0, 1, 2, 3, 252, 253, 254, 255])
        #expect(try IDXFile(encoded: original.encoded, file: "r.idx") == original)
    }
}
