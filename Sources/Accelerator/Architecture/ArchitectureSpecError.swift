import DataFiles
import Numerics

/// Why an architecture spec could not be loaded, overridden or used: a ``PresetFileError``
/// (kind `architecture`) naming the file, the field (`parameters.adcBits`) and what is allowed.
public typealias ArchitectureSpecError = PresetFileError
