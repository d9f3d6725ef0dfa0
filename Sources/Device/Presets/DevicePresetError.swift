import DataFiles
import Numerics

/// Why a device preset could not be loaded or turned into a device: a ``PresetFileError``
/// (kind `device preset`) naming the file, the field (`parameters.onOffRatio`) and what is
/// allowed. An unknown `technology` is out of range of the technologies.
public typealias DevicePresetError = PresetFileError
