import Circuit
import Device
import Network
import Numerics
import Testing

@testable import Accelerator

/// Ideal devices, an ADC wide enough and ideal wires make bit-sliced analog inference equal the
/// integer baseline bit for bit, layer by layer.
@Suite("Exactness of ideal analog inference")
struct ExactnessTests {
    /// Runs `quantized` on `images` digitally and on `readout`, and checks every integer value
    /// of the pass and the outputs are identical.
    private func expectIdentical(_ quantized: QuantizedNetwork, images: Tensor<Float>, readout: ChipReadout) throws {
        for layer in readout.layers {
            for core in layer.cores {
                try #require(core.losslessADCBits <= readout.settings.adc.resolutionBits, "the ADC must be wide enough for exactness")
            }
        }
        let digital = try quantized.forward(images, multiplier: DigitalMatrixMultiplier(), recording: true)
        let analog = try quantized.forward(images, multiplier: AnalogMatrixMultiplier(readout: readout), recording: true)
        #expect(digital.activations.keys.sorted() == analog.activations.keys.sorted())
        for (name, values) in digital.activations {
            #expect(analog.activations[name]?.elements == values.elements, "value \(name) differs")
        }
        #expect(analog.outputs.elements == digital.outputs.elements)
        #expect(Classification.predictions(analog.outputs) == Classification.predictions(digital.outputs))
    }

    @Test("the MLP fixture, LeNet-5 and the residual CNN on ISAAC's organisation", arguments: ["mlp", "lenet5", "residual_cnn"])
    func isaac(_ name: String) throws {
        let (network, images) = try AcceleratorTestSupport.network(name, lenetImages: 3)
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        // 8-bit weights in 2-bit cells, offset encoding with column flip, 1-bit DAC: 8 ADC bits are lossless.
        let spec = try AcceleratorTestSupport.architecture("isaac")
        let readout = try AcceleratorTestSupport.readout(quantized, on: spec, device: AcceleratorTestSupport.idealDevice())
        try expectIdentical(quantized, images: images, readout: readout)
    }

    @Test("the MLP fixture and LeNet-5 on ISAAC's organisation with SRAM cells read as bitline discharge", arguments: ["mlp", "lenet5"])
    func sram(_ name: String) throws {
        let (network, images) = try AcceleratorTestSupport.network(name, lenetImages: 2)
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        // 1-bit cells without mismatch: the preset's 80 ps pulse keeps a full 128-row column linear.
        let spec = try AcceleratorTestSupport.architecture("isaac", ["bitsPerCell": 1])
        let device = try DevicePreset.device("sram", overriding: ["thresholdMismatchCoefficientVoltMeters": 0, "d2dSigmaRelative": 0])
        let readout = try AcceleratorTestSupport.readout(quantized, on: spec, device: device)
        #expect(readout.layers.allSatisfy { $0.cores.allSatisfy { $0.bitlineReadout != nil } })
        try expectIdentical(quantized, images: images, readout: readout)
    }

    @Test("the MLP fixture, LeNet-5 and the residual CNN on PRIME's organisation with a wide ADC", arguments: ["mlp", "lenet5", "residual_cnn"])
    func prime(_ name: String) throws {
        let (network, images) = try AcceleratorTestSupport.network(name, lenetImages: 2)
        let quantized = try AcceleratorTestSupport.quantized(network, images: images)
        // 256 rows × 15 levels × 7 DAC codes = 26,880 needs 15 bits and a sign bit.
        let spec = try AcceleratorTestSupport.architecture("prime")
        let readout = try AcceleratorTestSupport.readout(quantized, on: spec, device: AcceleratorTestSupport.idealDevice(), adcBits: 16)
        try expectIdentical(quantized, images: images, readout: readout)
    }
}

