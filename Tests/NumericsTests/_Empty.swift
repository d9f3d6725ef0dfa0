// Temporary
