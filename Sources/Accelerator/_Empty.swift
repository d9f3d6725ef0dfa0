// Temporary: removed when this module gets its first file.
