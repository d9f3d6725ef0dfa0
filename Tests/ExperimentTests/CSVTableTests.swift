import Experiment
import Numerics
import Testing

@Suite("CSV tables")
struct CSVTableTests {
    @Test("cells with commas, quotes, line breaks and edge spaces are quoted and read back")
    func roundTrip() throws {
        let table = CSVTable(
            columns: ["name", "value"],
            rows: [["a,b", "say \"hi\""], ["two\nlines", " padded "], ["plain", ""], ["é→", "1e-06"]])
        #expect(table.text == "name,value\n\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",\" padded \"\nplain,\né→,1e-06\n")
        #expect(try CSVTable.parse(table.text, file: "t.csv") == table)
    }

    @Test("JSON values become pandas-ready cells")
    func cells() {
        #expect(CSVTable.cell(8) == "8")
        #expect(CSVTable.cell(0.05) == "0.05")
        #expect(CSVTable.cell(.number(.nan)) == "")
        #expect(CSVTable.cell(nil) == "")
        #expect(CSVTable.cell(true) == "true")
        #expect(CSVTable.cell("pcm") == "pcm")
        #expect(CSVTable.cell([1, 2]) == "[1,2]")
    }

    @Test("CRLF line ends and a missing final newline are accepted")
    func lineEnds() throws {
        let table = try CSVTable.parse("a,b\r\n1,2\r\n3,4", file: "t.csv")
        #expect(table == CSVTable(columns: ["a", "b"], rows: [["1", "2"], ["3", "4"]]))
        #expect(table.column("b") == ["2", "4"])
        #expect(table.column("c") == nil)
    }

    @Test("malformed CSV gives errors with the line number")
    func malformed() {
        #expect(throws: CSVTableError.empty(file: "t.csv")) { try CSVTable.parse("", file: "t.csv") }
        #expect(throws: CSVTableError.unterminatedQuote(file: "t.csv", line: 2)) {
            try CSVTable.parse("a,b\n\"1,2\n", file: "t.csv")
        }
        #expect(throws: CSVTableError.strayQuote(file: "t.csv", line: 3)) {
            try CSVTable.parse("a,b\n1,2\n3,4\"\n", file: "t.csv")
        }
        #expect(throws: CSVTableError.wrongCellCount(file: "t.csv", line: 3, expected: 2, found: 3)) {
            try CSVTable.parse("a,b\n1,2\n3,4,5\n", file: "t.csv")
        }
        #expect(throws: CSVTableError.repeatedColumn(file: "t.csv", column: "a")) {
            try CSVTable.parse("a,b,a\n", file: "t.csv")
        }
    }
}
