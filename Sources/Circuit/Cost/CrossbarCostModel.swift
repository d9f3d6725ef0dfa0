/// The cost of one array with its periphery: a DAC per driven row, a sample-and-hold per sensed
/// column, ADCs shared by `columnsPerADC` columns each (ISAAC: one 1.28 GS/s ADC serves 128
/// columns, so one slice takes 128/1.28 GHz = 100 ns), and shift-and-add units.
public struct CrossbarCostModel: Sendable {
    /// The cell array.
    public var array: CrossbarArrayModel
    /// One row DAC.
    public var dac: DACModel
    /// One column sample-and-hold.
    public var sampleAndHold: SampleAndHoldModel
    /// One ADC.
    public var adc: ADCModel
    /// One shift-and-add unit.
    public var shiftAdd: ShiftAddModel
    /// Sensed columns served by one ADC (time-multiplexed through the sample-and-holds).
    public let columnsPerADC: Int
    /// Shift-and-add units attributed to this array (ISAAC: 4 per 8 arrays, i.e. 0.5).
    public let shiftAddUnits: Double

    /// A cost model; throws for columnsPerADC < 1 or a negative unit count.
    public init(
        array: CrossbarArrayModel, dac: DACModel, sampleAndHold: SampleAndHoldModel, adc: ADCModel, shiftAdd: ShiftAddModel,
        columnsPerADC: Int, shiftAddUnits: Double
    ) throws {
        try CircuitError.require(columnsPerADC, in: 1...65536, owner: "CrossbarCostModel", field: "columnsPerADC")
        try CircuitError.requireFinite(shiftAddUnits, atLeast: 0, owner: "CrossbarCostModel", field: "shiftAddUnits")
        self.array = array
        self.dac = dac
        self.sampleAndHold = sampleAndHold
        self.adc = adc
        self.shiftAdd = shiftAdd
        self.columnsPerADC = columnsPerADC
        self.shiftAddUnits = shiftAddUnits
    }

    /// The component models, in breakdown order.
    public var components: [any ComponentModel] { [array, dac, sampleAndHold, adc, shiftAdd] }

    /// ADCs needed to serve `sensedColumns`.
    public func adcCount(sensedColumns: Int) -> Int { (sensedColumns + columnsPerADC - 1) / columnsPerADC }

    /// Area of the array and its periphery, m²: array + DAC per row + S&H per sensed column +
    /// ADCs + shift-and-add units.
    public func areaSquareMetres(sensedColumns: Int) -> Double {
        array.areaSquareMetres + Double(array.rows) * dac.areaSquareMetres
            + Double(sensedColumns) * sampleAndHold.areaSquareMetres
            + Double(adcCount(sensedColumns: sensedColumns)) * adc.areaSquareMetres + shiftAddUnits * shiftAdd.areaSquareMetres
    }

    /// Area by component name, m².
    public func areaByComponentSquareMetres(sensedColumns: Int) -> [String: Double] {
        [
            array.name: array.areaSquareMetres, dac.name: Double(array.rows) * dac.areaSquareMetres,
            sampleAndHold.name: Double(sensedColumns) * sampleAndHold.areaSquareMetres,
            adc.name: Double(adcCount(sensedColumns: sensedColumns)) * adc.areaSquareMetres,
            shiftAdd.name: shiftAddUnits * shiftAdd.areaSquareMetres,
        ]
    }

    /// Time to process one input slice, seconds: the longer of the read pulse and the time each
    /// shared ADC needs for its columns, ⌈sensed/ADCs⌉/f_s.
    public func sliceLatencySeconds(sensedColumns: Int) -> Double {
        let adcs = adcCount(sensedColumns: sensedColumns)
        let conversionsPerADC = (sensedColumns + adcs - 1) / adcs
        return max(array.latencySeconds, Double(conversionsPerADC) * adc.latencySeconds)
    }

    /// Energy by component name, joules: each component's actions priced by its model, except
    /// the array, which uses the physical read energy of the MVM's data.
    public func energyByComponentJoules(actions: ActionCounts, arrayReadEnergyJoules: Double) -> [String: Double] {
        [
            array.name: arrayReadEnergyJoules, dac.name: dac.dynamicEnergyJoules(actions),
            sampleAndHold.name: sampleAndHold.dynamicEnergyJoules(actions), adc.name: adc.dynamicEnergyJoules(actions),
            shiftAdd.name: shiftAdd.dynamicEnergyJoules(actions),
        ]
    }
}
